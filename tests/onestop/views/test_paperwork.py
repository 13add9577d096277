"""The official papers from the back office: forms 01–05 of a dossier as PDF, the tracking book (form 06) as PDF
and XLSX. Read back as a citizen or an officer would read them: the PDF's text (pypdf) and the workbook's cells.
"""

import io
import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import logged_in_client
from tests.factories import actor_of, make_commune, make_staff
from tests.onestop.factories import received, step
from vidan.audit.models import AuditEntry
from vidan.onestop.intake_items import MissingItem
from vidan.onestop.models import Dossier, DossierEvent, DossierFile, DossierStatus, Procedure
from vidan.onestop.paperwork.formatting import moment_in_words
from vidan.onestop.services import commune_calendar, dossier_apologise
from vidan.onestop.simulation import dossiers_simulate
from vidan.onestop.views import paperwork as paperwork_views
from vidan.org.models import Role, Staff
from vidan.workdays import VIETNAM

RECEIVE = "/staff/ho-so/tiep-nhan/"
BOOK = "/staff/ho-so/so-theo-doi/"
BOOK_PDF = "/staff/ho-so/so-theo-doi/tai-ve.pdf"
BOOK_XLSX = "/staff/ho-so/so-theo-doi/tai-ve.xlsx"
FIRST_BOOK_ROW = 5  # rows 1–3: issuer, title, period; row 4: the column headings


def paper(dossier, form: str) -> str:
    return f"/staff/ho-so/{dossier.pk}/mau-{form}.pdf"


