"""The staff API of the one-stop desk: the queues, a dossier, receipt, the steps of its life and the apology.

Messages already in the Vietnamese catalogue are compared in Vietnamese; messages added with this API are
compared through gettext, so the tests hold whichever wording the catalogue gives them.
"""

import json
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext

from tests.factories import SYSTEM, make_staff
from tests.onestop.factories import received, step
from vidan import workdays
from vidan.api.tokens import api_token_issue
from vidan.audit.models import AuditEntry
from vidan.onestop.codes import pin_matches
from vidan.onestop.models import Dossier, DossierEvent
from vidan.onestop.services import commune_calendar
from vidan.org.models import Role
from vidan.workdays import VIETNAM

CONFLICT = "Hồ sơ này hiện ở trạng thái “{}”; không thể thực hiện bước bạn chọn nữa. Tải lại trang để xem."
NOT_FOUND = "Không tìm thấy, hoặc bạn không có quyền truy cập."
FORBIDDEN = "Bạn không có quyền thực hiện việc này."


def api_as(staff) -> Client:
    """A client that sends `staff`'s API token with every request."""
    _token, raw = api_token_issue(actor=SYSTEM, staff=staff, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(client: Client, url: str, body) -> object:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data, content_type="application/json")


def take(client: Client, dossier_id: int, action: str, expected_status: str, **extra):
    return post(
        client, f"/api/v1/dossiers/{dossier_id}/steps", {"action": action, "expected_status": expected_status, **extra}
    )


def a_desk_dossier(**overrides) -> dict:
    body = {
        "procedure": "HT-04",
        "applicant_name": "Nguyễn Thị Lan",
        "applicant_phone": "0912 345 678",
        "applicant_email": "lan@example.com",
        "applicant_address": "Thôn Tân Hóa, xã Thuận Hóa",
    }
    body.update(overrides)
    return body


def a_later_working_day(dossier, days: int = 5) -> str:
    calendar = commune_calendar(dossier.commune)
    return str(calendar.add_working_days(calendar.local(dossier.due_at).date(), days))


def history(dossier) -> list[str]:
    return list(DossierEvent.objects.filter(dossier=dossier).order_by("id").values_list("action", flat=True))


# -- the whole life of a dossier -------------------------------------------------------------------------


@pytest.mark.clock
def test_a_dossier_goes_from_the_desk_to_the_citizen_through_the_api(
    clock, catalogue, commune, desk_officer, specialist, leader
):
    desk, expert, chief = api_as(desk_officer), api_as(specialist), api_as(leader)

    # When the desk receives a dossier through the API, on a working morning
    response = post(desk, f"/api/v1/communes/{commune.id}/dossiers", a_desk_dossier())

    # Then it is numbered, due by the procedure's time limit (three working days after today), and the PIN
    # comes back this once
    assert response.status_code == 201
    body = response.json()
    dossier = Dossier.objects.get(pk=body["id"])
    assert body["code"] == dossier.code and dossier.code.startswith(commune.agency_code)
    assert (body["status"], body["status_label"]) == ("received", "Đã tiếp nhận")
    assert body["procedure"] == {"code": "HT-04", "name": "Đăng ký giám hộ"}
    assert body["channel"] == "desk" and body["received_by"] == desk_officer.username
    assert dossier.applicant_phone == "0912345678" and body["applicant_phone"] == "0912345678"
    assert pin_matches(body["pin"], dossier.pin_hash)
    # Three working days from the day it counts as received (the next working day after 15:00 or on a day off)
    calendar = commune_calendar(commune)
    assert body["late"] is False and body["working_days_left"] == calendar.working_days_between(
        timezone.localdate(), calendar.local(dossier.due_at).date()
    )
    assert dossier.due_at == workdays.due(calendar, dossier.received_at, workdays.Period.working(3))
    assert {a["action"] for a in body["actions"]} == {"assign", "withdraw"}
    assert body["may_apologise"] is True

    # And each officer takes their step in turn
    response = take(desk, dossier.id, "assign", "received", assignee_id=specialist.id, note="Giao anh Tư")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["assignee"]) == ("assigned", specialist.username)
    # The desk may not start the work itself: only the specialist's view offers it
    assert "start" not in {a["action"] for a in response.json()["actions"]}
    assert take(expert, dossier.id, "start", "assigned").json()["status"] == "processing"
    assert take(expert, dossier.id, "submit_for_approval", "processing").json()["status"] == "for_approval"
    assert take(chief, dossier.id, "approve", "for_approval").json()["status"] == "approved"
    assert take(expert, dossier.id, "mark_result_ready", "approved").json()["status"] == "result_ready"
    response = take(desk, dossier.id, "return_result", "result_ready")

    # Then the result is returned, with every step on its timeline, by whom, and nothing left to do
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["status_label"]) == ("returned", "Đã trả kết quả")
    assert body["returned_at"] is not None and body["actions"] == [] and body["may_apologise"] is False
    steps = ["receive", "assign", "start", "submit_for_approval", "approve", "mark_result_ready", "return_result"]
    assert [event["action"] for event in body["events"]] == steps
    assert [event["actor"] for event in body["events"]][-2:] == [specialist.username, desk_officer.username]
    assert body["events"][1]["note"] == "Giao anh Tư" and body["events"][1]["actor_name"] == "Trần Thị Hoa"
    assert history(dossier) == steps
    audited = AuditEntry.objects.filter(object_id=str(dossier.pk), action__startswith="onestop.dossier.")
    assert {f"onestop.dossier.{action}" for action in steps} <= set(audited.values_list("action", flat=True))


