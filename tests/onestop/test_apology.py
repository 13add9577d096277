"""The apology: a new appointment beyond the working calendar's years, or an apology after the due date, is
refused clearly, through the page and the API alike, and the dossier is untouched."""

from datetime import datetime, timedelta

import pytest
from django.test import Client

from tests.conftest import logged_in_client
from tests.factories import SYSTEM, actor_of
from tests.onestop.factories import received
from vidan.api.tokens import api_token_issue
from vidan.core.errors import Conflict, DomainError, refusal_fields
from vidan.onestop.services import commune_calendar, dossier_apologise
from vidan.workdays import VIETNAM

FAR = "2099-06-15"
MESSAGE = "Ngày hẹn mới quá xa: lịch làm việc chưa có đến ngày đó."


def test_a_new_appointment_the_calendar_does_not_reach_is_refused_on_its_field(catalogue, commune, desk_officer):
    dossier = received(desk_officer, commune)
    due = dossier.due_at

    # Through the API: 422 with the message under the field
    _token, raw = api_token_issue(actor=SYSTEM, staff=desk_officer, name="t")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").post(
        f"/api/v1/dossiers/{dossier.id}/apology", {"reason": "Chậm", "new_due": FAR}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"new_due": [MESSAGE]}

    # Through the dossier's page: the form again, with the message
    page = logged_in_client(desk_officer).post(
        f"/staff/ho-so/{dossier.id}/xin-loi/",
        {
            "apology-expected_status": dossier.status,
            "apology-reason": "Chậm",
            "apology-new_due_date": "15/06/2099",
            "apology-new_due_time": "09:00",
        },
    )
    assert MESSAGE in page.content.decode()

    # And the service itself, called directly
    with pytest.raises(DomainError) as refused:
        far = datetime(2099, 6, 15, 9, tzinfo=VIETNAM)
        dossier_apologise(actor=actor_of(desk_officer), dossier=dossier, reason="Chậm", new_due=far)
    assert refusal_fields(refused.value) == {"new_due": [MESSAGE]}
    dossier.refresh_from_db()
    assert (dossier.due_at, dossier.apologised) == (due, False)


LATE = "Đã quá hạn giải quyết"


@pytest.mark.clock
def test_an_apology_after_the_due_date_is_refused_everywhere_and_just_before_it_is_taken(
    catalogue, commune, desk_officer, clock
):
    # Given a dossier whose due date passed a minute ago
    dossier = received(desk_officer, commune)
    due = dossier.due_at
    clock.move_to(due + timedelta(minutes=1))
    calendar = commune_calendar(commune)
    later = calendar.end_of_day(calendar.add_working_days(calendar.local(due).date(), 2))

    # The service refuses it, saying why
    with pytest.raises(Conflict, match=LATE):
        dossier_apologise(actor=actor_of(desk_officer), dossier=dossier, reason="Chờ xác minh", new_due=later)

    # The dossier's page no longer offers the form, and a form sent anyway is refused with the same words
    client = logged_in_client(desk_officer)
    assert 'name="apology-reason"' not in client.get(f"/staff/ho-so/{dossier.id}/").content.decode()
    page = client.post(
        f"/staff/ho-so/{dossier.id}/xin-loi/",
        {
            "apology-expected_status": dossier.status,
            "apology-reason": "Chờ xác minh",
            "apology-new_due_date": f"{calendar.local(later):%d/%m/%Y}",
            "apology-new_due_time": "16:00",
        },
    )
    assert page.status_code == 409 and LATE in page.content.decode()

    # The API answers 409 in JSON, and says it may not apologise
    _token, raw = api_token_issue(actor=SYSTEM, staff=desk_officer, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = api.post(
        f"/api/v1/dossiers/{dossier.id}/apology",
        {"reason": "Chờ xác minh", "new_due": later.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 409 and LATE in response.json()["error"]["message"]
    assert api.get(f"/api/v1/dossiers/{dossier.id}").json()["may_apologise"] is False
    dossier.refresh_from_db()
    assert (dossier.due_at, dossier.apologised, dossier.events.count()) == (due, False, 1)

    # Seconds before the due moment it is still in time (the moment itself: tests/workdays)
    clock.move_to(due - timedelta(seconds=5))
    dossier_apologise(actor=actor_of(desk_officer), dossier=dossier, reason="Chờ xác minh", new_due=later)
    dossier.refresh_from_db()
    assert (dossier.due_at, dossier.apologised) == (later, True)
