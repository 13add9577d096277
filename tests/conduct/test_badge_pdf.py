"""The badge as a card-size PDF: the card's size, every text in Vietnamese in full, the QR code of the profile."""

import io

import pypdf
import segno
from PIL import Image

from tests.conduct.factories import jpeg_bytes
from vidan.conduct.badge_pdf import BadgeCard, render_badge

URL = "https://vidan.example/xa/thuan-hoa/can-bo-cong-chuc/18964.03/"


def card(**changes) -> BadgeCard:
    values = {
        "commune_kind_line": "Ủy ban nhân dân xã",
        "commune_name": "Thuận Hóa",
        "full_name": "Hoàng Thị Minh Nguyệt",
        "position": "Phó Chủ tịch UBND xã",
        "department": "Lãnh đạo UBND",
        "number": "18964.03",
        "profile_url": URL,
        "photo": jpeg_bytes((360, 480)),
    }
    return BadgeCard(**{**values, **changes})


def text_of(pdf: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_the_badge_is_a_card_of_85_6_by_54_mm_with_every_detail_in_vietnamese():
    pdf = render_badge(card())
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    width, height = (float(v) * 25.4 / 72 for v in page.mediabox.upper_right)
    assert (round(width, 1), round(height, 1)) == (85.6, 54.0)
    text = " ".join(text_of(pdf).split())
    for expected in ("ỦY BAN NHÂN DÂN XÃ", "THUẬN HÓA", "HOÀNG THỊ MINH", "NGUYỆT", "Phó Chủ tịch UBND xã",
                     "Lãnh đạo UBND", "Số thẻ: 18964.03"):  # fmt: skip
        assert expected in text


def test_the_qr_code_is_the_profiles_address():
    page = pypdf.PdfReader(io.BytesIO(render_badge(card()))).pages[0]
    drawn = [image.image for image in page.images if image.image.mode == "L"]
    expected = io.BytesIO()
    segno.make(URL, error="m", micro=False).save(expected, kind="png", scale=8, border=2)
    assert len(drawn) == 1
    assert drawn[0].tobytes() == Image.open(expected).convert("L").tobytes()


def test_long_texts_shrink_into_their_lines_and_no_word_is_cut():
    long = card(
        commune_name="Nghĩa Hưng Đông Bắc Thượng",
        full_name="Nguyễn Trần Phương Thảo Nguyệt Ánh",
        position="Công chức Văn phòng – Thống kê kiêm Tài chính – Kế toán và Địa chính – Xây dựng",
        number="18964.123",
        photo=None,
    )
    lines = [line.strip() for line in text_of(render_badge(long)).splitlines()]
    words = {w for line in lines for w in line.split()}
    for text in (long.full_name.upper(), long.position, long.commune_name.upper()):
        assert set(text.split()) <= words  # every word whole, on some line
    assert "Ảnh 3×4" in lines and "Số thẻ: 18964.123" in lines
