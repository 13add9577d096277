"""The set of papers the desk prints: for each kind, its number in the set, its title and its legal basis.

One table, so that when the form set changes (TT 01/2018/TT-VPCP is reported replaced by TT 03/2025/TT-VPCP,
docs/legal.md) a dated version of it can take this one's place without touching the renderers, which read
their titles from here.
"""

from __future__ import annotations

from dataclasses import dataclass

TT01 = "Thông tư 01/2018/TT-VPCP"


@dataclass(frozen=True)
class FormSpec:
    number: str  # "01" … "06"; "" for a written notice the form set does not number
    title: str
    basis: str
    slug: str  # the end of the file's name: "mau-01", "tra-lai"

    @property
    def label(self) -> str:
        """'Mẫu số 02', or the basis of a notice that has no number."""
        return f"Mẫu số {self.number}" if self.number else self.basis


FORM_SET: dict[str, FormSpec] = {
    "receipt": FormSpec("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", f"{TT01}, Mẫu số 01", "mau-01"),
    "supplement": FormSpec("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", f"{TT01}, Mẫu số 02", "mau-02"),
    "refusal": FormSpec("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", f"{TT01}, Mẫu số 03", "mau-03"),
    "apology": FormSpec("04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", f"{TT01}, Mẫu số 04", "mau-04"),
    "control_sheet": FormSpec("05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", f"{TT01}, Mẫu số 05", "mau-05"),
    "tracking_book": FormSpec("06", "SỔ THEO DÕI HỒ SƠ", f"{TT01}, Mẫu số 06", "mau-06"),
    # Found incomplete on appraisal: returned in writing with every reason (NĐ 61/2018 Art. 19(4)).
    "return_notice": FormSpec(
        "", "THÔNG BÁO TRẢ LẠI HỒ SƠ ĐỂ BỔ SUNG, HOÀN THIỆN", "Nghị định 61/2018/NĐ-CP, Điều 19 khoản 4", "tra-lai"
    ),
    # Not granted after processing: the head of the committee refuses in writing, with the reasons (Luật Hộ tịch
    # Art. 5(2) for civil status; NĐ 61/2018 Art. 19(8)).
    "decision_refusal": FormSpec(
        "",
        "THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ",
        "Luật Hộ tịch 2014, Điều 5 khoản 2; Nghị định 61/2018/NĐ-CP, Điều 19 khoản 8",
        "tu-choi-giai-quyet",
    ),
}
