"""The rollout as a report to download: an A4 landscape PDF and an XLSX workbook with the page's figures — the
communes in launch order with their state, total, criteria, rank and why they fall behind; the trend of each one's
total over the last periods. Pure: a `Rollout` in, bytes out. Issued in Vietnamese, like the official forms."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from vidan.core.pdf import A4, Column, DocumentPdf, Grid
from vidan.core.spreadsheets import row_cells
from vidan.model.periods import period_label
from vidan.model.rollout import Rollout, Row

TITLE = "TÌNH HÌNH TRIỂN KHAI MÔ HÌNH “CHÍNH QUYỀN THÂN THIỆN, VÌ NHÂN DÂN PHỤC VỤ”"
CRITERIA_SHORT = ("TC1", "TC2", "TC3", "TC4", "TC5")
CRITERIA_NOTE = (
    "TC1: Tuyên truyền, dân vận; TC2: Cải cách hành chính; TC3: Dân chủ ở cơ sở; "
    "TC4: Khiếu nại, tố cáo, tiếp công dân; TC5: Văn hóa công sở."
)
STATES = {
    "approved": "Đã phê duyệt",
    "submitted": "Chờ duyệt",
    "provisional": "Tạm tính",
    "not_launched": "Chưa ra mắt",
}


def _number(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}".replace(".", ",")
    return text.removesuffix(",0")


def _scope(rollout: Rollout) -> str:
    unit = rollout.unit
    return (
        f"{unit.kind.capitalize()} {unit.name} — {rollout.label} — "
        f"các xã đang có trên địa bàn ngày {rollout.day:%d/%m/%Y}"
    )


def _note(row: Row) -> str:
    parts = list(row.reasons) if row.behind else []
    drag = row.scores.drag
    if drag is not None and row.behind:
        unit = "%" if drag.unit == "percent" else ""
        parts.append(
            f"Kéo điểm nhiều nhất: {drag.label} ({_number(drag.value)}{unit}, mục tiêu {_number(drag.target)}{unit})"
        )
    return " ".join(parts)


def _launched(row: Row) -> str:
    return f"{row.launched_on:%d/%m/%Y}" if row.launched_on else "—"


def render_rollout_pdf(rollout: Rollout) -> bytes:
    pdf = DocumentPdf(title=TITLE, paper=A4, landscape=True, page_numbers=True, size=8.5)
    pdf.heading(TITLE, subtitle=_scope(rollout))
    launched = len(rollout.launched)
    pdf.paragraph(
        f"Đã ra mắt: {launched}/{len(rollout.rows)} xã. Điểm bình quân: {_number(rollout.mean_total)}. "
        f"Xã chậm tiến độ: {len(rollout.behind)}.",
        align="C",
    )
    pdf.ln(2)
    columns = [
        Column("Thứ tự ra mắt", 14, "C"),
        Column("Xã", 34),
        Column("Ngày ra mắt", 20, "C"),
        Column("Tình trạng", 22),
        Column("Tổng điểm", 14, "R"),
        *(Column(short, 12, "R") for short in CRITERIA_SHORT),
        Column("Xếp hạng", 13, "C"),
        Column("Ghi chú", pdf.epw - 14 - 34 - 20 - 22 - 14 - 60 - 13),
    ]
    grid = Grid(pdf, columns)
    grid.header()
    for row in rollout.rows:
        grid.row(
            [
                str(row.order or "—"),
                row.commune.name,
                _launched(row),
                STATES[row.scores.state],
                _number(row.scores.total),
                *(_number(row.scores.criteria.get(number)) for number in range(1, 6)),
                str(row.rank or "—"),
                _note(row),
            ]
        )
    pdf.ln(2)
    pdf.paragraph(CRITERIA_NOTE, "I", align="L", size=pdf.body_size - 1)
    pdf.paragraph(
        "Điểm “Đã phê duyệt”, “Chờ duyệt”: theo bản tự đánh giá xã đã gửi. “Tạm tính”: chỉ từ các chỉ tiêu hệ thống tự "
        "tính, chưa gồm các chỉ tiêu xã kê khai.",
        "I",
        align="L",
        size=pdf.body_size - 1,
    )
    return pdf.to_bytes()


def render_rollout_xlsx(rollout: Rollout) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Triển khai"
    bold = Font(bold=True)
    sheet.append(row_cells(sheet, [TITLE]))
    sheet.append(row_cells(sheet, [_scope(rollout)]))
    sheet.append(row_cells(sheet, [CRITERIA_NOTE]))
    headings = ["Thứ tự ra mắt", "Xã", "Ngày ra mắt", "Tình trạng", "Tổng điểm", *CRITERIA_SHORT, "Xếp hạng", "Ghi chú"]
    sheet.append(row_cells(sheet, headings))
    for cell in (sheet["A1"], *sheet[4]):
        cell.font = bold
    for row in rollout.rows:
        sheet.append(
            row_cells(
                sheet,
                [
                    row.order,
                    row.commune.name,
                    row.launched_on,
                    STATES[row.scores.state],
                    row.scores.total,
                    *(row.scores.criteria.get(number) for number in range(1, 6)),
                    row.rank,
                    _note(row),
                ],
            )
        )
        sheet.cell(row=sheet.max_row, column=3).number_format = "DD/MM/YYYY"
    for index, width in enumerate([10, 24, 12, 14, 10, 8, 8, 8, 8, 8, 9, 80], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[4]:
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "C5"

    trend = workbook.create_sheet("Xu hướng")
    trend.append(row_cells(trend, ["Xã", *(period_label(*span) for span in rollout.periods)]))
    for cell in trend[1]:
        cell.font = bold
    for row in rollout.launched:
        trend.append(row_cells(trend, [row.commune.name, *row.trend]))
    trend.append(row_cells(trend, ["Bình quân", *rollout.means[0]]))
    trend.column_dimensions["A"].width = 24
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
