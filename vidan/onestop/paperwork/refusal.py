"""Form 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ (TT 01/2018/TT-VPCP, Mẫu số 03), A5."""

from __future__ import annotations

from .content import Refusal
from .form_set import FORM_SET
from .formatting import place_and_date
from .layout import FormPdf, SignatureBlock

TITLE = FORM_SET["refusal"].title


def render_refusal(refusal: Refusal) -> bytes:
    if not refusal.reasons:
        raise ValueError("a refusal states at least one reason")
    head = refusal.letterhead
    pdf = FormPdf(title=TITLE)
    pdf.letterhead(head, number=refusal.number, place_date=place_and_date(head.commune_name, refusal.issued_at))
    pdf.heading(TITLE)
    pdf.field((f"{head.desk_name}:", head.committee))
    pdf.field(("Mã hồ sơ:", refusal.dossier_code))
    pdf.applicant(refusal.applicant)
    pdf.field(("Nội dung yêu cầu giải quyết:", refusal.procedure_name))

    pdf.paragraph(
        f"Qua xem xét, {head.desk_name} {head.committee} thông báo không tiếp nhận, "
        "giải quyết hồ sơ này với lý do cụ thể như sau:"
    )
    for number, reason in enumerate(refusal.reasons, start=1):
        pdf.numbered(f"{number}.", reason, indent=6)
    pdf.field(("Căn cứ pháp lý:", refusal.legal_basis))
    pdf.paragraph("Xin thông báo cho Ông/Bà được biết và thực hiện./.")
    pdf.signatures(SignatureBlock("NGƯỜI TIẾP NHẬN HỒ SƠ", name=refusal.officer_name))
    return pdf.to_bytes()
