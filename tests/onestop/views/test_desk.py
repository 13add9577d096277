"""The desk's back office: receiving a dossier through the form, a dossier's page and the steps taken from it.

Messages added with the back office are compared through gettext, so the tests hold whichever wording the
Vietnamese catalogue gives them; messages already in the catalogue are compared in Vietnamese.
"""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from pypdf import PdfReader

from tests.conftest import logged_in_client
from tests.factories import actor_of, make_commune, make_staff
from tests.onestop.factories import load_catalogue, received, step
from vidan.audit.models import AuditEntry
from vidan.onestop.codes import pin_matches
from vidan.onestop.models import Dossier, DossierEvent, DossierStatus, Procedure
from vidan.onestop.services import commune_calendar, dossier_receive_at_desk
from vidan.org.models import Role

RECEIVE = "/staff/ho-so/tiep-nhan/"


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)


def shown(message: str) -> str:
    """A message as the page shows it: in the active language, HTML-escaped."""
    return escape(gettext(message))


def page_of(dossier) -> str:
    return f"/staff/ho-so/{dossier.pk}/"


def typed(**overrides) -> dict:
    data = {
        "procedure": str(Procedure.objects.get(code="HT-04").pk),
        "applicant_name": "Nguyễn Thị Lan",
        "applicant_phone": "0912 345 678",
        "applicant_email": "lan@example.com",
        "applicant_address": "Thôn Tân Hóa, xã Thuận Hóa",
        "doc0_in": "on",  # the procedure's first document, handed in as the catalogue asks for it
    }
    data.update(overrides)
    return data


def test_the_desk_receives_a_dossier_and_sees_its_code_pin_and_due_date(catalogue, desk_officer, commune):
    client = logged_in_client(desk_officer)

    # When the desk officer types a dossier in and saves it
    response = client.post(RECEIVE, typed())

    # Then it is received, numbered and due by the procedure's time limit, with the phone stored compactly
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == page_of(dossier)
    assert dossier.status == DossierStatus.RECEIVED and dossier.received_by == desk_officer
    assert dossier.code.startswith(commune.agency_code) and dossier.working_days == 3
    assert dossier.applicant_phone == "0912345678" and dossier.applicant_address == "Thôn Tân Hóa, xã Thuận Hóa"

    # And the page it lands on shows the code, the due date and the PIN, which is the citizen's
    text = client.get(response["Location"]).content.decode()
    due = timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M")
    assert dossier.code in text and due in text
    pin = re.search(r'id="dossier-pin">(\d{6})<', text).group(1)
    assert pin_matches(pin, dossier.pin_hash)
    assert (
        escape(gettext("Dossier %(code)s received. Result due %(due)s.") % {"code": dossier.code, "due": due}) in text
    )

    # And the PIN is shown once only
    again = client.get(page_of(dossier)).content.decode()
    assert dossier.code in again and 'id="dossier-pin"' not in again and pin not in again


def test_bad_input_is_refused_with_a_message_and_keeps_what_was_typed(catalogue, desk_officer):
    client = logged_in_client(desk_officer)

    # When the name is left out and the phone and e-mail are mistyped
    response = client.post(
        RECEIVE,
        typed(applicant_name="  ", applicant_phone="091 234", applicant_email="lan@", applicant_address="Thôn 2"),
    )

    # Then nothing is saved and each field says what to fix
    assert response.status_code == 200 and not Dossier.objects.exists()
    text = response.content.decode()
    assert shown("Enter the applicant's full name.") in text
    assert shown("Enter a valid e-mail address, for example ten@example.com.") in text
    phone_message = shown(
        "Enter a Vietnamese phone number: 10 digits starting with 0 (11 for a landline), for example 0912 345 678."
    )
    assert phone_message in text

    # And everything typed is still there, the procedure still chosen
    assert 'value="091 234"' in text and 'value="lan@"' in text and 'value="Thôn 2"' in text
    procedure = Procedure.objects.get(code="HT-04")
    assert re.search(rf'<option value="{procedure.pk}" selected>', text)

    # When no procedure is chosen
    text = client.post(RECEIVE, typed(procedure="")).content.decode()
    assert shown("Choose the procedure.") in text and 'value="Nguyễn Thị Lan"' in text


