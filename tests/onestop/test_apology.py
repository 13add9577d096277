"""The apology's new appointment beyond the working calendar's years: a clear refusal on the field, through
the page and the API alike, and the dossier untouched."""

from datetime import datetime

import pytest
from django.test import Client

from tests.conftest import logged_in_client
from tests.factories import SYSTEM, actor_of
from tests.onestop.factories import received
from vidan.api.tokens import api_token_issue
from vidan.core.errors import DomainError, refusal_fields
from vidan.onestop.services import dossier_apologise
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