@pytest.mark.clock(datetime(2026, 3, 14, 9, 30, tzinfo=VIETNAM))  # a Saturday morning, the office closed
def test_a_dossier_received_on_a_saturday_counts_from_monday(clock, catalogue, commune, desk_officer):
    # When the desk receives a dossier with a time limit of three working days
    response = post(api_as(desk_officer), f"/api/v1/communes/{commune.id}/dossiers", a_desk_dossier())

    # Then the time limit runs from Monday: due on Thursday at the close, four working days after today
    assert response.status_code == 201
    body = response.json()
    assert datetime.fromisoformat(body["due_at"]) == datetime(2026, 3, 19, 17, 0, tzinfo=VIETNAM)
    assert body["late"] is False and body["working_days_left"] == 4


def test_viewing_a_dossier_shows_its_applicant_and_is_audited(catalogue, commune, desk_officer, leader):
    dossier = received(desk_officer, commune)

    response = api_as(leader).get(f"/api/v1/dossiers/{dossier.id}")

    assert response.status_code == 200
    body = response.json()
    assert (body["applicant_name"], body["applicant_phone"]) == ("Nguyễn Thị Lan", "0912345678")
    assert body["events"][0]["action"] == "receive" and body["events"][0]["to_status"] == "received"
    # The leader may assign, withdraw and apologise; each step says what it needs
    actions = {a["action"]: a for a in body["actions"]}
    assert set(actions) == {"assign", "withdraw"}
    assert actions["assign"]["needs_assignee"] and actions["withdraw"]["note_required"]
    assert actions["withdraw"]["permission"] == "dossier.receive"
    assert AuditEntry.objects.filter(action="onestop.dossier.view", actor=leader, object_id=str(dossier.pk)).exists()


# -- receipt at the desk ---------------------------------------------------------------------------------


def test_receipt_names_every_missing_or_wrong_field_and_stores_nothing(catalogue, commune, desk_officer):
    desk = api_as(desk_officer)
    url = f"/api/v1/communes/{commune.id}/dossiers"

    missing = post(desk, url, {"applicant_phone": "0912345678"})
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "invalid"
    assert missing.json()["error"]["message"] == "Yêu cầu không hợp lệ; xem chi tiết từng trường."
    assert set(missing.json()["error"]["fields"]) == {"procedure", "applicant_name"}

    wrong = post(
        desk,
        url,
        a_desk_dossier(procedure="XX-99", applicant_name="   ", applicant_phone="12345", applicant_email="lan@"),
    )
    assert wrong.status_code == 422
    fields = wrong.json()["error"]["fields"]
    assert set(fields) == {"procedure", "applicant_name", "applicant_phone", "applicant_email"}
    assert fields["procedure"] == [gettext("No procedure in force has this code.")]
    assert fields["applicant_name"] == ["Hãy nhập họ và tên người nộp hồ sơ."]

    # Extra time for verification only where the procedure allows it (HT-04 does not, HT-02 does)
    refused = post(desk, url, a_desk_dossier(needs_verification=True))
    assert refused.json()["error"]["fields"] == {
        "needs_verification": ["Thủ tục này không có thêm thời gian xác minh; hãy bỏ đánh dấu."]
    }
    assert Dossier.objects.count() == 0

    accepted = post(desk, url, a_desk_dossier(procedure="HT-02", needs_verification=True))
    assert accepted.status_code == 201
    assert Dossier.objects.get().working_days == 5


