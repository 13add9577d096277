"""Form 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (TT 01/2018/TT-VPCP, Mẫu số 01), A5."""

from __future__ import annotations

from .content import ReceiptSlip
from .form_set import FORM_SET
from .formatting import count, moment_in_words, money, place_and_date
from .layout import Column, FormPdf, Grid, SignatureBlock, line_height

TITLE = FORM_SET["receipt"].title
QR_SIZE = 26
EXTRA_QR_SIZE = 20


def render_receipt(slip: ReceiptSlip) -> bytes:
    head = slip.letterhead
    pdf = FormPdf(title=f"{TITLE} — {slip.dossier_code}")
    pdf.letterhead(head, number=slip.number, place_date=place_and_date(head.commune_name, slip.received_at))
    pdf.heading(TITLE)
    _identity_with_qr(pdf, slip)

    pdf.paragraph("1. Thành phần hồ sơ nộp gồm:")
    documents = Grid(
        pdf,
        [
            Column("STT", 9, align="C"),
            Column("Tên giấy tờ", pdf.epw - 9 - 27 - 16),
            Column("Hình thức", 27, align="C"),
            Column("Số lượng", 16, align="C"),
        ],
        size=pdf.body_size - 1,
    )
    for number, document in enumerate(slip.documents, start=1):
        documents.row([str(number), document.name, document.form, count(document.count)])
    pdf.ln(1.5)

    for number, (label, value) in enumerate(_terms(slip), start=2):
        pdf.field((f"{number}. {label}", value))
    pdf.paragraph(
        f"Tra cứu tình trạng giải quyết hồ sơ: quét mã QR ở trên hoặc truy cập {slip.lookup_url}, "
        "nhập mã hồ sơ và mã PIN. Ông/Bà giữ kín mã PIN: chỉ người có mã PIN mới xem được thông tin cá nhân "
        "trong hồ sơ.",
        style="I",
        align="L",
        size=pdf.body_size - 1.5,
    )
    for url, caption in slip.extra_codes:
        _code_with_caption(pdf, url, caption)
    pdf.signatures(
        SignatureBlock("NGƯỜI NỘP HỒ SƠ", name=slip.applicant.name),
        SignatureBlock("NGƯỜI TIẾP NHẬN HỒ SƠ", name=slip.officer_name),
    )
    return pdf.to_bytes()


def _code_with_caption(pdf: FormPdf, url: str, caption: str) -> None:
    """A smaller QR code on the left with its caption beside it (another module's link, vidan.onestop.links)."""
    size = EXTRA_QR_SIZE
    pdf.ensure_room(size + 1)
    top = pdf.get_y() + 0.5
    pdf.qr_code(url, x=pdf.l_margin, y=top, size=size)
    left_margin = pdf.l_margin
    pdf.set_left_margin(left_margin + size + 2)
    pdf.set_xy(left_margin + size + 2, top + 2)
    pdf.paragraph(caption, style="I", align="L", size=pdf.body_size - 1.5)
    pdf.set_left_margin(left_margin)
    pdf.set_x(left_margin)
    pdf.set_y(max(pdf.get_y(), top + size) + 0.5)


def _identity_with_qr(pdf: FormPdf, slip: ReceiptSlip) -> None:
    """Code, PIN and applicant on the left; the QR code to the public lookup page beside them."""
    top = pdf.get_y()
    qr_x = pdf.l_margin + pdf.epw - QR_SIZE
    pdf.qr_code(slip.lookup_url, x=qr_x, y=top, size=QR_SIZE)
    pdf.centred(qr_x, top + QR_SIZE, QR_SIZE, "Quét mã để tra cứu", "I", pdf.body_size - 2)
    qr_bottom = top + QR_SIZE + line_height(pdf.body_size - 2)

    right_margin = pdf.r_margin
    pdf.set_right_margin(right_margin + QR_SIZE + 2)
    pdf.set_y(top)
    pdf.field(("Mã hồ sơ:", slip.dossier_code))
    pdf.field(("Mã PIN tra cứu:", slip.pin))
    if slip.book_volume and slip.book_line is not None:
        pdf.field(("Sổ theo dõi hồ sơ: quyển số", slip.book_volume), ("số thứ tự", str(slip.book_line)))
    pdf.field((f"{slip.letterhead.desk_name}:", slip.letterhead.committee))
    pdf.applicant(slip.applicant)
    pdf.set_right_margin(right_margin)
    pdf.set_y(max(pdf.get_y(), qr_bottom) + 0.5)
    pdf.field(("Nội dung yêu cầu giải quyết:", slip.procedure_name))


def _terms(slip: ReceiptSlip) -> list[tuple[str, str]]:
    """Items 2 onwards of the slip; optional ones are left out and the rest renumbered."""
    terms = [("Số lượng hồ sơ:", f"{count(slip.dossier_sets)} bộ")]
    if slip.time_limit_workdays is not None:
        limit = "trong ngày" if slip.time_limit_workdays == 0 else f"{count(slip.time_limit_workdays)} ngày làm việc"
        terms.append(("Thời gian giải quyết hồ sơ theo quy định là:", limit))
    terms += [
        ("Thời gian nhận hồ sơ:", moment_in_words(slip.received_at)),
        ("Thời gian trả kết quả giải quyết hồ sơ:", moment_in_words(slip.due_at)),
        ("Đăng ký nhận kết quả tại:", slip.collect_at or _default_desk(slip)),
    ]
    if slip.fee is not None or slip.fee_status:
        amount = (
            "Theo mức của Hội đồng nhân dân tỉnh" if slip.fee is None else money(slip.fee) if slip.fee else "Miễn phí"
        )
        terms.append(("Phí, lệ phí:", f"{amount} ({slip.fee_status})" if slip.fee_status else amount))
    return terms


def _default_desk(slip: ReceiptSlip) -> str:
    desk = f"{slip.letterhead.desk_name}, {slip.letterhead.committee}"
    return f"{desk} ({slip.letterhead.address})" if slip.letterhead.address else desk
