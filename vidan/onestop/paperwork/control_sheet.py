"""Form 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ (TT 01/2018/TT-VPCP, Mẫu số 05), A5.

It travels with the dossier: one row per hand-over, signed by the one who hands over and the one who receives.
"""

from __future__ import annotations

from .content import ControlSheet, ControlStep
from .form_set import FORM_SET
from .formatting import clock, moment_in_words, short_date, working_time
from .layout import Column, FormPdf, Grid

TITLE = FORM_SET["control_sheet"].title
SIGNING_ROOM = 15  # mm of row height left for the two signatures


def render_control_sheet(sheet: ControlSheet) -> bytes:
    pdf = FormPdf(title=f"{TITLE} — {sheet.dossier_code}")
    pdf.letterhead(sheet.letterhead)
    pdf.heading(TITLE, subtitle="(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)")
    pdf.field(("Mã hồ sơ:", sheet.dossier_code))
    pdf.field(("Người nộp hồ sơ:", sheet.applicant_name))
    pdf.field(("Nội dung yêu cầu giải quyết:", sheet.procedure_name))
    pdf.field(("Thời gian nhận hồ sơ:", moment_in_words(sheet.received_at)))
    pdf.field(("Thời gian hẹn trả kết quả:", moment_in_words(sheet.due_at)))
    pdf.field(("Cơ quan (bộ phận) giải quyết hồ sơ:", sheet.lead_agency))
    pdf.field(("Cơ quan phối hợp giải quyết hồ sơ:", sheet.partner_agencies))
    pdf.ln(1.5)

    steps = Grid(
        pdf,
        [
            Column("STT", 8, align="C"),
            Column("Bên giao, bên nhận hồ sơ", pdf.epw - 8 - 17 - 20 - 2 * 20),
            Column("Thời gian giao, nhận", 17, align="C"),
            Column("Kết quả (trước hạn / đúng hạn / quá hạn)", 20, align="C"),
            Column("Người giao (ký, ghi rõ họ tên)", 20, align="C", valign="B"),
            Column("Người nhận (ký, ghi rõ họ tên)", 20, align="C", valign="B"),
        ],
        size=pdf.body_size - 1.5,
    )
    steps.header()
    for number, step in enumerate(sheet.steps, start=1):
        steps.row(_cells(number, step), min_height=SIGNING_ROOM)
    if not sheet.steps:
        pdf.ln(1)
        pdf.paragraph("Hồ sơ chưa được giao, nhận giữa các bộ phận.", style="I", align="C")
    return pdf.to_bytes()


def _cells(number: int, step: ControlStep) -> list[str]:
    parties = f"Giao: {step.from_party}\nNhận: {step.to_party}"
    if step.allowed is not None:
        parties += f"\nThời gian của bước: {working_time(step.allowed)}"
        if step.used is not None:
            parties += f"; đã dùng: {working_time(step.used)}"
    if step.note:
        parties += f"\nGhi chú: {step.note}"
    handed = f"{clock(step.handed_at)}\n{short_date(step.handed_at)}"
    return [str(number), parties, handed, step.outcome or "", step.from_person, step.to_person]
