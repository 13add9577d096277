"""PDF documents in Vietnamese: the fonts (DejaVu Serif Condensed, every precomposed Vietnamese letter), text
measured and wrapped to a width (an over-long code broken after "-", "/" or "."), headings, paragraphs and ruled
tables whose rows never split and whose header repeats on every page. The one-stop desk's official forms build
on it (vidan/onestop/paperwork/layout.py), and so does any module's report.

Measurements are in millimetres, font sizes in points.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF, XPos, YPos

from vidan.core.text import fold

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSerifCondensed"
FONT_FILES = {
    "": "DejaVuSerifCondensed.ttf",
    "B": "DejaVuSerifCondensed-Bold.ttf",
    "I": "DejaVuSerifCondensed-Italic.ttf",
}

A5 = (148.0, 210.0)  # mm, portrait; given as sizes because fpdf2 < 2.8.5 had A5 slightly wrong
A4 = (210.0, 297.0)
MM_PER_PT = 25.4 / 72
LINE_SPACING = 1.3  # line height as a multiple of the font size: room for Vietnamese stacked diacritics

# Where an over-long word (a dossier code, a URL) may be broken when it does not fit its column.
BREAK_AFTER = re.compile(r"[^-/.]+[-/.]?|[-/.]")


def line_height(size: float) -> float:
    return size * MM_PER_PT * LINE_SPACING


class DocumentPdf(FPDF):
    """A document being drawn: Vietnamese-capable fonts, Vietnamese metadata, text measured and wrapped."""

    def __init__(
        self,
        *,
        title: str,
        paper: tuple[float, float] = A5,
        landscape: bool = False,
        size: float = 9,
        page_numbers: bool = False,
    ):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format=paper)
        for style, filename in FONT_FILES.items():
            self.add_font(FAMILY, style, FONT_DIR / filename)
        self.body_size = size
        self.page_numbers = page_numbers
        self._widths: dict[tuple[str, float, str], float] = {}
        self.set_margins(left=14, top=10, right=12)
        self.set_auto_page_break(True, margin=14 if page_numbers else 10)
        self.set_title(title)
        self.set_lang("vi")
        self.set_creator("Vì Dân")
        self.set_line_width(0.2)
        self.add_page()
        self.use(size=size)

    def normalize_text(self, text: str) -> str:
        # Text typed on some keyboards arrives decomposed (letter + combining tone marks). The font has every
        # precomposed Vietnamese letter, so composing first renders the diacritics correctly without a shaper.
        return super().normalize_text(unicodedata.normalize("NFC", text))

    def use(self, style: str = "", size: float | None = None) -> None:
        self.set_font(FAMILY, style, size or self.body_size)

    def to_bytes(self) -> bytes:
        return bytes(self.output())

    def footer(self) -> None:
        if self.page_numbers:
            self.set_y(-10)
            self.use("I", self.body_size - 1)
            self.cell(0, 5, f"Trang {self.page_no()}/{{nb}}", align="C")

    def width_of(self, text: str) -> float:
        """Width of `text` in the current font; cached, as a long table measures the same words many times."""
        key = (self.font_style, self.font_size_pt, text)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.get_string_width(text)
        return width

    def wrap(self, text: str, width: float) -> list[str]:
        """Split `text` into lines that fit `width` in the current font; explicit newlines are kept."""
        space = self.width_of(" ")
        lines: list[str] = []
        for paragraph in unicodedata.normalize("NFC", text).split("\n"):
            words: list[str] = []
            used = 0.0
            for word in self._fitting_words(paragraph.split(), width):
                word_width = self.width_of(word)
                if words and used + space + word_width > width:
                    lines.append(" ".join(words))
                    words, used = [], 0.0
                used += word_width + (space if words else 0.0)
                words.append(word)
            lines.append(" ".join(words))
        return lines

    def _fitting_words(self, words: list[str], width: float) -> Iterator[str]:
        for word in words:
            if self.width_of(word) <= width:
                yield word
            else:
                yield from self._broken_word(word, width)

    def _broken_word(self, word: str, width: float) -> Iterator[str]:
        """Pieces of a word too long for its column, broken after '-', '/' or '.' where possible."""
        piece = ""
        for part in BREAK_AFTER.findall(word):
            for chunk in [part] if self.width_of(part) <= width else list(part):
                if piece and self.width_of(piece + chunk) > width:
                    yield piece
                    piece = ""
                piece += chunk
        if piece:
            yield piece

    def lines_at(self, x: float, top: float, width: float, lines: Sequence[str], align: str = "L") -> float:
        """Draw ready-wrapped lines in a box starting at `top`; return the y below the last line."""
        step = line_height(self.font_size_pt)
        for index, line in enumerate(lines):
            if align == "C":
                left = x + (width - self.width_of(line)) / 2
            elif align == "R":
                left = x + width - self.width_of(line)
            else:
                left = x
            self.text(left, top + index * step + self.font_size * 1.1, line)
        return top + len(lines) * step

    def centred(
        self, x: float, top: float, width: float, text: str, style: str = "", size: float | None = None
    ) -> float:
        self.use(style, size)
        return self.lines_at(x, top, width, self.wrap(text, width), align="C")

    def ensure_room(self, height: float) -> None:
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def heading(self, text: str, subtitle: str = "") -> None:
        self.ln(1)
        self.use("B", self.body_size + 2)
        self.multi_cell(0, line_height(self.body_size + 2), text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.use("I", self.body_size - 1)
            self.multi_cell(
                0, line_height(self.body_size - 1), subtitle, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        self.ln(2)

    def paragraph(
        self, text: str, style: str = "", *, indent: float = 0, align: str = "J", size: float | None = None
    ) -> None:
        size = size or self.body_size
        self.use(style, size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.epw - indent, line_height(size), text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.use()


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # mm
    align: str = "L"  # "L", "C" or "R"
    valign: str = "T"  # "T" top, "B" bottom (e.g. a name under the space for a signature)


class Grid:
    """A ruled table: rows grow to fit their wrapped text, never split, and the header repeats on every page."""

    def __init__(self, pdf: DocumentPdf, columns: Sequence[Column], *, size: float | None = None, padding: float = 0.9):
        self.pdf = pdf
        self.columns = columns
        self.size = size or pdf.body_size
        self.padding = padding
        pdf.use("B", self.size)
        self._header = self._wrap([column.title for column in columns])
        self._header_height = self._height(self._header)
        self._header_page = 0

    def header(self) -> None:
        """Draw the header now (a table with no rows yet still shows its columns)."""
        if self._header_page != self.pdf.page:
            self._draw(self._header, self._header_height, "B", header=True)
            self._header_page = self.pdf.page

    def row(self, values: Sequence[str], *, min_height: float = 0) -> None:
        """Add a row, on a new page (under a repeated header) when it does not fit on this one."""
        pdf = self.pdf
        pdf.use("", self.size)
        cells = self._wrap(values)
        height = max(self._height(cells), min_height)
        needs_header = self._header_page != pdf.page
        if (self._header_height if needs_header else 0) + height > pdf.page_break_trigger - pdf.get_y():
            pdf.add_page()
            needs_header = True
        if needs_header:
            self._draw(self._header, self._header_height, "B", header=True)
            self._header_page = pdf.page
        self._draw(cells, height, "")

    def _wrap(self, values: Sequence[str]) -> list[list[str]]:
        inner = [column.width - 2 * self.padding for column in self.columns]
        return [self.pdf.wrap(value or "", width) for value, width in zip(values, inner, strict=True)]

    def _height(self, cells: list[list[str]]) -> float:
        return max(len(lines) for lines in cells) * line_height(self.size) + 2 * self.padding

    def _draw(self, cells: list[list[str]], height: float, style: str, header: bool = False) -> None:
        pdf = self.pdf
        pdf.use(style, self.size)
        x, y = pdf.l_margin, pdf.get_y()
        step = line_height(self.size)
        for column, lines in zip(self.columns, cells, strict=True):
            pdf.rect(x, y, column.width, height)
            text_height = len(lines) * step
            if header:
                top = y + (height - text_height) / 2
            elif column.valign == "B":
                top = y + height - self.padding - text_height
            else:
                top = y + self.padding
            align = "C" if header else column.align
            pdf.lines_at(x + self.padding, top, column.width - 2 * self.padding, lines, align)
            x += column.width
        pdf.set_xy(pdf.l_margin, y + height)


def sample_pdf(title: str, *, kind: str = "tai lieu minh hoa / demo") -> bytes:
    """A one-page PDF of a few hundred bytes showing `kind` and `title` (folded to ASCII, the base-14 font's
    letters): the demo's stand-in for a scanned paper, which every upload check takes for the PDF it is."""
    text = fold(title).replace("\\", "").replace("(", "").replace(")", "")[:90]
    stream = f"BT /F1 11 Tf 50 780 Td (Vi Dan - {kind}) Tj 0 -18 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
