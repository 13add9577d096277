"""The official one-stop forms 01–06: pure renderers, checked by reading the PDF and XLSX they produce."""

import io
import logging
import unicodedata
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import segno
from openpyxl import load_workbook
from pypdf import PdfReader

from vidan.onestop.paperwork import (
    FORM_SET,
    Apology,
    Applicant,
    ControlSheet,
    ControlStep,
    DecisionRefusal,
    DocumentForm,
    Letterhead,
    MissingItem,
    ReceiptSlip,
    ReceivedDocument,
    Refusal,
    ReturnNotice,
    Signatory,
    StepOutcome,
    SupplementRequest,
    TrackingBook,
    TrackingRow,
    render_apology,
    render_control_sheet,
    render_decision_refusal,
    render_receipt,
    render_refusal,
    render_return_notice,
    render_supplement_request,
    render_tracking_book_pdf,
    render_tracking_book_xlsx,
)
from vidan.onestop.paperwork.formatting import date_in_words, money
from vidan.onestop.paperwork.layout import QR_BORDER

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HEAD = Letterhead("Thuận Hóa", "xã", "Quảng Trị", "Thôn Tân Hóa, xã Thuận Hóa", "0232 3123 456")
APPLICANT = Applicant("Nguyễn Thị Hường", "Thôn Kim Lũ, xã Thuận Hóa", "0912 345 678", "huong@example.vn")
CODE = "000.00.12.H56-250312-0007"
URL = "https://vidan.example.vn/tra-cuu/000.00.12.H56-250312-0007"
A5_MM = (148, 210)
A4_LANDSCAPE_MM = (297, 210)


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=VN)


