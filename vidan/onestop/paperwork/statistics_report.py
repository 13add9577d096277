"""The report of the one-stop desk's figures for a period (tình hình, kết quả giải quyết thủ tục hành chính): per
department and per procedure, with totals, in the columns of the official periodic reports — received (carried
over, new online, new at the desk), resolved (early, on time, late), in progress (within the time limit, late,
waiting for the citizen), withdrawn or refused, and the on-time rate. A4 landscape PDF, and the same tables as
XLSX, one sheet each.

Pure, as the forms are: a frozen `StatisticsReport` in, bytes out. Issued in Vietnamese, like the forms.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from vidan.core.spreadsheets import row_cells

from .content import Letterhead
from .formatting import local, short_date
from .layout import A4, FormPdf, line_height

TITLE = "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
TOTAL = "Tổng cộng"


@dataclass(frozen=True)
class ReportLine:
    """One department or procedure. `counts` follow COUNTS; `rate` is the on-time rate in per cent, or None."""

    label: str
    counts: tuple[int, ...]
    rate: float | None


@dataclass(frozen=True)
class StatisticsReport:
    letterhead: Letterhead
    period_from: date
    period_to: date
    as_of: datetime  # the end of the period, or the moment the report was drawn if the period has not ended
    ended: bool  # whether the period was over when the report was drawn
    department: str  # "" for every department
    by_department: tuple[ReportLine, ...]
    by_procedure: tuple[ReportLine, ...]
    total: ReportLine


# (group heading or "" for a column of its own, heading, relative PDF width). The counts in this order.
COUNTS = (
    ("", "Tổng số hồ sơ", 11),
    ("", "Kỳ trước chuyển qua", 12),
    ("Mới tiếp nhận", "Trực tuyến", 11),
    ("Mới tiếp nhận", "Trực tiếp", 11),
    ("Đã giải quyết", "Tổng số", 11),
    ("Đã giải quyết", "Trước hạn", 11),
    ("Đã giải quyết", "Đúng hạn", 11),
    ("Đã giải quyết", "Quá hạn", 11),
    ("Đang giải quyết", "Tổng số", 11),
    ("Đang giải quyết", "Trong hạn", 11),
    ("Đang giải quyết", "Quá hạn", 11),
    ("Đang giải quyết", "Chờ công dân bổ sung", 14),
    ("", "Rút hồ sơ, từ chối", 12),
)
RATE_HEADING = "Tỷ lệ đúng hạn"
RATE_WIDTH = 12
NOTES = (
    "Kỳ trước chuyển qua: hồ sơ tiếp nhận trước kỳ, chưa giải quyết xong khi kỳ bắt đầu.",
    "Trước hạn: có kết quả trước ngày hẹn trả; đúng hạn: có kết quả trong ngày hẹn trả, chậm nhất đến giờ hẹn.",
    "Quá hạn: có kết quả sau thời điểm hẹn trả, hoặc đã phải xin lỗi và hẹn lại ngày trả kết quả (Mẫu số 04).",
    "Chờ công dân bổ sung: đã trả lại để công dân hoàn thiện, thời hạn giải quyết tạm dừng; không tính là quá hạn.",
    "Tỷ lệ đúng hạn = (trước hạn + đúng hạn) / (đã giải quyết + đang giải quyết quá hạn).",
)


def rate_text(rate: float | None) -> str:
    """'85,7 %'; a dash when there is nothing to measure."""
    return "—" if rate is None else f"{rate:.1f} %".replace(".", ",")


def _scope(report: StatisticsReport) -> str:
    period = f"Kỳ báo cáo: từ ngày {short_date(report.period_from)} đến ngày {short_date(report.period_to)}"
    return f"{period} — {report.department or 'Tất cả các bộ phận'}"


def _as_of(report: StatisticsReport) -> str:
    if report.ended:
        return f"Số liệu tính đến hết ngày {short_date(report.period_to)}."
    return f"Số liệu tính đến {local(report.as_of):%H:%M} ngày {short_date(report.as_of)}."


# -- PDF ---------------------------------------------------------------------------------------------------


class _Table:
    """A ruled table with a two-level heading (a group over its columns), repeated on every page; a row is
    never split, a total row is bold."""

    def __init__(self, pdf: FormPdf, first_heading: str, *, size: float = 7.5, padding: float = 0.9):
        self.pdf, self.size, self.padding = pdf, size, padding
        widths = [46.0] + [width for _group, _heading, width in COUNTS] + [RATE_WIDTH]
        stretch = pdf.epw / sum(widths)
        self.widths = [width * stretch for width in widths]
        self.headings = [("", first_heading)] + [(group, heading) for group, heading, _w in COUNTS]
        self.headings.append(("", RATE_HEADING))
        self._page = 0

    def _lines(self, text: str, width: float) -> list[str]:
        return self.pdf.wrap(text, width - 2 * self.padding)

    def _block_height(self, lines: int) -> float:
        return lines * line_height(self.size) + 2 * self.padding

    def _heading_heights(self) -> tuple[float, float]:
        pdf = self.pdf
        pdf.use("B", self.size)
        groups = self._groups()
        top = max(
            (len(self._lines(group, sum(self.widths[i] for i in span))) for group, span in groups if group),
            default=1,
        )
        bottom = max(
            len(self._lines(heading, width))
            for (group, heading), width in zip(self.headings, self.widths, strict=True)
            if group
        )
        alone = max(
            len(self._lines(heading, width))
            for (group, heading), width in zip(self.headings, self.widths, strict=True)
            if not group
        )
        first, second = self._block_height(top), self._block_height(bottom)
        return first, max(second, self._block_height(alone) - first)

    def _groups(self) -> list[tuple[str, list[int]]]:
        """Runs of columns under the same group heading, in order."""
        runs: list[tuple[str, list[int]]] = []
        for index, (group, _heading) in enumerate(self.headings):
            if group and runs and runs[-1][0] == group:
                runs[-1][1].append(index)
            else:
                runs.append((group, [index]))
        return runs

    def _centred(self, x: float, y: float, width: float, height: float, text: str) -> None:
        lines = self._lines(text, width)
        top = y + (height - len(lines) * line_height(self.size)) / 2
        self.pdf.lines_at(x + self.padding, top, width - 2 * self.padding, lines, "C")

    def _heading(self) -> None:
        pdf = self.pdf
        pdf.use("B", self.size)
        first, second = self._heading_heights()
        y = pdf.get_y()
        lefts = [pdf.l_margin + sum(self.widths[:i]) for i in range(len(self.widths))]
        for group, span in self._groups():
            if group:
                width = sum(self.widths[i] for i in span)
                pdf.rect(lefts[span[0]], y, width, first)
                self._centred(lefts[span[0]], y, width, first, group)
                for i in span:
                    pdf.rect(lefts[i], y + first, self.widths[i], second)
                    self._centred(lefts[i], y + first, self.widths[i], second, self.headings[i][1])
            else:
                i = span[0]
                pdf.rect(lefts[i], y, self.widths[i], first + second)
                self._centred(lefts[i], y, self.widths[i], first + second, self.headings[i][1])
        pdf.set_xy(pdf.l_margin, y + first + second)
        self._page = pdf.page

    def row(self, line: ReportLine, *, bold: bool = False) -> None:
        pdf = self.pdf
        style = "B" if bold else ""
        pdf.use(style, self.size)
        cells = [line.label, *(str(count) for count in line.counts), rate_text(line.rate)]
        wrapped = [self._lines(text, width) for text, width in zip(cells, self.widths, strict=True)]
        height = self._block_height(max(len(lines) for lines in wrapped))
        heading = sum(self._heading_heights()) if self._page != pdf.page else 0
        if heading + height > pdf.page_break_trigger - pdf.get_y():
            pdf.add_page()
            heading = 1
        if heading:
            self._heading()
        pdf.use(style, self.size)
        x, y = pdf.l_margin, pdf.get_y()
        for index, (lines, width) in enumerate(zip(wrapped, self.widths, strict=True)):
            pdf.rect(x, y, width, height)
            align = "L" if index == 0 else "R"
            pdf.lines_at(x + self.padding, y + self.padding, width - 2 * self.padding, lines, align)
            x += width
        pdf.set_xy(pdf.l_margin, y + height)


def _pdf_table(pdf: FormPdf, title: str, first_heading: str, lines: tuple[ReportLine, ...], total: ReportLine):
    pdf.ensure_room(40)
    pdf.paragraph(title, "B", align="L")
    pdf.ln(1)
    table = _Table(pdf, first_heading)
    for line in lines:
        table.row(line)
    table.row(total, bold=True)
    pdf.ln(3)


def render_statistics_pdf(report: StatisticsReport) -> bytes:
    pdf = FormPdf(title=TITLE, paper=A4, landscape=True, page_numbers=True)
    pdf.letterhead(report.letterhead)
    pdf.heading(TITLE, subtitle=_scope(report))
    pdf.paragraph(_as_of(report), "I", align="C", size=pdf.body_size - 1)
    pdf.ln(2)
    if not report.by_procedure:
        pdf.paragraph("Không có hồ sơ nào trong kỳ.", style="I", align="C")
        return pdf.to_bytes()
    _pdf_table(pdf, "I. THEO BỘ PHẬN", "Bộ phận", report.by_department, report.total)
    _pdf_table(pdf, "II. THEO THỦ TỤC HÀNH CHÍNH", "Thủ tục hành chính", report.by_procedure, report.total)
    pdf.ensure_room(len(NOTES) * line_height(pdf.body_size - 1) + 6)
    pdf.paragraph("Ghi chú:", "B", align="L", size=pdf.body_size - 1)
    for note in NOTES:
        pdf.paragraph(f"- {note}", align="L", size=pdf.body_size - 1)
    return pdf.to_bytes()


# -- XLSX --------------------------------------------------------------------------------------------------

HEADING_ROW = 5  # rows 1–4: issuer, title, period and department, when the figures stand; 5–6: headings


def _xlsx_sheet(workbook, title: str, first_heading: str, report: StatisticsReport, lines) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(row_cells(sheet, [f"{report.letterhead.committee.upper()} — {report.letterhead.desk_name.upper()}"]))
    sheet.append(row_cells(sheet, [TITLE]))
    sheet.append(row_cells(sheet, [_scope(report)]))
    sheet.append(row_cells(sheet, [_as_of(report)]))
    bold = Font(bold=True)
    centred = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet["A1"].font = sheet["A2"].font = bold
    headings = [("", first_heading)] + [(group, heading) for group, heading, _w in COUNTS] + [("", RATE_HEADING)]
    for index, (group, heading) in enumerate(headings, start=1):
        top = sheet.cell(row=HEADING_ROW, column=index, value=group or heading)
        below = sheet.cell(row=HEADING_ROW + 1, column=index, value=heading if group else None)
        for cell in (top, below):
            cell.font, cell.alignment = bold, centred
        if not group:
            sheet.merge_cells(start_row=HEADING_ROW, end_row=HEADING_ROW + 1, start_column=index, end_column=index)
        sheet.column_dimensions[get_column_letter(index)].width = 48 if index == 1 else 12
    # A group heading spans its columns.
    index = 2
    while index <= len(headings):
        group = headings[index - 1][0]
        last = index
        while group and last < len(headings) and headings[last][0] == group:
            last += 1
        if group and last > index:
            sheet.merge_cells(start_row=HEADING_ROW, end_row=HEADING_ROW, start_column=index, end_column=last)
        index = last + 1
    sheet.row_dimensions[HEADING_ROW + 1].height = 30
    for line in (*lines, report.total):
        sheet.append(row_cells(sheet, [line.label, *line.counts, None if line.rate is None else line.rate / 100]))
        rate = sheet.cell(row=sheet.max_row, column=len(headings))
        rate.number_format = "0.0%"
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.freeze_panes = sheet.cell(row=HEADING_ROW + 2, column=2)


def render_statistics_xlsx(report: StatisticsReport) -> bytes:
    """Two sheets, per department and per procedure, each with its total row at the bottom."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _xlsx_sheet(workbook, "Theo bộ phận", "Bộ phận", report, report.by_department)
    _xlsx_sheet(workbook, "Theo thủ tục", "Thủ tục hành chính", report, report.by_procedure)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