def test_the_verification_box_only_offers_itself_for_procedures_with_extra_days(catalogue, desk_officer):
    client = logged_in_client(desk_officer)
    marriage, guardianship = Procedure.objects.get(code="HT-02"), Procedure.objects.get(code="HT-04")

    # Choosing a procedure asks the page for the box: offered for marriage (+5 days), not for guardianship
    assert 'name="needs_verification"' in client.get(RECEIVE, {"procedure": marriage.pk}).content.decode()
    assert 'name="needs_verification"' not in client.get(RECEIVE, {"procedure": guardianship.pk}).content.decode()

    # Ticked for a procedure without extra time, it is refused
    text = client.post(RECEIVE, typed(needs_verification="on")).content.decode()
    assert shown("This procedure allows no extra time for verification; untick the box.") in text
    assert not Dossier.objects.exists()

    # Ticked for marriage, the time limit grows by the procedure's extra days
    response = client.post(RECEIVE, typed(procedure=str(marriage.pk), needs_verification="on"))
    assert response.status_code == 302
    assert Dossier.objects.get().working_days == 0 + 5


def test_the_page_shows_the_details_timeline_due_date_and_the_desks_steps(catalogue, desk_officer, specialist, commune):
    dossier = received(desk_officer, commune)
    stranger = make_staff(make_commune(name="Lâm Hóa"), Role.SPECIALIST, full_name="Người Xã Khác")

    text = logged_in_client(desk_officer).get(page_of(dossier)).content.decode()

    # The phone given as "0912 345 678" is kept compact, whoever called the service
    assert "Nguyễn Thị Lan" in text and "0912345678" in text and "Đăng ký giám hộ" in text
    assert timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M") in text
    assert "Trần Thị Hoa" in text  # who received it, in the timeline
    # and the rules it follows, those in force on the day it was received
    assert "<dt>Quy định áp dụng</dt><dd>Nghị định 118/2025/NĐ-CP" in text and "có hiệu lực từ 01/07/2025" in text
    # The desk may assign (to this commune's specialists only) or withdraw; it may not process or approve
    assert 'value="assign"' in text and 'value="withdraw"' in text
    assert 'value="start"' not in text and 'value="approve"' not in text
    assert "Lê Văn Tư" in text and stranger.full_name not in text
    assert 'name="assign-expected_status" value="received"' in text


def test_the_specialists_offered_are_those_of_the_procedures_department_first(catalogue, desk_officer, commune):
    # Given a civil-status dossier, justice specialists and a land specialist
    from tests.factories import make_department
    from vidan.org.models import DepartmentKind

    justice = make_department(commune, kind=DepartmentKind.JUSTICE, name="Tư pháp - Hộ tịch")
    land = make_department(commune, kind=DepartmentKind.LAND, name="Địa chính - Xây dựng")
    for name in ("Vũ Thị Yến", "Đặng Văn Bình"):
        make_staff(commune, Role.SPECIALIST, department=justice, full_name=name)
    make_staff(commune, Role.SPECIALIST, department=land, full_name="Ánh Địa Chính")
    dossier = received(desk_officer, commune)  # Đăng ký giám hộ, a procedure of the justice department
    # When the desk opens it to hand it over
    text = logged_in_client(desk_officer).get(page_of(dossier)).content.decode()
    select = text.split('name="assign-assignee"')[1].split("</select>")[0]
    # Then the justice specialists come first, under their department, in Vietnamese order; the others after,
    # under a heading of their own
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [label for label, _options in groups] == [escape(DepartmentKind.JUSTICE.label), shown("Other departments")]
    assert re.findall(r">([^<]+)</option>", groups[0][1]) == ["Đặng Văn Bình", "Vũ Thị Yến"]
    assert re.findall(r">([^<]+)</option>", groups[1][1]) == ["Ánh Địa Chính"]