def text_of(response) -> str:
    """The PDF's text as a reader sees it, whitespace collapsed."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def submitted_online(desk, commune, name="Hoàng Văn Bình") -> Dossier:
    """A dossier as an online submission leaves it: not yet numbered, no clock running."""
    dossier = received(desk, commune, name=name)
    Dossier.objects.filter(pk=dossier.pk).update(
        status=DossierStatus.SUBMITTED, code=None, received_at=None, due_at=None, channel="online"
    )
    dossier.refresh_from_db()
    return dossier


# -- form 01, the receipt --------------------------------------------------------------------------------


def test_the_receipt_printed_right_after_receipt_carries_the_pin_and_later_does_not(catalogue, desk_officer, commune):
    client = logged_in_client(desk_officer)

    # Given a dossier the desk has just received, its PIN shown once on the dossier's page: the declaration
    # handed in as asked, the appointment of the guardian as two certified copies, and a power of attorney
    client.post(
        RECEIVE,
        {
            "procedure": str(Procedure.objects.get(code="HT-04").pk),
            "applicant_name": "Nguyễn Thị Lan",
            "applicant_phone": "0912 345 678",
            "applicant_address": "Thôn Tân Hóa",
            "doc0_in": "on",
            "doc0_form": "original",
            "doc0_count": "1",
            "doc1_in": "on",
            "doc1_form": "certified_copy",
            "doc1_count": "2",
            "other0_name": "Giấy ủy quyền",
            "other0_form": "copy",
            "other0_count": "1",
        },
    )
    dossier = Dossier.objects.get()
    page = client.get(f"/staff/ho-so/{dossier.pk}/").content.decode()
    pin = re.search(r'id="dossier-pin">(\d{6})<', page).group(1)
    assert f'href="{paper(dossier, "01")}"' in page

    # When the officer prints the receipt right away
    response = client.get(paper(dossier, "01"))

    # Then it is form 01 of this dossier, with the PIN, the documents checked, the due date and the lookup address
    text = text_of(response)
    assert response["Content-Disposition"] == f'inline; filename="{dossier.code}-01.pdf"'
    assert f"Mã PIN tra cứu: {pin}" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text and "ỦY BAN NHÂN DÂN XÃ THUẬN HÓA" in text
    assert f"Mã hồ sơ: {dossier.code}" in text and "Tiếp nhận hồ sơ của: Nguyễn Thị Lan" in text
    assert "Nội dung yêu cầu giải quyết: Đăng ký giám hộ" in text
    # the documents handed in, as the officer listed them, with their form and number
    assert "Tờ khai đăng ký giám hộ Bản chính 01" in text
    assert "Văn bản cử người giám hộ Bản sao chứng thực 02" in text
    assert "Giấy ủy quyền Bản sao 01" in text
    # and its place in the tracking book: this year's volume, the commune's first dossier of the year
    assert f"Sổ theo dõi hồ sơ: quyển số {timezone.localdate(dossier.received_at).year} số thứ tự 1" in text
    assert f"Thời gian trả kết quả giải quyết hồ sơ: {moment_in_words(dossier.due_at)}" in text
    assert "Thời gian giải quyết hồ sơ theo quy định là: 03 ngày làm việc" in text
    assert f"http://testserver/tra-cuu/?ma={dossier.code}" in "".join(text.split())
    assert "Trần Thị Hoa" in text  # the officer who received it
    # printing it again a minute later (a jammed printer) still gives the PIN
    assert f"Mã PIN tra cứu: {pin}" in text_of(client.get(paper(dossier, "01")))

    # When it is printed later in the day, or from another session
    with time_machine.travel(timedelta(hours=1)):  # an hour on from now
        later = text_of(client.get(paper(dossier, "01")))
    elsewhere = text_of(logged_in_client(desk_officer).get(paper(dossier, "01")))

    # Then the PIN is not on it: the slip says it was given at receipt
    for text in (later, elsewhere):
        assert f"Mã PIN tra cứu: {pin}" not in text
        assert "Mã PIN tra cứu: (đã cấp khi tiếp nhận)" in text and dossier.code in text
    # And every print is on the record, saying whether it carried the PIN
    prints = AuditEntry.objects.filter(action="onestop.dossier.paper", object_id=str(dossier.pk)).order_by("id")
    assert [entry.data["with_pin"] for entry in prints] == [True, True, False, False]


@pytest.mark.clock
def test_papers_of_another_communes_dossier_are_not_found(catalogue, desk_officer):
    elsewhere = make_commune(name="Lâm Hóa")
    their_desk = make_staff(elsewhere, Role.DESK_OFFICER)
    theirs = received(their_desk, elsewhere)
    # A week of working days on (a week of calendar days may land on a holiday, which the apology refuses)
    calendar = commune_calendar(elsewhere)
    new_due = calendar.end_of_day(calendar.add_working_days(calendar.local(theirs.due_at).date(), 5))
    dossier_apologise(actor=actor_of(their_desk), dossier=theirs, reason="Chờ xác minh", new_due=new_due)
    client = logged_in_client(desk_officer)

    for form in ("01", "02", "03", "04", "05"):
        assert client.get(paper(theirs, form)).status_code == 404, form
    assert client.get("/staff/ho-so/999999/mau-01.pdf").status_code == 404
    # And their own officer gets them
    assert logged_in_client(their_desk).get(paper(theirs, "01")).status_code == 200


def test_a_dossier_not_yet_received_has_no_receipt_nor_control_sheet(catalogue, desk_officer, commune):
    dossier = submitted_online(desk_officer, commune)
    client = logged_in_client(desk_officer)

    assert client.get(paper(dossier, "01")).status_code == 404
    assert client.get(paper(dossier, "05")).status_code == 404
    assert 'href="' + paper(dossier, "01") not in client.get(f"/staff/ho-so/{dossier.pk}/").content.decode()


# -- form 05, the control sheet ----------------------------------------------------------------------------


@pytest.mark.clock  # Tuesday 10/03/2026 09:30: a guardianship (3 working days) is due on Friday at 17:00
def test_the_control_sheet_judges_each_hand_over_against_its_own_steps_time(
    clock, catalogue, desk_officer, specialist, leader, commune
):
    # Given a dossier received on Tuesday morning: 28 working hours to Friday's close, split by default
    # 10/60/20/10 between the desk, the department, the leader and the result
    dossier = received(desk_officer, commune)
    clock.move_to(datetime(2026, 3, 10, 10, 0, tzinfo=VIETNAM))
    step(desk_officer, dossier, "assign", assignee=specialist)  # the desk took 30 minutes
    step(specialist, dossier, "start")
    clock.move_to(datetime(2026, 3, 12, 15, 0, tzinfo=VIETNAM))
    step(specialist, dossier, "submit_for_approval")  # the specialist held it 18 working hours
    clock.move_to(datetime(2026, 3, 12, 16, 0, tzinfo=VIETNAM))
    step(leader, dossier, "approve", note="Đồng ý")  # the leader took an hour
    clock.move_to(datetime(2026, 3, 13, 8, 0, tzinfo=VIETNAM))
    step(specialist, dossier, "mark_result_ready")  # the result was ready an hour and a half later
    clock.move_to(datetime(2026, 3, 13, 9, 0, tzinfo=VIETNAM))
    step(desk_officer, dossier, "return_result")

    # When the control sheet is printed
    response = logged_in_client(desk_officer).get(paper(dossier, "05"))

    # Then each hand-over shows its step's own time and the time its party held the dossier: the delay is the
    # specialist's, though the dossier was returned in time
    text = text_of(response)
    assert response["Content-Disposition"] == f'inline; filename="{dossier.code}-05.pdf"'
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text and f"Mã hồ sơ: {dossier.code}" in text
    # received in 2026, under NĐ 118/2025, whose desk is the commune's public administrative service centre
    desk, justice = "Trung tâm Phục vụ hành chính công", "Tư pháp – Hộ tịch"
    leaders = "Lãnh đạo Ủy ban nhân dân xã Thuận Hóa"
    rows = [
        f"1 Giao: {desk} Nhận: {justice} Thời gian của bước: 2 giờ 48 phút; đã dùng: 30 phút "
        "10:00 10/03/2026 Đúng hạn Trần Thị Hoa Lê Văn Tư",
        f"2 Giao: {justice} Nhận: {leaders} Thời gian của bước: 16 giờ 48 phút; đã dùng: 18 giờ "
        "15:00 12/03/2026 Quá hạn Lê Văn Tư Phạm Văn Minh",
        f"3 Giao: {leaders} Nhận: {justice} Thời gian của bước: 5 giờ 36 phút; đã dùng: 1 giờ Ghi chú: Đồng ý "
        "16:00 12/03/2026 Đúng hạn Phạm Văn Minh Lê Văn Tư",
        f"4 Giao: {justice} Nhận: {desk} Thời gian của bước: 2 giờ 48 phút; đã dùng: 1 giờ 30 phút "
        "08:00 13/03/2026 Đúng hạn Lê Văn Tư Trần Thị Hoa",
        f"5 Giao: {desk} Nhận: Người nộp hồ sơ 09:00 13/03/2026 Đúng hạn Trần Thị Hoa Nguyễn Thị Lan",
    ]
    for row in rows:
        assert row in text
    assert "6 Giao:" not in text  # starting the work and the receipt itself are no hand-overs


@pytest.mark.clock
def test_a_procedures_own_split_of_its_time_limit_judges_the_steps(clock, catalogue, desk_officer, specialist, commune):
    # Given a procedure whose internal procedure gives the desk only 5% of the time (1 h 24 min of 28 h)
    Procedure.objects.filter(code="HT-04").update(step_split="5/65/20/10")
    dossier = received(desk_officer, commune)

    # When the desk hands it on two hours later
    clock.move_to(datetime(2026, 3, 10, 11, 30, tzinfo=VIETNAM))
    step(desk_officer, dossier, "assign", assignee=specialist)

    # Then the desk's step is late by the procedure's own split
    text = text_of(logged_in_client(desk_officer).get(paper(dossier, "05")))
    assert "Thời gian của bước: 1 giờ 24 phút; đã dùng: 2 giờ 11:30 10/03/2026 Quá hạn" in text


def test_a_demo_dossier_prints_its_control_sheet_with_the_table(catalogue, desk_officer, commune):
    # Given a dossier returned to the citizen, as the demo's simulation writes it
    dossiers_simulate(commune=commune, count=40, seed=3)
    dossier = Dossier.objects.filter(commune=commune, status=DossierStatus.RETURNED).first()

    # When its control sheet is printed
    text = text_of(logged_in_client(desk_officer).get(paper(dossier, "05")))

    # Then the table of hand-overs is there, with its columns, and its rows
    for heading in ("STT", "Bên giao, bên nhận hồ sơ", "Thời gian giao, nhận", "Người giao", "Người nhận"):
        assert heading in text
    assert "1 Giao: Trung tâm Phục vụ hành chính công" in text


# -- forms 02, 03, 04: papers of one step -------------------------------------------------------------------


def test_the_supplement_request_and_the_refusal_exist_once_the_desk_took_those_steps(catalogue, desk_officer, commune):
    dossier = submitted_online(desk_officer, commune)
    client = logged_in_client(desk_officer)

    # Before the desk asked for anything, there is no form 02 (nor 03)
    assert client.get(paper(dossier, "02")).status_code == 404
    assert client.get(paper(dossier, "03")).status_code == 404

    # When the desk asks for everything missing in one notice
    step(
        desk_officer,
        dossier,
        "request_supplement",
        note="- Văn bản cử người giám hộ (bản chính)\n- Giấy tờ tùy thân của người giám hộ",
    )

    # Then form 02 lists each missing item, and the dossier's timeline offers it
    response = client.get(paper(dossier, "02"))
    text = text_of(response)
    assert response["Content-Disposition"] == f'inline; filename="ho-so-{dossier.pk}-02.pdf"'
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text and "Hồ sơ của: Hoàng Văn Bình" in text
    assert "1 Văn bản cử người giám hộ (bản chính)" in text
    assert "2 Giấy tờ tùy thân của người giám hộ" in text
    assert "Căn cứ pháp lý: Luật Hộ tịch 60/2014/QH13 Điều 20–21" in text
    request_event = DossierEvent.objects.get(dossier=dossier, action="request_supplement")
    page = client.get(f"/staff/ho-so/{dossier.pk}/").content.decode()
    assert f'href="{paper(dossier, "02")}?buoc={request_event.pk}"' in page
    # the notice of that very step, and nothing for a step that is not a supplement request
    assert client.get(paper(dossier, "02"), {"buoc": request_event.pk}).status_code == 200
    receive_event = DossierEvent.objects.get(dossier=dossier, action="receive")
    assert client.get(paper(dossier, "02"), {"buoc": receive_event.pk}).status_code == 404
    assert client.get(paper(dossier, "02"), {"buoc": "abc"}).status_code == 404

    # When the desk then refuses it, form 03 gives the reasons
    step(desk_officer, dossier, "refuse_intake", note="Không thuộc thẩm quyền của xã.")
    text = text_of(client.get(paper(dossier, "03")))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "1. Không thuộc thẩm quyền của xã." in text and "Trần Thị Hoa" in text


def test_the_apology_shows_the_old_and_the_new_appointment(catalogue, desk_officer, commune):
    dossier = received(desk_officer, commune)
    client = logged_in_client(desk_officer)
    assert client.get(paper(dossier, "04")).status_code == 404

    # Given the appointment moved once, by the apology
    calendar = commune_calendar(commune)
    new_day = calendar.add_working_days(calendar.local(dossier.due_at).date(), 2)
    new_due = datetime.combine(new_day, time(16, 0), tzinfo=VIETNAM)
    old_due = dossier.due_at
    dossier_apologise(actor=actor_of(desk_officer), dossier=dossier, reason="Chờ kết quả xác minh", new_due=new_due)

    # When form 04 is printed
    response = client.get(paper(dossier, "04"))

    # Then it apologises with the reason, the appointment it missed and the new one
    text = text_of(response)
    assert response["Content-Disposition"] == f'inline; filename="{dossier.code}-04.pdf"'
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text and "Kính gửi: Nguyễn Thị Lan" in text
    assert f"Thời gian hẹn trả kết quả giải quyết hồ sơ: {moment_in_words(old_due)}" in text
    assert "lý do: Chờ kết quả xác minh." in text
    assert f"cho Ông/Bà vào {moment_in_words(new_due)}" in text
    assert 'href="' + paper(dossier, "04") in client.get(f"/staff/ho-so/{dossier.pk}/").content.decode()


# -- the notices of processing: a return to complete, a refusal after processing -----------------------------


@pytest.mark.clock  # Tuesday 10/03/2026 09:30
def test_a_return_during_processing_has_its_own_notice_with_the_reasons_and_the_time_spent(
    clock, catalogue, desk_officer, specialist, commune
):
    # Given a dossier the specialist returns on Wednesday at 10:00, after 8 working hours on it
    dossier = received(desk_officer, commune)
    step(desk_officer, dossier, "assign", assignee=specialist)
    step(specialist, dossier, "start")
    clock.move_to(datetime(2026, 3, 11, 10, 0, tzinfo=VIETNAM))
    step(
        specialist,
        dossier,
        "return_incomplete",
        items=[MissingItem("Văn bản cử người giám hộ", "Chưa có chữ ký của người được cử làm giám hộ.")],
    )
    client = logged_in_client(desk_officer)
    event = DossierEvent.objects.get(dossier=dossier, action="return_incomplete")

    # When its notice is printed from the timeline
    page = client.get(f"/staff/ho-so/{dossier.pk}/").content.decode()
    assert f'href="/staff/ho-so/{dossier.pk}/tra-lai.pdf?buoc={event.pk}"' in page
    response = client.get(f"/staff/ho-so/{dossier.pk}/tra-lai.pdf", {"buoc": event.pk})

    # Then it is the committee's notice of the return, not the desk's form 02, with each item, its reason and
    # the working time already spent
    text = text_of(response)
    assert response["Content-Disposition"] == f'inline; filename="{dossier.code}-tra-lai.pdf"'
    assert "THÔNG BÁO TRẢ LẠI HỒ SƠ ĐỂ BỔ SUNG, HOÀN THIỆN" in text and "PHIẾU YÊU CẦU" not in text
    assert "1 Văn bản cử người giám hộ Chưa có chữ ký của người được cử làm giám hộ." in text
    assert "Thời gian đã giải quyết hồ sơ đến khi trả lại: 8 giờ làm việc" in text
    assert "Lê Văn Tư" in text
    # and form 02 is no paper of this step
    assert client.get(paper(dossier, "02")).status_code == 404


def test_a_refusal_after_processing_is_signed_for_the_chairman_not_printed_as_form_03(
    catalogue, desk_officer, specialist, leader, commune
):
    # Given a dossier a Vice-Chairman refused to grant
    Staff.objects.filter(pk=leader.pk).update(position="Phó Chủ tịch UBND xã")
    dossier = received(desk_officer, commune)
    step(desk_officer, dossier, "assign", assignee=specialist)
    step(specialist, dossier, "start")
    step(specialist, dossier, "submit_for_approval")
    step(leader, dossier, "reject", note="Người được cử làm giám hộ chưa đủ điều kiện theo Bộ luật Dân sự.")
    client = logged_in_client(desk_officer)

    # When the refusal is printed
    response = client.get(f"/staff/ho-so/{dossier.pk}/tu-choi-giai-quyet.pdf")

    # Then it is the committee's refusal with the Vice-Chairman's block "KT. CHỦ TỊCH", not the desk's form 03
    text = text_of(response)
    assert "THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ" in text and "TỪ CHỐI TIẾP NHẬN" not in text
    assert "1. Người được cử làm giám hộ chưa đủ điều kiện theo Bộ luật Dân sự." in text
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text and "Phạm Văn Minh" in text
    assert client.get(paper(dossier, "03")).status_code == 404
    assert (
        f'href="/staff/ho-so/{dossier.pk}/tu-choi-giai-quyet.pdf?buoc='
        in client.get(f"/staff/ho-so/{dossier.pk}/").content.decode()
    )

    # And a Chairman signs as "CHỦ TỊCH", on nobody's behalf
    Staff.objects.filter(pk=leader.pk).update(position="Chủ tịch UBND xã")
    text = text_of(client.get(f"/staff/ho-so/{dossier.pk}/tu-choi-giai-quyet.pdf"))
    assert "KT. CHỦ TỊCH" not in text and "CHỦ TỊCH (Ký, ghi rõ họ tên và đóng dấu) Phạm Văn Minh" in text


# -- form 06, the tracking book ----------------------------------------------------------------------------


@pytest.fixture
def book(catalogue, desk_officer, specialist, commune):
    """Three dossiers received this month (one for the police), one two months ago, one in another commune."""
    first = received(desk_officer, commune, name="Nguyễn Thị Lan")
    step(desk_officer, first, "assign", assignee=specialist)
    police = received(desk_officer, commune, name="Trần Văn Hùng", code="CT-04")
    third = received(desk_officer, commune, name="Lê Thị Mai")
    old = received(desk_officer, commune, name="Phạm Văn Đức")
    Dossier.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=62))
    elsewhere = make_commune(name="Lâm Hóa")
    received(make_staff(elsewhere, Role.DESK_OFFICER), elsewhere, name="Người Xã Khác")
    return {"this_month": [first, police, third], "old": old}


def this_month() -> dict:
    today = timezone.localdate()
    return {"received_from": f"{today.replace(day=1):%d/%m/%Y}", "received_to": f"{today:%d/%m/%Y}"}


def codes_in_workbook(response) -> list[str]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [row[1] for row in sheet.iter_rows(min_row=FIRST_BOOK_ROW, values_only=True)]


@pytest.mark.clock
def test_the_tracking_book_holds_the_periods_dossiers_in_order_of_receipt(book, desk_officer):
    client = logged_in_client(desk_officer)
    expected = [dossier.code for dossier in book["this_month"]]

    # The spreadsheet: this commune's dossiers of the period, in the order they were received
    response = client.get(BOOK_XLSX, this_month())
    assert response["Content-Disposition"].startswith('attachment; filename="so-theo-doi-ho-so-')
    assert codes_in_workbook(response) == expected
    sheet = load_workbook(io.BytesIO(response.content)).active
    first = next(sheet.iter_rows(min_row=FIRST_BOOK_ROW, values_only=True))
    assert first[4] == "Nguyễn Thị Lan" and first[6] == "Tư pháp – Hộ tịch"
    assert first[9].date() == timezone.localdate()  # the day it was handed to the specialist

    # The PDF: the same dossiers, not the older one nor the other commune's
    response = client.get(BOOK_PDF, this_month())
    text = text_of(response)
    assert response["Content-Disposition"].startswith('inline; filename="so-theo-doi-ho-so-')
    assert "SỔ THEO DÕI HỒ SƠ" in text
    for code in expected:
        assert code in "".join(text.split())
    assert book["old"].code not in "".join(text.split()) and "Người Xã Khác" not in text

    # Filtered by department: only the police's dossier
    police = client.get(BOOK_XLSX, {**this_month(), "department_kind": "police"})
    assert codes_in_workbook(police) == [book["this_month"][1].code]

    # The page says how many dossiers the period holds and links both downloads with the same filters
    page = client.get(BOOK, this_month()).content.decode()
    summary = ngettext(
        "%(count)s dossier received in this period.", "%(count)s dossiers received in this period.", 3
    ) % {"count": 3}
    assert escape(summary) in page
    assert 'href="/staff/ho-so/so-theo-doi/tai-ve.xlsx?received_from=' in page
    # The download is on the record
    assert AuditEntry.objects.filter(action="onestop.tracking_book.download").count() == 3


@pytest.mark.clock
def test_the_tracking_book_defaults_to_this_month(book, desk_officer):
    client = logged_in_client(desk_officer)

    page = client.get(BOOK).content.decode()
    first_day = timezone.localdate().replace(day=1)
    assert f'value="{first_day:%d/%m/%Y}"' in page  # shown as every day is, dd/mm/yyyy
    assert codes_in_workbook(client.get(BOOK_XLSX)) == [dossier.code for dossier in book["this_month"]]


def test_bad_filters_give_the_form_back_with_errors_and_no_download(book, desk_officer):
    client = logged_in_client(desk_officer)
    today = timezone.localdate()

    # The end before the start
    response = client.get(BOOK_XLSX, {"received_from": f"{today:%d/%m/%Y}", "received_to": "01/01/2020"})
    assert response.status_code == 400 and "Content-Disposition" not in response
    assert escape(gettext("The start date is after the end date.")) in response.content.decode()

    # A day that does not exist, and a day out of any sensible range
    response = client.get(BOOK, {"received_from": "31/02/2026", "received_to": "01/01/9999"})
    text = response.content.decode()
    assert response.status_code == 200
    assert escape(gettext("Enter the day as dd/mm/yyyy, for example 13/02/2026.")) in text
    assert escape(gettext("Choose a day between 01/01/2000 and 31/12/2099.")) in text
    assert "tai-ve.pdf?" not in text  # no download offered
    assert client.get(BOOK_PDF, {"received_from": "", "received_to": "01/01/2026"}).status_code == 400


@pytest.mark.clock
def test_a_period_too_large_for_one_book_is_refused_with_a_message(book, desk_officer, monkeypatch):
    monkeypatch.setattr(paperwork_views, "BOOK_ROW_LIMIT", 2)
    client = logged_in_client(desk_officer)

    response = client.get(BOOK_PDF, this_month())
    assert response.status_code == 400 and "Content-Disposition" not in response
    message = escape(paperwork_views._too_many())
    assert message in response.content.decode()
    page = client.get(BOOK, this_month()).content.decode()
    assert message in page and "tai-ve.pdf?" not in page


@pytest.mark.clock  # 40 receipts take a while: "this month" must not change on the way
def test_the_tracking_book_runs_the_same_queries_for_3_or_40_dossiers(
    clock, catalogue, desk_officer, specialist, commune
):
    client = logged_in_client(desk_officer)

    def queries_for_the_book(expected_rows: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            for address in (BOOK_XLSX, BOOK_PDF):
                response = client.get(address, this_month())
                assert response.status_code == 200
        assert len(codes_in_workbook(client.get(BOOK_XLSX, this_month()))) == expected_rows
        return len(captured)

    for n in range(3):
        step(desk_officer, received(desk_officer, commune, name=f"Người Nộp {n}"), "assign", assignee=specialist)
    with_3 = queries_for_the_book(3)
    for n in range(37):
        dossier = received(desk_officer, commune, name=f"Người Nộp {n + 3}")
        if n % 2:
            step(desk_officer, dossier, "assign", assignee=specialist)
    assert queries_for_the_book(40) == with_3


@pytest.mark.clock  # Tuesday 10/03/2026
def test_the_book_and_the_receipt_number_a_dossier_by_its_line_in_the_years_volume(
    clock, catalogue, desk_officer, commune
):
    # Given two dossiers received in January and three today, and one last year
    january = [received(desk_officer, commune, name=f"Người Tháng Một {n}") for n in range(2)]
    for n, dossier in enumerate(january):
        Dossier.objects.filter(pk=dossier.pk).update(received_at=datetime(2026, 1, 5 + n, 9, tzinfo=VIETNAM))
    last_year = received(desk_officer, commune, name="Người Năm Trước")
    Dossier.objects.filter(pk=last_year.pk).update(received_at=datetime(2025, 12, 30, 9, tzinfo=VIETNAM))
    march = [received(desk_officer, commune, name=f"Người Tháng Ba {n}") for n in range(3)]
    client = logged_in_client(desk_officer)

    # When March's book is downloaded
    response = client.get(BOOK_XLSX, {"received_from": "01/03/2026", "received_to": "31/03/2026"})

    # Then its lines carry on from January's in the volume of 2026
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = [(row[0], row[1]) for row in sheet.iter_rows(min_row=FIRST_BOOK_ROW, values_only=True)]
    assert lines == [(3, march[0].code), (4, march[1].code), (5, march[2].code)]
    assert "Quyển số: 2026" in sheet["A3"].value
    # And the receipt of the last one says so
    assert "Sổ theo dõi hồ sơ: quyển số 2026 số thứ tự 5" in text_of(client.get(paper(march[2], "01")))


def test_the_receipt_of_an_online_dossier_lists_the_files_the_citizen_sent(catalogue, desk_officer, commune):
    # Given an online dossier with two files for its declaration and one for the appointment of the guardian
    dossier = submitted_online(desk_officer, commune)
    for document, name in [("Tờ khai đăng ký giám hộ", "a.pdf"), ("Tờ khai đăng ký giám hộ", "b.pdf"),
                           ("Văn bản cử người giám hộ", "c.pdf")]:  # fmt: skip
        upload = DossierFile(
            dossier=dossier, commune=commune, document_name=document, name=name, content_type="application/pdf",
            size=9, sha256="0" * 64, uploaded_at=timezone.now(),
        )  # fmt: skip
        upload.file.save(name, ContentFile(b"%PDF-1.4\n"))

    # When the desk receives it and prints its receipt
    step(desk_officer, dossier, "receive")
    text = text_of(logged_in_client(desk_officer).get(paper(dossier, "01")))

    # Then the receipt lists what was sent, as electronic copies, with their number
    assert "Tờ khai đăng ký giám hộ Bản điện tử 02" in text
    assert "Văn bản cử người giám hộ Bản điện tử 01" in text
