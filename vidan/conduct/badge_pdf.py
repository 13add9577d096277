"""An officer's badge as a PDF the size of a bank card (ISO/IEC 7810 ID-1, "CR80": 85.6 × 54 mm), to print on
a card printer or on paper and cut: the commune, the photo, the name, position and department, the badge number
and a QR code of the officer's public profile (where a citizen sees who served them, and whether the badge
is still valid).

Pure: a frozen record in, PDF bytes out; no database, no Django. A badge is an official paper, printed in
Vietnamese whatever the language of the screen. Every text is fitted to its box: it is set smaller, down to a
floor, until it fits in its lines without a word being cut; nothing is ever clipped.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import segno
from fpdf import FPDF
from PIL import Image

CARD = (85.6, 54.0)  # mm, landscape
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSansCondensed"
FONT_FILES = {"": "DejaVuSansCondensed.ttf", "B": "DejaVuSansCondensed-Bold.ttf"}
MM_PER_PT = 25.4 / 72
LINE_SPACING = 1.25  # room for the stacked marks of Vietnamese ("Ệ", "ẫ")
RED = (200, 16, 46)
GOLD = (255, 205, 0)
QR_CAPTION = "Quét mã để xem thông tin cán bộ"
MARGIN = 3.0  # mm kept clear at the card's edges: card printers and scissors are not exact

# The boxes, in mm from the card's top left corner.
BAND_HEIGHT = 12.0
PHOTO = (MARGIN, 14.5, 21.0, 28.0)  # x, y, w, h: 3:4
QR_SIZE = 21.0
QR = (CARD[0] - MARGIN - QR_SIZE, 14.0)
TEXT_X = PHOTO[0] + PHOTO[2] + 2.5
TEXT_W = QR[0] - 2.0 - TEXT_X


@dataclass(frozen=True)
class BadgeCard:
    commune_kind_line: str  # "ỦY BAN NHÂN DÂN XÃ"
    commune_name: str  # "Thuận Hóa"
    full_name: str
    position: str
    department: str
    number: str
    profile_url: str
    photo: bytes | None = None  # JPEG or PNG


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


class _CardPdf(FPDF):
    def __init__(self, title: str):
        super().__init__(orientation="L", unit="mm", format=(CARD[1], CARD[0]))
        for style, filename in FONT_FILES.items():
            self.add_font(FAMILY, style, FONT_DIR / filename)
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.c_margin = 0  # a text starts where its box starts, so that it is measured as drawn
        self.set_title(title)
        self.set_lang("vi")
        self.set_creator("Vì Dân")
        self.add_page()

    def lines_fitting(self, text: str, width: float, style: str, size: float, max_lines: int, floor: float):
        """The size (from `size` down to `floor`, by half points) at which `text` wraps into at most `max_lines`
        lines of `width` without cutting a word, and those lines. Below the floor only when one word alone is
        wider than the box at the floor (a very long name), so that it is still never cut nor clipped."""
        current = size
        while True:
            self.set_font(FAMILY, style, current)
            lines = self._wrap(text, width)
            too_wide = any(self.get_string_width(line) > width for line in lines)
            if (len(lines) <= max_lines and not too_wide) or current <= 3:
                return current, lines
            if current <= floor and not too_wide:
                return current, lines[:max_lines]  # unreachable for realistic text; kept from overflowing
            current -= 0.5

    def _wrap(self, text: str, width: float) -> list[str]:
        lines, words = [], []
        for word in text.split():
            trial = " ".join([*words, word])
            if words and self.get_string_width(trial) > width:
                lines.append(" ".join(words))
                words = [word]
            else:
                words.append(word)
        if words:
            lines.append(" ".join(words))
        return lines or [""]

    def text_block(self, text, *, x, y, width, style, size, max_lines, floor, align="L", color=(0, 0, 0)) -> float:
        """Draw `text` fitted into its lines from `y`; return the y below it."""
        size, lines = self.lines_fitting(_nfc(text), width, style, size, max_lines, floor)
        height = size * MM_PER_PT * LINE_SPACING
        self.set_text_color(*color)
        for line in lines:
            self.set_xy(x, y)
            self.cell(width, height, line, align=align)
            y += height
        return y


def render_badge(card: BadgeCard) -> bytes:
    pdf = _CardPdf(f"Thẻ cán bộ {card.number} — {_nfc(card.full_name)}")
    width, height = CARD

    # The band: the People's Committee of the commune, white on red, a gold rule under it.
    pdf.set_fill_color(*RED)
    pdf.rect(0, 0, width, BAND_HEIGHT, style="F")
    pdf.set_fill_color(*GOLD)
    pdf.rect(0, BAND_HEIGHT, width, 0.8, style="F")
    pdf.text_block(
        card.commune_kind_line.upper(), x=MARGIN, y=1.6, width=width - 2 * MARGIN, style="",
        size=7, max_lines=1, floor=5, align="C", color=(255, 255, 255),
    )  # fmt: skip
    pdf.text_block(
        card.commune_name.upper(), x=MARGIN, y=5.0, width=width - 2 * MARGIN, style="B",
        size=11, max_lines=1, floor=6, align="C", color=(255, 255, 255),
    )  # fmt: skip

    # The photo, or a frame saying where to stick one.
    x, y, w, h = PHOTO
    if card.photo:
        with Image.open(io.BytesIO(card.photo)) as image:
            pdf.image(image.convert("RGB"), x=x, y=y, w=w, h=h)
    else:
        pdf.set_fill_color(238, 238, 242)
        pdf.set_draw_color(150, 150, 160)
        pdf.rect(x, y, w, h, style="DF")
        pdf.text_block("Ảnh 3×4", x=x, y=y + h / 2 - 2, width=w, style="", size=7, max_lines=1, floor=5,
                       align="C", color=(110, 110, 120))  # fmt: skip
    pdf.set_draw_color(0, 0, 0)

    # Name, position, department, between the photo and the QR code.
    y = pdf.text_block(card.full_name.upper(), x=TEXT_X, y=14.5, width=TEXT_W, style="B", size=9.5,
                       max_lines=2, floor=6.5, color=RED)  # fmt: skip
    y = pdf.text_block(card.position, x=TEXT_X, y=y + 1.0, width=TEXT_W, style="", size=7.5, max_lines=3, floor=5.5)
    if card.department:
        pdf.text_block(card.department, x=TEXT_X, y=y + 0.8, width=TEXT_W, style="", size=7, max_lines=2, floor=5,
                       color=(70, 70, 80))  # fmt: skip

    # The QR code of the public profile, with its quiet zone, and what it is for.
    png = io.BytesIO()
    segno.make(card.profile_url, error="m", micro=False).save(png, kind="png", scale=8, border=2)
    pdf.image(Image.open(png).convert("L"), x=QR[0], y=QR[1], w=QR_SIZE, h=QR_SIZE)
    pdf.text_block(QR_CAPTION, x=QR[0] - 2, y=QR[1] + QR_SIZE + 0.2, width=QR_SIZE + 4, style="",
                   size=5.5, max_lines=2, floor=4.5, align="C", color=(70, 70, 80))  # fmt: skip

    # The number, on a line of its own at the foot of the card.
    pdf.set_fill_color(*RED)
    pdf.rect(0, height - 2.2, width, 2.2, style="F")
    pdf.text_block(f"Số thẻ: {card.number}", x=MARGIN, y=PHOTO[1] + PHOTO[3] + 1.5, width=TEXT_X + TEXT_W - MARGIN,
                   style="B", size=9, max_lines=1, floor=6)  # fmt: skip
    return bytes(pdf.output())
