"""Form 06 — Sổ theo dõi hồ sơ (TT 01/2018/TT-VPCP, Mẫu số 06): A4 landscape PDF, and the same book as XLSX."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from vidan.core.spreadsheets import row_cells

from .content import TrackingBook, TrackingRow
from .form_set import FORM_SET
from .formatting import local_date, short_date
from .layout import A4, Column, FormPdf, Grid

TITLE = FORM_SET["tracking_book"].title
Value = str | int | date | datetime | None


@dataclass(frozen=True)
class BookColumn:
    title: str
    pdf_width: float  # relative (about mm); stretched to the printable width; a dossier code fits on one line
    xlsx_width: float  # Excel characters
    value: Callable[[int, TrackingRow], Value]  # (line number, row) -> what the cell holds
    align: str = "L"
    is_date: bool = False


COLUMNS = (
    BookColumn("STT", 9, 6, lambda number, row: row.line or number, "C"),
    BookColumn("Mã hồ sơ", 36, 27, lambda number, row: row.dossier_code),
    BookColumn("Tên TTHC", 36, 40, lambda number, row: row.procedure_name),
    BookColumn("Số lượng hồ sơ (bộ)", 11, 10, lambda number, row: row.dossier_sets, "C"),
    BookColumn("Tên cá nhân, tổ chức", 24, 24, lambda number, row: row.applicant_name),
    BookColumn("Địa chỉ, số điện thoại", 27, 34, lambda number, row: row.applicant_contact),
    BookColumn("Cơ quan chủ trì giải quyết", 22, 24, lambda number, row: row.lead_agency),
    BookColumn("Ngày nhận hồ sơ", 15.5, 12, lambda number, row: row.received_on, "C", is_date=True),
    BookColumn("Ngày hẹn trả kết quả", 15.5, 12, lambda number, row: row.due_on, "C", is_date=True),
    BookColumn("Ngày chuyển hồ sơ", 15.5, 12, lambda number, row: row.transferred_on, "C", is_date=True),
    BookColumn("Ngày có kết quả / YC trả lại dân", 15.5, 14, lambda number, row: row.result_on, "C", is_date=True),
    BookColumn("Ngày trả kết quả", 15.5, 12, lambda number, row: row.returned_on, "C", is_date=True),
    BookColumn("Ghi chú", 16, 20, lambda number, row: row.note),
)


def _scope(book: TrackingBook) -> str:
    period = f"Từ ngày {short_date(book.period_from)} đến ngày {short_date(book.period_to)}"
    years = range(local_date(book.period_from).year, local_date(book.period_to).year + 1)
    volume = f"Quyển số: {', '.join(str(year) for year in years)}"
    return f"{volume} — {period} — {book.department or 'Tất cả các bộ phận'}"


def render_tracking_book_pdf(book: TrackingBook) -> bytes:
    pdf = FormPdf(title=TITLE, paper=A4, landscape=True, page_numbers=True)
    pdf.letterhead(book.letterhead)
    pdf.heading(TITLE, subtitle=_scope(book))
    stretch = pdf.epw / sum(column.pdf_width for column in COLUMNS)
    columns = [Column(column.title, column.pdf_width * stretch, column.align) for column in COLUMNS]
    grid = Grid(pdf, columns, size=7.5)
    for number, row in enumerate(book.rows, start=1):
        grid.row([_printed(column.value(number, row)) for column in COLUMNS])
    if not book.rows:
        pdf.paragraph("Không có hồ sơ nào trong kỳ.", style="I", align="C")
    return pdf.to_bytes()


def _printed(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):  # a datetime is a date too
        return short_date(value)
    return str(value)


HEADER_ROW = 4  # rows 1–2: issuer and title, row 3: period and department


def render_tracking_book_xlsx(book: TrackingBook) -> bytes:
    """One sheet: a frozen, filterable bold header and one line per dossier, dates as real Excel dates."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sổ theo dõi hồ sơ"
    sheet["A1"] = f"{book.letterhead.committee.upper()} — {book.letterhead.desk_name.upper()}"
    sheet["A2"] = TITLE
    sheet["A3"] = _scope(book)
    sheet["A1"].font = sheet["A2"].font = Font(bold=True)

    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="center", horizontal="center")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.title)
        cell.font, cell.alignment = bold, wrapped
        sheet.column_dimensions[get_column_letter(index)].width = column.xlsx_width

    for number, row in enumerate(book.rows, start=1):
        sheet.append(row_cells(sheet, [_stored(column.value(number, row)) for column in COLUMNS]))
    for index, column in enumerate(COLUMNS, start=1):
        if column.is_date:
            for (cell,) in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=index, max_col=index):
                cell.number_format = "dd/mm/yyyy"

    last = get_column_letter(len(COLUMNS))
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(book.rows)}"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _stored(value: Value) -> Value:
    return local_date(value) if isinstance(value, date) else value