def test_malformed_json_is_refused_on_every_write_and_changes_nothing(catalogue, commune, desk_officer):
    dossier = received(desk_officer, commune)
    desk = api_as(desk_officer)
    urls = (
        f"/api/v1/communes/{commune.id}/dossiers",
        f"/api/v1/dossiers/{dossier.id}/steps",
        f"/api/v1/dossiers/{dossier.id}/apology",
    )
    for url in urls:
        response = post(desk, url, '{"action": "assign",')
        assert response.status_code == 400, url
        assert response.json() == {
            "error": {"code": "malformed", "message": "Nội dung yêu cầu không phải JSON hợp lệ.", "fields": {}}
        }
    dossier.refresh_from_db()
    assert Dossier.objects.count() == 1 and dossier.status == "received" and not dossier.apologised


# -- the steps -------------------------------------------------------------------------------------------


def test_a_stale_step_is_a_conflict_and_changes_nothing(catalogue, commune, desk_officer, specialist, leader):
    dossier = received(desk_officer, commune)
    step(desk_officer, dossier, "assign", assignee=specialist)
    step(specialist, dossier, "start")

    # When the leader, who still sees it as received, assigns it again
    response = take(api_as(leader), dossier.id, "assign", "received", assignee_id=specialist.id)

    # Then they are told it moved on, in Vietnamese, and nothing changes
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "conflict",
        "message": CONFLICT.format("Đang giải quyết"),
        "fields": {},
    }
    dossier.refresh_from_db()
    assert dossier.status == "processing" and history(dossier) == ["receive", "assign", "start"]


def test_steps_with_missing_or_wrong_fields_are_named(catalogue, commune, desk_officer, other_commune):
    dossier = received(desk_officer, commune)
    desk = api_as(desk_officer)
    url = f"/api/v1/dossiers/{dossier.id}/steps"

    missing = post(desk, url, {"note": "?"})
    assert missing.status_code == 422 and set(missing.json()["error"]["fields"]) == {"action", "expected_status"}

    unknown = take(desk, dossier.id, "teleport", "received")
    assert unknown.status_code == 422
    assert unknown.json()["error"]["fields"] == {"action": ["Thao tác không hợp lệ."]}

    no_reason = take(desk, dossier.id, "withdraw", "received", note="  ")
    assert no_reason.status_code == 422
    assert no_reason.json()["error"]["fields"] == {"note": ["Hãy ghi rõ lý do: công dân sẽ nhận được bằng văn bản."]}

    stranger = make_staff(other_commune, Role.SPECIALIST)
    for assignee in (None, stranger.id, desk_officer.id, 10**9):
        response = take(desk, dossier.id, "assign", "received", assignee_id=assignee)
        assert response.status_code == 422, assignee
        assert response.json()["error"]["fields"] == {
            "assignee_id": [
                "Hãy chọn công chức chuyên môn giải quyết hồ sơ."
                if assignee is None
                else "Hãy chọn một công chức chuyên môn đang công tác tại xã này."
            ]
        }

    dossier.refresh_from_db()
    assert dossier.status == "received" and dossier.assignee is None and history(dossier) == ["receive"]


def test_a_consultation_without_its_note_is_refused_with_the_service_s_message(
    catalogue, commune, desk_officer, specialist
):
    dossier = received(desk_officer, commune)
    step(desk_officer, dossier, "assign", assignee=specialist)
    step(specialist, dossier, "start")

    response = take(api_as(specialist), dossier.id, "consult", "processing", note=" ")

    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "invalid",
        "message": "Yêu cầu không hợp lệ; xem chi tiết từng trường.",
        "fields": {"note": ["Hãy ghi đã lấy ý kiến ai và nội dung trả lời."]},
    }
    assert history(dossier) == ["receive", "assign", "start"]