def test_the_desk_assigns_from_the_page_and_the_timeline_shows_it(catalogue, desk_officer, specialist, commune):
    dossier = received(desk_officer, commune)
    client = logged_in_client(desk_officer)

    response = client.post(
        f"{page_of(dossier)}buoc/",
        {"action": "assign", "assign-expected_status": "received", "assign-assignee": specialist.pk},
    )

    assert response.status_code == 302 and response["Location"] == page_of(dossier)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.ASSIGNED and dossier.assignee == specialist
    text = client.get(page_of(dossier)).content.decode()
    assert "Đã tiếp nhận → Đã chuyển công chức chuyên môn" in text  # from → to in the timeline
    assert escape(gettext("Done: %(step)s.") % {"step": gettext("Assigned")}) in text


def test_a_step_without_its_reason_is_refused_next_to_the_field(catalogue, desk_officer, commune):
    dossier = received(desk_officer, commune)

    response = logged_in_client(desk_officer).post(
        f"{page_of(dossier)}buoc/", {"action": "withdraw", "withdraw-expected_status": "received", "withdraw-note": " "}
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert re.search(r'id="id_withdraw-note_error"><p>Hãy ghi rõ lý do: công dân sẽ nhận được bằng văn bản\.', text)
    assert re.search(r'<details class="step" open>\s*<summary>', text)  # the form stays open
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.RECEIVED


def test_the_page_shows_the_service_s_refusals_next_to_their_fields(catalogue, desk_officer, specialist, commune):
    # Given a dossier the specialist is processing, and another still at the desk
    processing = received(desk_officer, commune)
    step(desk_officer, processing, "assign", assignee=specialist)
    step(specialist, processing, "start")
    waiting = received(desk_officer, commune, name="Trần Văn Hai")

    # When the specialist records a consultation without saying who was consulted
    response = logged_in_client(specialist).post(
        f"{page_of(processing)}buoc/",
        {"action": "consult", "consult-expected_status": "processing", "consult-note": ""},
    )

    # Then the service's own message stands next to the note, and the form stays open
    text = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="id_consult-note_error"><p>Hãy ghi đã lấy ý kiến ai và nội dung trả lời\.</p>', text)
    assert re.search(r'<details class="step" open>\s*<summary>Ghi lại việc lấy ý kiến', text)

    # When the desk sends an id the list never offered (itself: a desk officer, not a specialist)
    response = logged_in_client(desk_officer).post(
        f"{page_of(waiting)}buoc/",
        {"action": "assign", "assign-expected_status": "received", "assign-assignee": desk_officer.pk},
    )

    # Then the service refuses it next to the list, and nothing changed
    assert response.status_code == 200
    assert re.search(
        r'id="id_assign-assignee_error"><p>Hãy chọn một công chức chuyên môn đang công tác tại xã này\.</p>',
        response.content.decode(),
    )
    assert Dossier.objects.get(pk=waiting.pk).assignee is None
    assert DossierEvent.objects.filter(dossier=processing, action="consult").count() == 0


def test_a_stale_step_shows_the_conflict_and_the_fresh_state_and_changes_nothing(
    catalogue, desk_officer, specialist, commune
):
    # Given a dossier the officer sees as received, which a colleague has just assigned
    dossier = received(desk_officer, commune)
    colleague = make_staff(commune, Role.DESK_OFFICER)
    step(colleague, dossier, "assign", assignee=specialist)
    events_before = DossierEvent.objects.filter(dossier=dossier).count()

    # When the officer withdraws it from the page she loaded before
    response = logged_in_client(desk_officer).post(
        f"{page_of(dossier)}buoc/",
        {"action": "withdraw", "withdraw-expected_status": "received", "withdraw-note": "Công dân xin rút hồ sơ"},
    )

    # Then she is told, in Vietnamese, that it moved on; she sees it as it is now and what she had typed
    assert response.status_code == 409
    text = response.content.decode()
    assert "Tải lại trang" in text and "Đã chuyển công chức chuyên môn" in text
    assert "Công dân xin rút hồ sơ" in text
    assert 'name="withdraw-expected_status" value="assigned"' in text
    # And nothing changed
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.ASSIGNED
    assert DossierEvent.objects.filter(dossier=dossier).count() == events_before


def test_a_dossier_of_another_commune_is_not_found(catalogue, desk_officer):
    elsewhere = make_commune(name="Lâm Hóa")
    their_dossier = received(make_staff(elsewhere, Role.DESK_OFFICER), elsewhere)
    client = logged_in_client(desk_officer)

    assert client.get(page_of(their_dossier)).status_code == 404
    response = client.post(
        f"{page_of(their_dossier)}buoc/",
        {"action": "withdraw", "withdraw-expected_status": "received", "withdraw-note": "x"},
    )
    assert response.status_code == 404
    assert client.get("/staff/ho-so/999999/").status_code == 404
    assert Dossier.objects.get(pk=their_dossier.pk).status == DossierStatus.RECEIVED


def test_a_specialist_cannot_approve_and_the_leader_can(catalogue, desk_officer, specialist, leader, commune):
    dossier = received(desk_officer, commune)
    step(desk_officer, dossier, "assign", assignee=specialist)
    step(specialist, dossier, "start")
    step(specialist, dossier, "submit_for_approval")
    approve = {"action": "approve", "approve-expected_status": "for_approval"}

    # The specialist sees no approval button, and a forged approval is refused
    as_specialist = logged_in_client(specialist)
    assert 'value="approve"' not in as_specialist.get(page_of(dossier)).content.decode()
    assert as_specialist.post(f"{page_of(dossier)}buoc/", approve).status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.FOR_APPROVAL

    # The leader has the button and approves
    as_leader = logged_in_client(leader)
    assert 'value="approve"' in as_leader.get(page_of(dossier)).content.decode()
    assert as_leader.post(f"{page_of(dossier)}buoc/", approve).status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.APPROVED


def _working_day_after(dossier, days: int):
    calendar = commune_calendar(dossier.commune)
    day = calendar.add_working_days(calendar.local(dossier.due_at).date(), days)
    return day


def test_the_apology_sets_a_new_appointment_once(catalogue, desk_officer, specialist, commune):
    dossier = received(desk_officer, commune)
    step(desk_officer, dossier, "assign", assignee=specialist)
    client = logged_in_client(specialist)
    new_day = _working_day_after(dossier, 2)

    # A reason missing: told next to the field, the date typed kept
    response = client.post(
        f"{page_of(dossier)}xin-loi/",
        {
            "apology-expected_status": "assigned",
            "apology-reason": "",
            "apology-new_due_date": f"{new_day:%d/%m/%Y}",
            "apology-new_due_time": "16:00",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert shown("Give the reason for the delay.") in text and f'value="{new_day:%d/%m/%Y}"' in text

    # With the reason: recorded, the due date moved
    response = client.post(
        f"{page_of(dossier)}xin-loi/",
        {
            "apology-expected_status": "assigned",
            "apology-reason": "Chờ kết quả xác minh của công an xã",
            "apology-new_due_date": f"{new_day:%d/%m/%Y}",
            "apology-new_due_time": "16:00",
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.apologised and timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M") == (
        f"{new_day:%d/%m/%Y} 16:00"
    )

    # The form is gone, and a second apology is refused
    text = client.get(page_of(dossier)).content.decode()
    assert "apology-reason" not in text and "Chờ kết quả xác minh của công an xã" in text
    again = client.post(
        f"{page_of(dossier)}xin-loi/",
        {
            "apology-expected_status": "assigned",
            "apology-reason": "Lần nữa",
            "apology-new_due_date": f"{_working_day_after(dossier, 2):%d/%m/%Y}",
            "apology-new_due_time": "16:00",
        },
    )
    assert again.status_code == 409 and "Lần nữa" in again.content.decode()


def test_an_apology_for_an_earlier_date_is_refused_next_to_the_date(catalogue, desk_officer, commune):
    dossier = received(desk_officer, commune)
    earlier = timezone.localtime(dossier.due_at) - timedelta(days=1)

    response = logged_in_client(desk_officer).post(
        f"{page_of(dossier)}xin-loi/",
        {
            "apology-expected_status": "received",
            "apology-reason": "Chờ xác minh",
            "apology-new_due_date": f"{earlier:%d/%m/%Y}",
            "apology-new_due_time": "16:00",
        },
    )

    assert response.status_code == 200
    assert re.search(r'id="id_apology-new_due_date_error"><p>[^<]+</p>', response.content.decode())
    assert not Dossier.objects.get(pk=dossier.pk).apologised


def test_opening_a_dossier_is_recorded_as_a_view_of_personal_data(commune):
    from tests.conftest import logged_in_client
    from tests.factories import make_staff
    from vidan.audit.models import AuditEntry
    from vidan.onestop.models import Procedure
    from vidan.org.models import Role

    load_catalogue()
    desk = make_staff(commune, Role.DESK_OFFICER)
    dossier, _pin = dossier_receive_at_desk(
        actor=actor_of(desk),
        commune=commune,
        procedure=Procedure.objects.get(code="HT-04"),
        applicant_name="Lê Thị Mai",
    )
    assert logged_in_client(desk).get(f"/staff/ho-so/{dossier.pk}/").status_code == 200
    assert AuditEntry.objects.filter(action="onestop.dossier.view", actor=desk, object_id=str(dossier.pk)).count() == 1


def test_the_header_search_leads_to_the_dossiers_matching(commune, desk_officer):
    text = logged_in_client(desk_officer).get("/staff/search/", {"q": "nguyen lan"}).content.decode()
    assert "/staff/ho-so/?hang=tat-ca&amp;q=nguyen%20lan" in text


@pytest.mark.clock  # a Tuesday morning: the same-day dossier is due at today's close
def test_the_apology_opens_by_itself_only_for_a_dossier_that_has_waited(catalogue, desk_officer, commune, clock):
    client = logged_in_client(desk_officer)

    def apology_opens(dossier) -> bool:
        page = client.get(page_of(dossier)).content.decode()
        assert '<details class="step apology"' in page  # offered, open or not
        tag = re.search(r'<details class="step apology"[^>]*>', page)
        return tag is not None and " open" in tag.group()

    # A birth registration (same day) received a minute ago is due soon from the start: not a reason to apologise
    today = received(desk_officer, commune, code="HT-01")
    assert today.due_at.date() == timezone.localdate() and not apology_opens(today)
    # A dossier received days ago and due today is: the apology must come before its time runs out
    waited = received(desk_officer, commune, code="HT-04")
    Dossier.objects.filter(pk=waited.pk).update(received_at=waited.received_at - timedelta(days=3), due_at=today.due_at)
    assert apology_opens(waited)


# -- the desk's other answers to a citizen in person: a supplement request (form 02), a refusal (form 03) ----


def test_the_desk_asks_a_citizen_in_person_for_a_supplement_with_a_reason_for_each_document(
    catalogue, desk_officer, commune
):
    client = logged_in_client(desk_officer)
    guardianship = Procedure.objects.get(code="HT-04")
    # The page offers the procedure's documents to tick, each with its reason
    page = client.get(RECEIVE, {"procedure": guardianship.pk}).content.decode()
    assert 'name="ask0"' in page and 'name="ask0_reason"' in page and 'value="supplement"' in page

    # When a document is ticked without its reason, nothing is recorded and the reason is asked for beside it
    response = client.post(RECEIVE, typed(answer="supplement", ask1="on"))
    assert response.status_code == 200 and not Dossier.objects.exists()
    assert shown("Give the reason: the citizen receives it in writing.") in response.content.decode()

    # When each document asked for has its reason
    response = client.post(
        RECEIVE,
        typed(
            answer="supplement",
            ask1="on",
            ask1_reason="Chưa có chữ ký của người được cử làm giám hộ.",
            extra0_name="Giấy tờ tùy thân của người giám hộ",
            extra0_reason="Bản sao không có chứng thực.",
        ),
    )

    # Then the visit is recorded as a dossier not received (no code, no time limit), its step and audit entry
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == page_of(dossier)
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED and dossier.channel == "desk"
    assert dossier.code is None and dossier.received_at is None and dossier.due_at is None
    event = dossier.events.get()
    assert event.action == "request_supplement" and event.actor == desk_officer
    assert event.data["items"] == [
        {"name": "Văn bản cử người giám hộ", "reason": "Chưa có chữ ký của người được cử làm giám hộ."},
        {"name": "Giấy tờ tùy thân của người giám hộ", "reason": "Bản sao không có chứng thực."},
    ]
    assert AuditEntry.objects.filter(action="onestop.dossier.request_supplement", object_id=str(dossier.pk)).exists()
    # And form 02 prints every document with its reason
    text = pdf_text(client.get(f"/staff/ho-so/{dossier.pk}/mau-02.pdf"))
    assert "1 Văn bản cử người giám hộ Chưa có chữ ký của người được cử làm giám hộ." in text
    assert "2 Giấy tờ tùy thân của người giám hộ Bản sao không có chứng thực." in text

    # When the citizen comes back with what was missing, the desk receives that dossier from its page
    page = client.get(page_of(dossier)).content.decode()
    assert 'value="receive"' in page and 'name="receive-doc0_in"' in page
    client.post(
        f"/staff/ho-so/{dossier.pk}/buoc/",
        {"action": "receive", "receive-expected_status": "supplement_requested", "receive-doc0_in": "on",
         "receive-doc1_in": "on", "receive-doc1_form": "certified_copy", "receive-doc1_count": "1"},
    )  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED and dossier.code and dossier.due_at
    assert "Văn bản cử người giám hộ Bản sao chứng thực 01" in pdf_text(
        client.get(f"/staff/ho-so/{dossier.pk}/mau-01.pdf")
    )


def test_the_desk_refuses_to_receive_a_citizens_dossier_with_the_reason(catalogue, desk_officer):
    client = logged_in_client(desk_officer)

    # Without the reason, nothing is recorded
    response = client.post(RECEIVE, typed(answer="refuse"))
    assert response.status_code == 200 and not Dossier.objects.exists()
    assert shown("Give the reasons: the citizen receives them in writing.") in response.content.decode()

    # With it, the refusal is recorded and form 03 gives the reason
    client.post(RECEIVE, typed(answer="refuse", refusal_reason="Thủ tục không thuộc thẩm quyền của xã."))
    dossier = Dossier.objects.get()
    assert dossier.status == DossierStatus.REFUSED and dossier.code is None and dossier.received_at is None
    assert dossier.events.get().action == "refuse_intake"
    assert AuditEntry.objects.filter(action="onestop.dossier.refuse_intake", object_id=str(dossier.pk)).exists()
    text = pdf_text(client.get(f"/staff/ho-so/{dossier.pk}/mau-03.pdf"))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "1. Thủ tục không thuộc thẩm quyền của xã." in text and "Nguyễn Thị Lan" in text


def test_a_receipt_at_the_desk_lists_what_was_handed_in(catalogue, desk_officer):
    client = logged_in_client(desk_officer)

    # Nothing ticked: the receipt would list nothing, so the desk is asked to tick what was handed in
    response = client.post(RECEIVE, typed(doc0_in=""))
    assert response.status_code == 200 and not Dossier.objects.exists()
    assert shown("Tick the documents handed in, or name them: the receipt lists them.") in response.content.decode()


def test_the_specialist_returns_a_dossier_naming_each_item_with_its_reason(
    catalogue, desk_officer, specialist, commune
):
    dossier = received(desk_officer, commune)
    step(desk_officer, dossier, "assign", assignee=specialist)
    step(specialist, dossier, "start")
    client = logged_in_client(specialist)
    assert 'name="return_incomplete-ask0_reason"' in client.get(page_of(dossier)).content.decode()
    returned = {"action": "return_incomplete", "return_incomplete-expected_status": "processing"}

    # A remark alone names nothing to complete: refused, the dossier stays with the specialist
    response = client.post(f"{page_of(dossier)}buoc/", {**returned, "return_incomplete-note": "Bổ sung giúp."})
    assert response.status_code == 200
    message = gettext("Tick or name at least one document to add or correct, with its reason.")
    assert escape(message) in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROCESSING

    # Each item with its reason: the dossier goes back to the citizen, the items recorded for the notice
    client.post(
        f"{page_of(dossier)}buoc/",
        {
            **returned,
            "return_incomplete-ask1": "on",
            "return_incomplete-ask1_reason": "Thiếu chữ ký của người giám hộ.",
        },
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WAITING_CITIZEN
    event = dossier.events.get(action="return_incomplete")
    assert event.data["items"] == [{"name": "Văn bản cử người giám hộ", "reason": "Thiếu chữ ký của người giám hộ."}]
