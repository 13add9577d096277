"""GET /api/v1/workdays/due and /calendar: public, JSON; bad input gets the project's structured 422."""

from datetime import date

import pytest
from django.test import Client

from tests.factories import SYSTEM
from vidan.audit.models import AuditEntry
from vidan.org.selectors import province_of
from vidan.workdays.models import CalendarOverride
from vidan.workdays.services import calendar_override_add


def get_due(**params):
    return Client().get("/api/v1/workdays/due", params)


def test_the_example_from_the_issue_needs_no_token(db):
    response = get_due(received="2026-02-13T16:00", working_days=3)
    assert response.status_code == 200
    assert response.json() == {
        "received": "2026-02-13T16:00:00+07:00",
        "receipt_day": "2026-02-23",
        "due": "2026-02-26T17:00:00+07:00",
        "period": {"working_days": 3, "calendar_days": None},
        "province": None,
        "calendar_version": response.json()["calendar_version"],
    }


def test_a_province_override_counts_when_the_province_is_named(commune):
    province = province_of(commune.unit)
    calendar_override_add(actor=SYSTEM, unit=province, day=date(2026, 2, 24), kind="day_off", basis="QĐ 9/QĐ-UBND")
    assert get_due(received="2026-02-13T16:00", working_days=3).json()["due"] == "2026-02-26T17:00:00+07:00"
    response = get_due(received="2026-02-13T16:00", working_days=3, province=province.code)
    assert response.json()["due"] == "2026-02-27T17:00:00+07:00"
    assert response.json()["province"] == province.code


def test_calendar_days_ignore_the_cut_off(db):
    body = get_due(received="2026-02-13T16:00", calendar_days=30).json()
    assert (body["receipt_day"], body["due"]) == ("2026-02-13", "2026-03-16T17:00:00+07:00")
    assert body["period"] == {"working_days": None, "calendar_days": 30}


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"received": "13/02/2026", "working_days": 3}, {"received"}),
        ({"received": "2026-02-13T16:00", "working_days": -2}, {"working_days"}),
        ({"received": "2026-02-13T16:00", "working_days": "ba"}, {"working_days"}),
        ({"received": "2026-02-13T16:00", "working_days": 3, "calendar_days": 30}, {"working_days", "calendar_days"}),
        ({"received": "2026-02-13T16:00"}, {"working_days"}),
        ({"received": "2045-12-28T10:00", "working_days": 10}, {"received"}),
        ({"received": "2026-02-13T16:00", "working_days": 3, "province": "00"}, {"province"}),
        ({"working_days": 3}, {"received"}),
    ],
    ids=["malformed", "negative", "not-a-number", "both", "neither", "out-of-range", "province", "missing"],
)
def test_bad_input_gets_a_structured_error_naming_the_fields(db, params, fields):
    overrides, entries = CalendarOverride.objects.count(), AuditEntry.objects.count()
    response = get_due(**params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == fields
    assert all(messages and all(messages) for messages in error["fields"].values())
    assert (CalendarOverride.objects.count(), AuditEntry.objects.count()) == (overrides, entries)


def test_messages_are_in_vietnamese_by_default_and_english_on_request(db):
    vietnamese = get_due(received="2026-02-13T16:00", working_days=-1).json()["error"]["fields"]["working_days"]
    english = Client().get(
        "/api/v1/workdays/due",
        {"received": "2026-02-13T16:00", "working_days": -1},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.json()["error"]["fields"]["working_days"] == ["The period cannot be negative."]
    assert vietnamese != english.json()["error"]["fields"]["working_days"]


def test_the_calendar_lists_days_off_and_make_up_days_with_name_and_basis(db):
    response = Client().get("/api/v1/workdays/calendar", {"year": 2026}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    days = {item["day"]: item for item in response.json()["days"]}
    assert days["2026-01-02"]["kind"] == "day_off" and days["2026-01-02"]["source"] == "override"
    assert days["2026-01-10"]["kind"] == "working_day"
    assert days["2026-08-22"] == {
        "day": "2026-08-22",
        "kind": "working_day",
        "name": "Make-up working day for 31/08/2026",
        "basis": days["2026-08-22"]["basis"],
        "source": "swap",
        "scope": "nationwide",
        "weekend": True,
    }
    assert days["2026-08-31"]["kind"] == "day_off"
    assert days["2026-02-17"]["name"] == "Lunar New Year"
    assert days["2026-04-27"]["source"] == "compensatory"
    assert all(item["basis"] for item in days.values())


def test_the_calendar_refuses_a_year_outside_it_and_an_unknown_province(db):
    assert Client().get("/api/v1/workdays/calendar", {"year": 2046}).status_code == 422
    response = Client().get("/api/v1/workdays/calendar", {"year": 2026, "province": "00"})
    assert response.status_code == 422 and set(response.json()["error"]["fields"]) == {"province"}