def test_a_role_without_the_permission_is_refused(catalogue, commune, desk_officer, specialist):
    dossier = received(desk_officer, commune)
    inspector = api_as(make_staff(commune, Role.INSPECTOR))
    expert = api_as(specialist)

    refusals = {
        "inspector lists": inspector.get(f"/api/v1/communes/{commune.id}/dossiers"),
        "specialist receives": post(expert, f"/api/v1/communes/{commune.id}/dossiers", a_desk_dossier()),
        "specialist assigns": take(expert, dossier.id, "assign", "received", assignee_id=specialist.id),
        "inspector withdraws": take(inspector, dossier.id, "withdraw", "received", note="Công dân xin rút"),
        "inspector apologises": post(
            inspector, f"/api/v1/dossiers/{dossier.id}/apology", {"reason": "Chậm", "new_due": "2099-01-01"}
        ),
    }

    assert refusals.pop("inspector lists").status_code == 200  # the inspection board may watch the queues
    for what, response in refusals.items():
        assert response.status_code == 403, what
        assert response.json()["error"] == {"code": "forbidden", "message": FORBIDDEN, "fields": {}}
    dossier.refresh_from_db()
    assert Dossier.objects.count() == 1 and dossier.status == "received" and not dossier.apologised


def test_a_dossier_of_another_commune_is_not_found_and_stays_as_it_was(catalogue, commune, other_commune, desk_officer):
    theirs = received(make_staff(other_commune, Role.DESK_OFFICER), other_commune)
    desk = api_as(desk_officer)

    responses = {
        "detail": desk.get(f"/api/v1/dossiers/{theirs.id}"),
        "step": take(desk, theirs.id, "withdraw", "received", note="Giả mạo"),
        "apology": post(desk, f"/api/v1/dossiers/{theirs.id}/apology", {"reason": "Giả", "new_due": "2099-01-01"}),
        "queue": desk.get(f"/api/v1/communes/{other_commune.id}/dossiers"),
        "receipt": post(desk, f"/api/v1/communes/{other_commune.id}/dossiers", a_desk_dossier()),
        "missing": desk.get("/api/v1/dossiers/999999999"),
    }

    for what, response in responses.items():
        assert response.status_code == 404, what
        assert response.json()["error"] == {"code": "not_found", "message": NOT_FOUND, "fields": {}}
    theirs.refresh_from_db()
    assert theirs.status == "received" and not theirs.apologised and history(theirs) == ["receive"]
    assert Dossier.objects.count() == 1
    assert not AuditEntry.objects.filter(action="onestop.dossier.view", object_id=str(theirs.pk)).exists()


# -- the apology -----------------------------------------------------------------------------------------


def test_the_apology_moves_the_appointment_once(catalogue, commune, desk_officer):
    dossier = received(desk_officer, commune)
    old_due = dossier.due_at
    desk = api_as(desk_officer)
    url = f"/api/v1/dossiers/{dossier.id}/apology"
    new_day = a_later_working_day(dossier)

    # When the desk gives the apology with a new day
    response = post(desk, url, {"reason": "Cần xác minh thêm tại thôn", "new_due": new_day})

    # Then the appointment is that day at the close of office hours, and no more apology is offered
    assert response.status_code == 200
    body = response.json()
    assert body["apologised"] is True and body["may_apologise"] is False
    dossier.refresh_from_db()
    assert dossier.due_at == datetime.fromisoformat(f"{new_day}T17:00:00+07:00")
    assert body["events"][-1]["action"] == "apologise" and body["events"][-1]["note"] == "Cần xác minh thêm tại thôn"

    # And a second apology is a conflict that changes nothing
    again = post(desk, url, {"reason": "Lại chậm", "new_due": a_later_working_day(dossier)})
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "Hồ sơ đã được hẹn lại một lần; pháp luật chỉ cho phép hẹn lại một lần."
    dossier.refresh_from_db()
    assert dossier.due_at == datetime.fromisoformat(f"{new_day}T17:00:00+07:00") != old_due
    assert history(dossier) == ["receive", "apologise"]


@pytest.mark.clock
def test_the_apology_takes_a_moment_in_vietnamese_time_and_names_wrong_fields(catalogue, commune, specialist):
    dossier = received(make_staff(commune, Role.DESK_OFFICER), commune)
    expert = api_as(specialist)
    url = f"/api/v1/dossiers/{dossier.id}/apology"

    not_a_day = post(expert, url, {"reason": "Chậm", "new_due": "thứ hai tới"})
    assert not_a_day.status_code == 422 and set(not_a_day.json()["error"]["fields"]) == {"new_due"}
    no_reason = post(expert, url, {"reason": " ", "new_due": a_later_working_day(dossier)})
    assert no_reason.json()["error"]["fields"] == {"reason": ["Hãy ghi rõ lý do chậm trễ."]}
    earlier = post(expert, url, {"reason": "Chậm", "new_due": str(timezone.localdate())})
    assert earlier.status_code == 422
    assert earlier.json()["error"]["fields"] == {"new_due": ["Ngày hẹn mới phải sau ngày hẹn hiện tại."]}
    dossier.refresh_from_db()
    assert not dossier.apologised

    # A moment without an offset is Vietnamese time
    moment = f"{a_later_working_day(dossier)}T09:30:00"
    assert post(expert, url, {"reason": "Chờ ý kiến phòng Tư pháp", "new_due": moment}).status_code == 200
    dossier.refresh_from_db()
    assert dossier.due_at == datetime.fromisoformat(moment).replace(tzinfo=VIETNAM)


