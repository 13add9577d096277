"""The page furniture every official form shares, on the platform's PDF documents (vidan/core/pdf.py): the
letterhead, labelled fields, the applicant, signatures, QR codes.

Measurements are in millimetres, font sizes in points.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from fpdf import XPos, YPos
from PIL import Image

from vidan.core.pdf import A4, A5, Column, DocumentPdf, Grid, line_height

from .content import Applicant, Letterhead

__all__ = ["A4", "A5", "Column", "FormPdf", "Grid", "SignatureBlock", "line_height"]

SIGN_HINT = "(Ký và ghi rõ họ tên)"
QR_BORDER = 4  # the quiet zone, in modules, drawn inside the QR image


@dataclass(frozen=True)
class SignatureBlock:
    title: str  # "NGƯỜI TIẾP NHẬN HỒ SƠ"
    name: str = ""
    above: str = ""  # "TM. ỦY BAN NHÂN DÂN"
    hint: str = SIGN_HINT


class FormPdf(DocumentPdf):
    """One official form being drawn: the shared blocks of the forms on the document's fonts and measures."""

    def letterhead(self, head: Letterhead, *, desk: bool = True, number: str = "", place_date: str = "") -> None:
        """Issuer on the left, the national motto on the right (NĐ 30/2020 layout); number and date below."""
        size = self.body_size - 1
        right_w = self.epw * 0.53
        left_w = self.epw - right_w
        right_x = self.l_margin + left_w
        top = self.get_y()

        if desk:
            y = self.centred(self.l_margin, top, left_w, f"ỦY BAN NHÂN DÂN\n{head.unit}", "", size)
            y = self.centred(self.l_margin, y, left_w, _two_lines(head.desk_name.upper()), "B", size)
        else:
            y = self.centred(self.l_margin, top, left_w, f"ỦY BAN NHÂN DÂN\n{head.unit}", "B", size)
        self._rule(self.l_margin + left_w / 2, y + 0.9, left_w / 3)
        left_bottom = y + 2

        y = self.centred(right_x, top, right_w, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "B", size)
        motto = "Độc lập - Tự do - Hạnh phúc"
        y = self.centred(right_x, y, right_w, motto, "B", size)
        self._rule(right_x + right_w / 2, y + 0.9, self.width_of(motto))
        right_bottom = y + 2

        y = max(left_bottom, right_bottom) + 0.5
        bottom = y
        if number:
            bottom = max(bottom, self.centred(self.l_margin, y, left_w, f"Số: {number}", "", size))
        if place_date:
            bottom = max(bottom, self.centred(right_x, y, right_w, place_date, "I", size))
        self.set_y(bottom + 1)

    def _rule(self, centre: float, y: float, width: float) -> None:
        self.line(centre - width / 2, y, centre + width / 2, y)

    def field(self, *pairs: tuple[str, str], indent: float = 0) -> None:
        """'Label: value' pairs on one flowing line, values in bold; a pair with an empty value is left out."""
        height = line_height(self.body_size)
        self.set_x(self.l_margin + indent)
        shown = [(label, value) for label, value in pairs if value]
        for index, (label, value) in enumerate(shown):
            self.use()
            gap = "    " if index else ""
            if index and not self._fits_on_line(gap + label + " ", value.split(" ")[0]):
                # start the pair on a new line rather than break its value's first word
                self.ln(height)
                self.set_x(self.l_margin + indent)
                gap = ""
            self.write(height, gap + label + " ")
            self.use("B")
            self.write(height, value)
        if shown:
            self.ln(height)
        self.use()

    def _fits_on_line(self, label: str, bold_word: str) -> bool:
        width = self.width_of(label)
        self.use("B")
        width += self.width_of(bold_word)
        self.use()
        return self.x + width <= self.w - self.r_margin

    def applicant(self, applicant: Applicant, *, label: str = "Tiếp nhận hồ sơ của:") -> None:
        self.field((label, applicant.name))
        self.field(("Địa chỉ:", applicant.address))
        self.field(("Số điện thoại:", applicant.phone), ("Email:", applicant.email))

    def runs(self, *parts: tuple[str, str]) -> None:
        """One flowing paragraph made of (text, style) runs, e.g. a sentence with its date in bold.

        A run without a space (a dossier code) is never split across lines: it starts a new line when it does
        not fit at the end of this one."""
        height = line_height(self.body_size)
        self.set_x(self.l_margin)
        for text, style in parts:
            self.use(style)
            if text and " " not in text and self.x + self.width_of(text) > self.w - self.r_margin:
                self.ln(height)
                self.set_x(self.l_margin)
            self.write(height, text)
        self.ln(height)
        self.use()

    def numbered(self, label: str, text: str, indent: float = 7, style: str = "") -> None:
        """A list entry with a hanging indent: '1.' in the margin, the text wrapped beside it."""
        height = line_height(self.body_size)
        self.ensure_room(height)
        self.use(style)
        self.set_x(self.l_margin)
        self.cell(indent, height, label)
        self.multi_cell(self.epw - indent, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.use()

    def signatures(self, *blocks: SignatureBlock, space: float = 15) -> None:
        """One or two signature blocks side by side; a single one sits on the right half, as on the forms."""
        if not 1 <= len(blocks) <= 2:
            raise ValueError("a form has one or two signature blocks")
        size = self.body_size
        needed = line_height(size) * 4 + space + 4
        self.ensure_room(needed)
        top = self.get_y() + 3
        width = self.epw / 2
        slots = [self.l_margin + width] if len(blocks) == 1 else [self.l_margin + i * width for i in range(2)]
        bottom = top
        for x, block in zip(slots, blocks, strict=True):
            y = top
            if block.above:
                y = self.centred(x, y, width, block.above, "B", size)
            y = self.centred(x, y, width, block.title, "B", size)
            y = self.centred(x, y, width, block.hint, "I", size - 1)
            y += space
            if block.name:
                y = self.centred(x, y, width, block.name, "B", size)
            bottom = max(bottom, y)
        self.set_y(bottom + 2)
        self.use()

    def qr_code(self, data: str, x: float, y: float, size: float) -> None:
        """A QR code of `data` with its quiet zone, 8 px a module so that it stays sharp when printed."""
        png = io.BytesIO()
        segno.make(data, error="m", micro=False).save(png, kind="png", scale=8, border=QR_BORDER)
        # greyscale rather than segno's 1-bit PNG: older fpdf2 releases garble 1-bit images
        self.image(Image.open(png).convert("L"), x=x, y=y, w=size, h=size)


def _two_lines(text: str) -> str:
    """A name broken at the space nearest its middle: "BỘ PHẬN TIẾP NHẬN" / "VÀ TRẢ KẾT QUẢ"."""
    words = text.split()
    if len(words) < 2:
        return text
    cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
