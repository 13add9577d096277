"""The notice of a dossier returned during processing to be completed (NĐ 61/2018 Art. 19(4)), A5.

Issued by the committee that processes the dossier (not the desk's intake notice, form 02) and handed to the
citizen through the desk: every item to add or correct with its reason, in one notice, and the working time
already spent on the dossier, which counts toward its time limit or not as the rule in force says.
"""

from __future__ import annotations

from .content import ReturnNotice
from .form_set import FORM_SET
from .formatting import count, date_in_words, place_and_date, working_time
from .layout import Column, FormPdf, Grid, SignatureBlock

TITLE = FORM_SET["return_notice"].title


def render_return_notice(notice: ReturnNotice) -> bytes:
    if not notice.items:
        raise ValueError("a return notice lists at least one item to complete")
    if any(not item.reason.strip() for item in notice.items):
        raise ValueError("each item asked for states its reason")
    head = notice.letterhead
    pdf = FormPdf(title=f"{TITLE} — {notice.dossier_code}")
    pdf.letterhead(
        head, desk=False, number=notice.number, place_date=place_and_date(head.commune_name, notice.issued_at)
    )
    pdf.heading(TITLE)
    pdf.paragraph(f"Kính gửi: {notice.applicant.name}", style="B", align="C")
    pdf.ln(1)
    received = date_in_words(notice.received_at)
    pdf.runs(
        (f"{received[0].upper()}{received[1:]}, {head.committee} tiếp nhận hồ sơ đề nghị ", ""),
        (notice.procedure_name, "B"),
        (" của Ông/Bà. Mã hồ sơ: ", ""),
        (notice.dossier_code, "B"),
        (".", ""),
    )
    limit = "trong ngày" if notice.time_limit_workdays == 0 else f"{count(notice.time_limit_workdays)} ngày làm việc"
    pdf.runs(
        ("Thời gian đã giải quyết hồ sơ đến khi trả lại: ", ""),
        (working_time(notice.time_spent) + " làm việc", "B"),
        (f" (thời hạn giải quyết theo quy định: {limit}).", ""),
    )
    pdf.paragraph(
        "Qua thẩm định, hồ sơ chưa đủ điều kiện để giải quyết. Đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ "
        "gồm những nội dung sau:"
    )
    items = Grid(
        pdf,
        [
            Column("STT", 9, align="C"),
            Column("Nội dung cần bổ sung, hoàn thiện", (pdf.epw - 9) * 0.5),
            Column("Lý do", (pdf.epw - 9) * 0.5),
        ],
        size=pdf.body_size - 0.5,
    )
    for number, item in enumerate(notice.items, start=1):
        items.row([str(number), item.name, item.reason])
    pdf.ln(1.5)
    pdf.field(("Căn cứ pháp lý:", notice.legal_basis))
    pdf.paragraph(
        f"Ông/Bà nộp hồ sơ đã bổ sung, hoàn thiện tại {head.desk_name} của "
        f"{head.committee} để được tiếp tục giải quyết./."
    )
    pdf.signatures(SignatureBlock("CÔNG CHỨC THẨM ĐỊNH HỒ SƠ", name=notice.officer_name))
    return pdf.to_bytes()