# -- the queues ------------------------------------------------------------------------------------------


@pytest.mark.clock
def test_queues_filter_and_search_like_the_back_office(catalogue, commune, desk_officer, specialist):
    lan = received(desk_officer, commune, name="Nguyễn Thị Lan")
    hung = received(desk_officer, commune, name="Trần Văn Hùng", phone="0913 111 222")
    police = received(desk_officer, commune, name="Trịnh Văn Cảnh", code="CT-04")
    step(desk_officer, lan, "assign", assignee=specialist)
    Dossier.objects.filter(pk=hung.pk).update(due_at=timezone.now() - timedelta(days=3))  # late
    desk = api_as(desk_officer)
    url = f"/api/v1/communes/{commune.id}/dossiers"

    def names(**params) -> list[str]:
        response = desk.get(url, params)
        assert response.status_code == 200, response.json()
        return [item["applicant_name"] for item in response.json()["items"]]

    # The desk starts from its intake tab, empty here; "all" shows the newest first
    assert desk.get(url).json()["queue"] == "tiep-nhan" and names() == []
    assert names(queue="tat-ca") == ["Trịnh Văn Cảnh", "Trần Văn Hùng", "Nguyễn Thị Lan"]
    assert names(queue="tre-han") == ["Trần Văn Hùng"]
    assert api_as(specialist).get(url).json()["items"][0]["assignee"] == specialist.username
    # A search without a tab looks through every dossier, accents optional, by name, code or phone
    assert names(q="nguyen lan") == ["Nguyễn Thị Lan"]
    assert names(q=police.code) == ["Trịnh Văn Cảnh"]
    assert names(q="0913.111.222") == ["Trần Văn Hùng"]
    assert names(queue="tat-ca", procedure="CT-04") == ["Trịnh Văn Cảnh"]
    assert names(queue="tat-ca", department_kind="police") == ["Trịnh Văn Cảnh"]
    assert names(queue="tat-ca", status="assigned") == ["Nguyễn Thị Lan"]
    today, yesterday = timezone.localdate(), timezone.localdate() - timedelta(days=1)
    assert len(names(queue="tat-ca", received_from=str(today), received_to=str(today))) == 3
    assert names(queue="tat-ca", received_to=str(yesterday)) == []

    # Each row says where it stands
    late = desk.get(url, {"queue": "tre-han"}).json()["items"][0]
    assert late["late"] is True and late["working_days_left"] < 0
    assert late["procedure"] == {"code": "HT-04", "name": "Đăng ký giám hộ"} and late["channel"] == "desk"

    wrong = desk.get(url, {"queue": "nowhere", "status": "lost", "received_from": "hôm qua"})
    assert wrong.status_code == 422
    assert set(wrong.json()["error"]["fields"]) == {"queue", "status", "received_from"}
    backwards = desk.get(url, {"received_from": str(today), "received_to": str(yesterday)})
    assert backwards.json()["error"]["fields"] == {"received_to": ["Ngày bắt đầu sau ngày kết thúc."]}


def test_queues_come_in_pages_of_at_most_a_hundred(catalogue, commune, desk_officer):
    for i in range(5):
        received(desk_officer, commune, name=f"Người Nộp {i}")
    desk = api_as(desk_officer)
    url = f"/api/v1/communes/{commune.id}/dossiers"

    first = desk.get(url, {"queue": "tat-ca", "limit": 2}).json()
    second = desk.get(url, {"queue": "tat-ca", "limit": 2, "offset": first["next_offset"]}).json()
    last = desk.get(url, {"queue": "tat-ca", "limit": 2, "offset": second["next_offset"]}).json()

    assert (first["count"], first["offset"], first["next_offset"]) == (5, 0, 2)
    assert [len(page["items"]) for page in (first, second, last)] == [2, 2, 1] and last["next_offset"] is None
    seen = [item["applicant_name"] for page in (first, second, last) for item in page["items"]]
    assert seen == [f"Người Nộp {i}" for i in reversed(range(5))]
    assert desk.get(url, {"queue": "tat-ca"}).json()["limit"] == 50
    for limit in (0, 101, "many"):
        response = desk.get(url, {"limit": limit})
        assert response.status_code == 422 and set(response.json()["error"]["fields"]) == {"limit"}
    assert set(desk.get(url, {"offset": -1}).json()["error"]["fields"]) == {"offset"}