def pages(pdf: bytes) -> list[str]:
    """Each page's text as a reader would extract it, whitespace collapsed (line breaks become spaces)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def page_size_mm(pdf: bytes, index: int = 0) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[index].mediabox
    return round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)


def receipt_slip(**changes) -> ReceiptSlip:
    fields = dict(
        letterhead=HEAD,
        dossier_code=CODE,
        pin="482915",
        applicant=APPLICANT,
        procedure_name="Chứng thực hợp đồng, giao dịch",
        documents=[
            ReceivedDocument("Dự thảo hợp đồng, giao dịch", DocumentForm.ORIGINAL, 2),
            ReceivedDocument("Căn cước của người yêu cầu chứng thực", DocumentForm.CERTIFIED_COPY),
        ],
        received_at=at(12, 9, 30),
        due_at=at(14, 14, 0),
        officer_name="Trần Thị Hoa",
        lookup_url=URL,
        time_limit_workdays=2,
        fee=50000,
    )
    return ReceiptSlip(**(fields | changes))


def test_receipt_is_an_a5_pdf_with_every_part_of_form_01():
    # given a dossier received at the desk, when its receipt is printed
    pdf = render_receipt(receipt_slip())

    # then it is one A5 page that says, in Vietnamese, everything form 01 asks for
    assert pdf.startswith(b"%PDF")
    assert page_size_mm(pdf) == A5_MM
    (text,) = pages(pdf)
    for expected in [
        "ỦY BAN NHÂN DÂN XÃ THUẬN HÓA",
        "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thuận Hóa, ngày 12 tháng 3 năm 2025",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {CODE}",
        "Tiếp nhận hồ sơ của: Nguyễn Thị Hường",
        "Địa chỉ: Thôn Kim Lũ, xã Thuận Hóa",
        "Số điện thoại: 0912 345 678",
        "Email: huong@example.vn",
        "Nội dung yêu cầu giải quyết: Chứng thực hợp đồng, giao dịch",
        "Dự thảo hợp đồng, giao dịch Bản chính 02",
        "Căn cước của người yêu cầu chứng thực Bản sao chứng thực 01",
        "Số lượng hồ sơ: 01 bộ",
        "Thời gian giải quyết hồ sơ theo quy định là: 02 ngày làm việc",
        "Thời gian nhận hồ sơ: 09 giờ 30 phút, ngày 12 tháng 3 năm 2025",
        "Thời gian trả kết quả giải quyết hồ sơ: 14 giờ 00 phút, ngày 14 tháng 3 năm 2025",
        "Đăng ký nhận kết quả tại: Bộ phận tiếp nhận và trả kết quả, Ủy ban nhân dân xã Thuận Hóa",
        "Phí, lệ phí: 50.000 đồng",
        "Mã PIN tra cứu: 482915",
        URL,
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Trần Thị Hoa",
    ]:
        assert expected in text


def test_receipt_prints_times_in_vietnam_local_time():
    # given moments stored in UTC
    slip = receipt_slip(
        received_at=datetime(2025, 3, 12, 17, 30, tzinfo=UTC), due_at=datetime(2025, 3, 14, 7, tzinfo=UTC)
    )

    (text,) = pages(render_receipt(slip))

    # then the slip shows Hà Nội time, and the date of the evening receipt is the next local day
    assert "Thời gian nhận hồ sơ: 00 giờ 30 phút, ngày 13 tháng 3 năm 2025" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ: 14 giờ 00 phút, ngày 14 tháng 3 năm 2025" in text


def test_forms_refuse_naive_datetimes():
    with pytest.raises(ValueError, match="time zone"):
        render_receipt(receipt_slip(due_at=datetime(2025, 3, 14, 14, 0)))


def test_receipt_qr_code_is_the_lookup_url():
    # given a receipt, when the QR image embedded in the PDF is read back module by module
    (image,) = PdfReader(io.BytesIO(render_receipt(receipt_slip()))).pages[0].images
    picture = image.image.convert("L")
    expected = segno.make(URL, error="m", micro=False)
    modules = expected.symbol_size(scale=1, border=QR_BORDER)[0]
    pixels_per_module = picture.width / modules

    def dark(row: int, column: int) -> bool:
        centre = ((QR_BORDER + column + 0.5) * pixels_per_module, (QR_BORDER + row + 0.5) * pixels_per_module)
        return picture.getpixel((int(centre[0]), int(centre[1]))) < 128

    # then it is exactly the symbol segno makes for the public lookup URL
    drawn = [[dark(r, c) for c in range(len(expected.matrix))] for r in range(len(expected.matrix))]
    assert drawn == [[bool(module) for module in row] for row in expected.matrix]


def test_decomposed_vietnamese_input_prints_as_composed_letters_with_no_missing_glyph(caplog):
    # given text typed with combining tone marks, and every Vietnamese letter in every style used
    every_letter = "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
    name = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    slip = receipt_slip(
        applicant=Applicant(name, every_letter, every_letter.lower()),
        procedure_name=every_letter,
        documents=[ReceivedDocument(every_letter.lower())],
        officer_name=every_letter,
    )

    with caplog.at_level(logging.WARNING, logger="fpdf"):
        (text,) = pages(render_receipt(slip))

    # then the name reads as the composed letters, and the font had a glyph for every letter
    assert "Nguyễn Thị Hường" in text
    assert every_letter in text.replace(" ", "")
    assert not [record for record in caplog.records if "missing" in record.getMessage()]


def test_supplement_request_lists_every_missing_item_with_its_reason_in_one_notice():
    # given twelve things to fix: more than one A5 page holds
    items = [
        MissingItem(f"Giấy tờ số {n}: bản sao sổ hộ khẩu", f"Lý do {n}: ảnh chụp mờ, không đọc được")
        for n in range(1, 13)
    ]
    request = SupplementRequest(
        letterhead=HEAD,
        applicant=APPLICANT,
        procedure_name="Đăng ký kết hôn",
        items=items,
        legal_basis="Điều 18 Luật Hộ tịch năm 2014",
        officer_name="Trần Thị Hoa",
        issued_at=at(12, 10, 15),
    )

    pdf = render_supplement_request(request)

    # then one document carries them all, each beside its reason, with the basis and the officer
    assert page_size_mm(pdf) == A5_MM
    text = " ".join(pages(pdf))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    for n in range(1, 13):
        assert f"Giấy tờ số {n}: bản sao sổ hộ khẩu Lý do {n}: ảnh chụp mờ" in text
    assert "Căn cứ pháp lý: Điều 18 Luật Hộ tịch năm 2014" in text
    assert "liên hệ với Trần Thị Hoa, số điện thoại 0232 3123 456" in text
    assert "NGƯỜI HƯỚNG DẪN" in text
    assert "Thuận Hóa, ngày 12 tháng 3 năm 2025" in text


def test_supplement_request_needs_an_item():
    request = SupplementRequest(HEAD, APPLICANT, "Đăng ký kết hôn", [], "Điều 18", "Trần Thị Hoa", at(12))
    with pytest.raises(ValueError):
        render_supplement_request(request)


def test_refusal_states_its_reasons():
    refusal = Refusal(
        letterhead=HEAD,
        applicant=APPLICANT,
        procedure_name="Đăng ký thường trú",
        reasons=["Thủ tục không thuộc thẩm quyền của Ủy ban nhân dân xã.", "Chỗ ở nằm trong khu vực thu hồi đất."],
        officer_name="Trần Thị Hoa",
        issued_at=at(12, 10, 20),
        legal_basis="Điều 23 Luật Cư trú năm 2020",
    )

    pdf = render_refusal(refusal)

    assert page_size_mm(pdf) == A5_MM
    (text,) = pages(pdf)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:" in text
    assert "1. Thủ tục không thuộc thẩm quyền của Ủy ban nhân dân xã." in text
    assert "2. Chỗ ở nằm trong khu vực thu hồi đất." in text
    assert "Căn cứ pháp lý: Điều 23 Luật Cư trú năm 2020" in text


def test_apology_gives_the_reason_and_the_new_appointment():
    apology = Apology(
        letterhead=HEAD,
        applicant=APPLICANT,
        dossier_code=CODE,
        procedure_name="Thay đổi, cải chính hộ tịch",
        received_at=at(12, 9, 30),
        old_due=at(17, 14),
        new_due=at(20, 14),
        reason="Cần xác minh tại nơi đăng ký khai sinh trước đây.",
        signatory=Signatory("Lê Văn Quảng"),
        issued_at=at(14, 16),
    )

    pdf = render_apology(apology)

    assert page_size_mm(pdf) == A5_MM
    (text,) = pages(pdf)
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Kính gửi: Nguyễn Thị Hường" in text
    assert "Thời gian hẹn trả kết quả giải quyết hồ sơ: 14 giờ 00 phút, ngày 17 tháng 3 năm 2025" in text
    assert "lý do: Cần xác minh tại nơi đăng ký khai sinh trước đây." in text
    assert "xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào 14 giờ 00 phút, ngày 20 tháng 3" in text
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in text
    assert "Lê Văn Quảng" in text


def test_control_sheet_has_one_row_per_hand_over():
    steps = [
        ControlStep(
            "Bộ phận một cửa", "Công chức Tư pháp", at(12, 9, 45), "Trần Thị Hoa", "Lê Ánh", StepOutcome.ON_TIME
        ),
        ControlStep("Công chức Tư pháp", "Chủ tịch UBND xã", at(13, 15, 5), "Lê Ánh", "Lê Quảng", StepOutcome.EARLY),
        ControlStep("Chủ tịch UBND xã", "Bộ phận một cửa", at(14, 8), "Lê Quảng", "Trần Thị Hoa", StepOutcome.LATE),
    ]
    sheet = ControlSheet(
        HEAD, CODE, "Chứng thực hợp đồng", "Nguyễn Thị Hường", at(12, 9, 30), at(14, 14), "Tư pháp", steps
    )

    pdf = render_control_sheet(sheet)

    assert page_size_mm(pdf) == A5_MM
    (text,) = pages(pdf)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Giao: Bộ phận một cửa Nhận: Công chức Tư pháp 09:45 12/03/2025 Đúng hạn" in text
    assert "Giao: Công chức Tư pháp Nhận: Chủ tịch UBND xã 15:05 13/03/2025 Trước hạn" in text
    assert "Giao: Chủ tịch UBND xã Nhận: Bộ phận một cửa 08:00 14/03/2025 Quá hạn" in text


def tracking_rows(count: int) -> list[TrackingRow]:
    first = date(2025, 1, 2)
    return [
        TrackingRow(
            dossier_code=f"000.00.12.H56-{first + timedelta(days=n // 2):%y%m%d}-{n + 1:04d}",
            procedure_name="Đăng ký khai sinh",
            applicant_name=f"Người nộp {n + 1}",
            applicant_contact="Thôn Kim Lũ, 0912345678",
            lead_agency="Tư pháp - Hộ tịch",
            received_on=first + timedelta(days=n // 2),
            due_on=first + timedelta(days=n // 2 + 3),
        )
        for n in range(count)
    ]


def test_tracking_book_pdf_pages_over_many_rows_repeating_its_header():
    book = TrackingBook(HEAD, date(2025, 1, 1), date(2025, 3, 31), tracking_rows(120), department="Tư pháp - Hộ tịch")

    pdf = render_tracking_book_pdf(book)

    # then it is A4 landscape, several pages, each with the column header and its number
    assert page_size_mm(pdf) == A4_LANDSCAPE_MM
    texts = pages(pdf)
    assert len(texts) >= 3
    assert "SỔ THEO DÕI HỒ SƠ" in texts[0]
    assert "Từ ngày 01/01/2025 đến ngày 31/03/2025 — Tư pháp - Hộ tịch" in texts[0]
    for number, text in enumerate(texts, start=1):
        for heading in ["STT", "Mã hồ sơ", "Tên TTHC", "Cơ quan chủ trì giải quyết", "Ngày trả kết quả", "Ghi chú"]:
            assert heading in text
        assert f"Trang {number}/{len(texts)}" in text
    # and every dossier is in the book exactly once
    everything = " ".join(texts)
    for n in range(1, 121):
        assert everything.count(f"Người nộp {n} ") == 1


def test_tracking_book_pdf_prints_local_dates():
    evening_utc = datetime(2025, 3, 12, 18, 30, tzinfo=UTC)  # already 13/03 in Vietnam
    row = TrackingRow(
        CODE, "Chứng thực chữ ký", "Nguyễn Văn An", "0912345678", "Tư pháp", evening_utc, date(2025, 3, 13)
    )
    text = " ".join(pages(render_tracking_book_pdf(TrackingBook(HEAD, date(2025, 3, 1), date(2025, 3, 31), [row]))))
    assert "13/03/2025 13/03/2025" in text


def test_tracking_book_xlsx_has_a_frozen_bold_header_and_real_dates():
    rows = tracking_rows(120)
    rows[0] = TrackingRow(
        CODE, "Chứng thực chữ ký", "Nguyễn Văn An", "0912", "Tư pháp", datetime(2025, 3, 12, 18, 30, tzinfo=UTC)
    )
    book = TrackingBook(HEAD, date(2025, 1, 1), date(2025, 3, 31), rows)

    sheet = load_workbook(io.BytesIO(render_tracking_book_xlsx(book))).active

    header = [cell.value for cell in sheet[4]]
    assert header[:4] == ["STT", "Mã hồ sơ", "Tên TTHC", "Số lượng hồ sơ (bộ)"]
    assert header[-1] == "Ghi chú"
    assert all(cell.font.b for cell in sheet[4])
    assert sheet.freeze_panes == "A5"
    assert sheet.max_row == 4 + 120
    assert sheet.column_dimensions["C"].width >= 30

    received = header.index("Ngày nhận hồ sơ") + 1
    first, second = sheet.cell(5, received), sheet.cell(6, received)
    assert first.is_date and first.value == datetime(2025, 3, 13)  # the local date of an evening in UTC
    assert second.is_date and second.value == datetime(2025, 1, 2)
    assert second.number_format == "dd/mm/yyyy"
    assert sheet.cell(6, 2).value == rows[1].dossier_code
    assert sheet.cell(124, 1).value == 120
    due = sheet.cell(5, header.index("Ngày hẹn trả kết quả") + 1)
    assert due.value is None  # a step not reached yet stays empty


def test_text_a_citizen_typed_stays_text_in_the_tracking_book_xlsx():
    # Given an applicant whose name and phone a spreadsheet would read as formulas
    row = TrackingRow(
        CODE, "Chứng thực chữ ký", '=HYPERLINK("http://x.example","Bấm")', "+84912", "Tư pháp",
        datetime(2025, 3, 12, 9, 30, tzinfo=UTC),
    )  # fmt: skip
    book = TrackingBook(HEAD, date(2025, 3, 1), date(2025, 3, 31), [row])

    # When the book is written and read back
    sheet = load_workbook(io.BytesIO(render_tracking_book_xlsx(book))).active

    # Then every cell of the row is the text itself, no formula; the line number and dates keep their types
    cells = {cell.value: cell for cell in sheet[5]}
    assert cells['=HYPERLINK("http://x.example","Bấm")'].data_type == "s"
    assert not [cell for cell in sheet[5] if cell.data_type == "f"]
    assert sheet.cell(5, 1).value == 1 and sheet.cell(5, 1).data_type == "n"


def test_dates_and_money_follow_vietnamese_conventions():
    assert money(1250000) == "1.250.000 đồng"
    assert money(8000) == "8.000 đồng"
    # a day below 10 and the months January and February take a leading zero
    assert date_in_words(date(2025, 2, 5)) == "ngày 05 tháng 02 năm 2025"
    assert date_in_words(date(2025, 11, 20)) == "ngày 20 tháng 11 năm 2025"


# -- what each item asked for says, and the papers added to the set ------------------------------------------


def test_a_supplement_request_refuses_an_item_without_its_reason():
    # given a notice whose second item has no reason
    request = SupplementRequest(
        HEAD,
        APPLICANT,
        "Đăng ký kết hôn",
        [MissingItem("Tờ khai đăng ký kết hôn", "Thiếu chữ ký của bên nữ."), MissingItem("Giấy xác nhận", " ")],
        "Điều 18 Luật Hộ tịch năm 2014",
        "Trần Thị Hoa",
        at(12),
    )
    # then it is not drawn with an empty "Lý do"
    with pytest.raises(ValueError, match="reason"):
        render_supplement_request(request)


def test_the_apology_never_splits_the_dossier_code_across_two_lines():
    # given a code that falls at the end of a line of the apology's first paragraph
    apology = Apology(
        HEAD, APPLICANT, CODE, "Thay đổi, cải chính hộ tịch", at(12, 9, 30), at(17, 14), at(20, 14),
        "Cần xác minh.", Signatory("Lê Văn Quảng"), at(14, 16),
    )  # fmt: skip

    (text,) = pages(render_apology(apology))

    # then the code reads whole
    assert f"Mã hồ sơ: {CODE}." in text


def test_the_receipt_carries_its_volume_and_line_in_the_tracking_book():
    (text,) = pages(render_receipt(receipt_slip(book_volume="2025", book_line=312)))
    assert "Sổ theo dõi hồ sơ: quyển số 2025 số thứ tự 312" in text


def test_a_control_sheet_with_no_hand_over_yet_still_prints_its_table():
    sheet = ControlSheet(
        HEAD, CODE, "Chứng thực hợp đồng", "Nguyễn Thị Hường", at(12, 9, 30), at(14, 14), "Tư pháp", []
    )

    (text,) = pages(render_control_sheet(sheet))

    for heading in ("STT", "Bên giao, bên nhận hồ sơ", "Thời gian giao, nhận", "Người giao", "Người nhận"):
        assert heading in text
    assert "Hồ sơ chưa được giao, nhận giữa các bộ phận." in text


def test_the_return_notice_lists_each_item_with_its_reason_and_the_time_already_spent():
    notice = ReturnNotice(
        letterhead=HEAD,
        applicant=APPLICANT,
        dossier_code=CODE,
        procedure_name="Đăng ký giám hộ",
        received_at=at(12, 9, 30),
        items=[MissingItem("Văn bản cử người giám hộ", "Chưa có chữ ký của người được cử làm giám hộ.")],
        time_spent=timedelta(hours=10, minutes=30),
        time_limit_workdays=3,
        officer_name="Lê Văn Tư",
        issued_at=at(13, 15),
        legal_basis="Luật Hộ tịch 60/2014/QH13 Điều 20–21",
    )

    pdf = render_return_notice(notice)

    assert page_size_mm(pdf) == A5_MM
    (text,) = pages(pdf)
    assert FORM_SET["return_notice"].title in text and FORM_SET["supplement"].title not in text
    assert "ỦY BAN NHÂN DÂN XÃ THUẬN HÓA" in text and "BỘ PHẬN TIẾP NHẬN" not in text  # the committee's, not the desk's
    assert f"Mã hồ sơ: {CODE}." in text
    assert "Thời gian đã giải quyết hồ sơ đến khi trả lại: 10 giờ 30 phút làm việc" in text
    assert "(thời hạn giải quyết theo quy định: 03 ngày làm việc)" in text
    assert "1 Văn bản cử người giám hộ Chưa có chữ ký của người được cử làm giám hộ." in text
    assert "CÔNG CHỨC THẨM ĐỊNH HỒ SƠ" in text and "Lê Văn Tư" in text


@pytest.mark.parametrize(
    ("signatory", "block"),
    [
        (Signatory("Đinh Xuân Trường", "CHỦ TỊCH", ""), "CHỦ TỊCH (Ký, ghi rõ họ tên và đóng dấu) Đinh Xuân Trường"),
        (
            Signatory("Hoàng Thị Minh Nguyệt", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH"),
            "KT. CHỦ TỊCH PHÓ CHỦ TỊCH (Ký, ghi rõ họ tên và đóng dấu) Hoàng Thị Minh Nguyệt",
        ),
    ],
)
def test_the_refusal_after_processing_is_the_chairmans_not_the_desks_form_03(signatory, block):
    refusal = DecisionRefusal(
        letterhead=HEAD,
        applicant=APPLICANT,
        dossier_code=CODE,
        procedure_name="Đăng ký kết hôn",
        received_at=at(12, 9, 30),
        reasons=["Bên nam chưa đủ tuổi kết hôn."],
        signatory=signatory,
        issued_at=at(14, 16),
        legal_basis="Luật Hộ tịch 60/2014/QH13 Điều 18",
    )

    (text,) = pages(render_decision_refusal(refusal))

    assert FORM_SET["decision_refusal"].title in text and FORM_SET["refusal"].title not in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" not in text and "BỘ PHẬN TIẾP NHẬN" not in text
    assert "1. Bên nam chưa đủ tuổi kết hôn." in text
    assert block in text


def test_every_paper_takes_its_title_from_the_one_form_set():
    # the form set numbers forms 01–06 in order; the two notices have no number but a legal basis
    numbered = [spec.number for spec in FORM_SET.values() if spec.number]
    assert numbered == ["01", "02", "03", "04", "05", "06"]
    assert all(spec.title and spec.basis and spec.slug for spec in FORM_SET.values())
    assert len({spec.slug for spec in FORM_SET.values()}) == len(FORM_SET)
    (text,) = pages(render_receipt(receipt_slip()))
    assert FORM_SET["receipt"].title in text
