"""The committee's refusal to grant what was asked, after processing, A5.

Signed by the head of the committee — the Chairman, or a Vice-Chairman "KT. CHỦ TỊCH" (Luật Hộ tịch Art. 5(2):
for civil status the head of the registering agency refuses in writing, with the reasons) — and not the desk's
refusal to receive a dossier (form 03), which the desk officer signs.
"""

from __future__ import annotations

from .content import DecisionRefusal
from .form_set import FORM_SET
from .formatting import date_in_words, place_and_date
from .layout import FormPdf, SignatureBlock

TITLE = FORM_SET["decision_refusal"].title


def render_decision_refusal(refusal: DecisionRefusal) -> bytes:
    if not refusal.reasons:
        raise ValueError("a refusal states at least one reason")
    head = refusal.letterhead
    pdf = FormPdf(title=f"{TITLE} — {refusal.dossier_code}")
    pdf.letterhead(
        head, desk=False, number=refusal.number, place_date=place_and_date(head.commune_name, refusal.issued_at)
    )
    pdf.heading(TITLE)
    pdf.paragraph(f"Kính gửi: {refusal.applicant.name}", style="B", align="C")
    pdf.ln(1)
    received = date_in_words(refusal.received_at)
    pdf.runs(
        (f"{received[0].upper()}{received[1:]}, {head.committee} tiếp nhận hồ sơ đề nghị ", ""),
        (refusal.procedure_name, "B"),
        (" của Ông/Bà. Mã hồ sơ: ", ""),
        (refusal.dossier_code, "B"),
        (".", ""),
    )
    pdf.paragraph(f"Sau khi xem xét, {head.committee} từ chối giải quyết yêu cầu của Ông/Bà với lý do cụ thể như sau:")
    for number, reason in enumerate(refusal.reasons, start=1):
        pdf.numbered(f"{number}.", reason, indent=6)
    pdf.field(("Căn cứ pháp lý:", refusal.legal_basis))
    pdf.paragraph("Nếu không đồng ý, Ông/Bà có quyền khiếu nại hoặc khởi kiện theo quy định của pháp luật./.")
    signatory = refusal.signatory
    pdf.signatures(
        SignatureBlock(
            signatory.position, name=signatory.name, above=signatory.on_behalf, hint="(Ký, ghi rõ họ tên và đóng dấu)"
        )
    )
    return pdf.to_bytes()