def test_a_queue_runs_the_same_queries_whatever_its_length(catalogue, commune, desk_officer, specialist):
    desk = api_as(desk_officer)
    url = f"/api/v1/communes/{commune.id}/dossiers?queue=tat-ca&limit=100"

    def grow(n: int) -> None:
        for i in range(n):
            dossier = received(desk_officer, commune, name=f"Người Nộp {i}")
            step(desk_officer, dossier, "assign", assignee=specialist)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = desk.get(url)
        assert response.status_code == 200
        return len(captured)

    grow(2)
    desk.get(url)  # the token's first use of the minute writes its last-use time
    few = queries()
    grow(30)
    many = queries()

    assert many == few
    assert len(desk.get(url).json()["items"]) == 32


def test_english_callers_get_english_conflicts(catalogue, commune, desk_officer, specialist):
    dossier = received(desk_officer, commune)
    step(desk_officer, dossier, "assign", assignee=specialist)
    _token, raw = api_token_issue(actor=SYSTEM, staff=desk_officer, name="test")

    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en").post(
        f"/api/v1/dossiers/{dossier.id}/steps",
        {"action": "withdraw", "expected_status": "received", "note": "Công dân xin rút"},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response.json()["error"]["message"].startswith("This dossier is now “Assigned to a specialist”")


def test_the_public_lookup_is_not_taken_for_a_dossier_id(catalogue, commune, desk_officer):
    dossier = received(desk_officer, commune)

    response = Client().get("/api/v1/dossiers/lookup", {"code": dossier.code})

    assert response.status_code == 200 and response.json()["code"] == dossier.code


def test_the_api_lists_the_documents_handed_in_and_each_item_asked_for_with_its_reason(
    catalogue, commune, desk_officer, specialist
):
    from tests.conftest import logged_in_client
    from tests.onestop.views.test_paperwork import paper, text_of

    desk, expert = api_as(desk_officer), api_as(specialist)
    # Given a receipt through the API with the documents actually handed in
    body = a_desk_dossier(documents=[{"name": "Tờ khai đăng ký giám hộ", "form": "original", "count": 2}])
    created = post(desk, f"/api/v1/communes/{commune.id}/dossiers", body)
    assert created.status_code == 201
    dossier = Dossier.objects.get(pk=created.json()["id"])
    assert "Tờ khai đăng ký giám hộ Bản chính 02" in text_of(logged_in_client(desk_officer).get(paper(dossier, "01")))

    # When the specialist returns it with an item but no reason, then with its reason
    take(desk, dossier.id, "assign", "received", assignee_id=specialist.id)
    take(expert, dossier.id, "start", "assigned")
    refused = take(
        expert, dossier.id, "return_incomplete", "processing", note="x", items=[{"name": "Văn bản cử", "reason": ""}]
    )
    taken = take(
        expert, dossier.id, "return_incomplete", "processing",
        items=[{"name": "Văn bản cử người giám hộ", "reason": "Chưa có chữ ký của người được cử"}],
    )  # fmt: skip

    # Then the first is refused on its field and the second is recorded, each item with its reason
    assert refused.status_code in (400, 422) and "items" in refused.json()["error"]["fields"]
    assert taken.status_code == 200 and taken.json()["status"] == "waiting_citizen"
    event = DossierEvent.objects.get(dossier=dossier, action="return_incomplete")
    assert event.data["items"] == [{"name": "Văn bản cử người giám hộ", "reason": "Chưa có chữ ký của người được cử"}]
    bad_form = post(
        desk, f"/api/v1/communes/{commune.id}/dossiers", a_desk_dossier(documents=[{"name": "Tờ khai", "form": "x"}])
    )
    assert bad_form.status_code in (400, 422) and Dossier.objects.count() == 1
