"""Form 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (TT 01/2018/TT-VPCP, Mẫu số 02), A5.

Every missing or incorrect item goes into this one notice, each with its reason, so the citizen comes back once.
"""

from __future__ import annotations

from .content import SupplementRequest
from .form_set import FORM_SET
from .formatting import moment_in_words, place_and_date
from .layout import Column, FormPdf, Grid, SignatureBlock

TITLE = FORM_SET["supplement"].title


def render_supplement_request(request: SupplementRequest) -> bytes:
    if not request.items:
        raise ValueError("a supplement request lists at least one missing item")
    if any(not item.reason.strip() for item in request.items):
        raise ValueError("each item asked for states its reason")
    head = request.letterhead
    pdf = FormPdf(title=TITLE)
    pdf.letterhead(head, number=request.number, place_date=place_and_date(head.commune_name, request.issued_at))
    pdf.heading(TITLE)
    pdf.field(("Mã hồ sơ:", request.dossier_code))
    pdf.applicant(request.applicant, label="Hồ sơ của:")
    pdf.field(("Nội dung yêu cầu giải quyết:", request.procedure_name))
    if request.submitted_at:
        pdf.field(("Thời gian nộp hồ sơ:", moment_in_words(request.submitted_at)))

    pdf.paragraph("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:")
    items = Grid(
        pdf,
        [
            Column("STT", 9, align="C"),
            Column("Nội dung cần bổ sung, hoàn thiện", (pdf.epw - 9) * 0.5),
            Column("Lý do", (pdf.epw - 9) * 0.5),
        ],
        size=pdf.body_size - 0.5,
    )
    for number, item in enumerate(request.items, start=1):
        items.row([str(number), item.name, item.reason])
    pdf.ln(1.5)

    pdf.field(("Căn cứ pháp lý:", request.legal_basis))
    phone = request.officer_phone or head.phone
    contact = f"{request.officer_name}, số điện thoại {phone}" if phone else request.officer_name
    pdf.paragraph(f"Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với {contact} để được hướng dẫn.")
    pdf.signatures(SignatureBlock("NGƯỜI HƯỚNG DẪN", name=request.officer_name))
    return pdf.to_bytes()
