"""Form 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả (TT 01/2018/TT-VPCP, Mẫu số 04), A5.

Issued by the committee itself (not the desk) at the latest one working day before the due date (NĐ 61/2018
Art. 19(9)); the appointment can be moved only once, which the caller enforces.
"""

from __future__ import annotations

from .content import Apology
from .form_set import FORM_SET
from .formatting import date_in_words, moment_in_words, place_and_date
from .layout import FormPdf, SignatureBlock

TITLE = FORM_SET["apology"].title


def render_apology(apology: Apology) -> bytes:
    head = apology.letterhead
    committee = head.committee
    pdf = FormPdf(title=f"{TITLE} — {apology.dossier_code}")
    pdf.letterhead(
        head, desk=False, number=apology.number, place_date=place_and_date(head.commune_name, apology.issued_at)
    )
    pdf.heading(TITLE)
    pdf.paragraph(f"Kính gửi: {apology.applicant.name}", style="B", align="C")
    pdf.ln(1)
    received = date_in_words(apology.received_at)
    pdf.runs(
        (f"{received[0].upper()}{received[1:]}, {committee} tiếp nhận giải quyết hồ sơ đề nghị ", ""),
        (apology.procedure_name, "B"),
        (" của Ông/Bà. Mã hồ sơ: ", ""),
        (apology.dossier_code, "B"),
        (".", ""),
    )
    pdf.runs(("Thời gian hẹn trả kết quả giải quyết hồ sơ: ", ""), (moment_in_words(apology.old_due), "B"), (".", ""))
    pdf.runs(
        (
            f"Tuy nhiên đến nay, {committee} chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng hẹn ghi trong "
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả, lý do: ",
            "",
        ),
        (apology.reason.strip().rstrip("."), "I"),
        (".", ""),
    )
    pdf.runs(
        (
            f"Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {committee} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết "
            "hồ sơ cho Ông/Bà vào ",
            "",
        ),
        (moment_in_words(apology.new_due), "B"),
        (".", ""),
    )
    pdf.paragraph("Mong nhận được sự thông cảm của Ông/Bà./.")
    signatory = apology.signatory
    pdf.signatures(
        SignatureBlock(
            signatory.position, name=signatory.name, above=signatory.on_behalf, hint="(Ký, ghi rõ họ tên và đóng dấu)"
        )
    )
    return pdf.to_bytes()
