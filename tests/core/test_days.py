"""Days out of any range the platform works in (0001-01-01, 9999-12-31) and offsets past any list are refused
with a message where they are typed — the queue's and the API's filters, the statistics' and the tracking
book's periods, the audit log's filter, the apology's new appointment — instead of a server error."""

from datetime import date

import pytest
from django.test import Client

from tests.conftest import logged_in_client
from tests.factories import SYSTEM
from tests.onestop.factories import received
from vidan.api.tokens import api_token_issue
from vidan.core.days import day_in_range

MESSAGE = "Hãy chọn một ngày từ 01/01/2000 đến 31/12/2099."
EXTREMES = [("0001-01-01", "0001-01-01"), ("9999-12-31", "9999-12-31"), ("0001-01-01", "9999-12-31")]


def test_the_range_of_days():
    assert day_in_range(date(2000, 1, 1)) and day_in_range(date(2099, 12, 31))
    assert not day_in_range(date(1999, 12, 31)) and not day_in_range(date(2100, 1, 1))


@pytest.mark.parametrize(("first", "last"), EXTREMES)
def test_the_back_office_pages_say_which_days_they_take(catalogue, commune, leader, first, last):
    client = logged_in_client(leader)
    pages = {
        "/staff/ho-so/thong-ke/": {"tu": first, "den": last},
        "/staff/ho-so/": {"hang": "tat-ca", "received_from": first, "received_to": last},
        "/staff/ho-so/so-theo-doi/": {"received_from": first, "received_to": last},
        "/staff/audit/": {"date_from": first, "date_to": last},
    }
    for path, params in pages.items():
        response = client.get(path, params)
        assert response.status_code == 200, path
        assert MESSAGE in response.content.decode(), path
    download = client.get("/staff/ho-so/so-theo-doi/tai-ve.xlsx", {"received_from": first, "received_to": last})
    assert download.status_code < 500


@pytest.mark.parametrize(("first", "last"), EXTREMES)
def test_the_api_names_the_filter_at_fault(catalogue, commune, desk_officer, first, last):
    _token, raw = api_token_issue(actor=SYSTEM, staff=desk_officer, name="t")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(
        f"/api/v1/communes/{commune.id}/dossiers", {"received_from": first, "received_to": last}
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["received_from"] == [MESSAGE]


def test_an_offset_past_any_list_is_refused(catalogue, commune, desk_officer):
    received(desk_officer, commune)
    _token, raw = api_token_issue(actor=SYSTEM, staff=desk_officer, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/communes/{commune.id}/dossiers"
    for offset in ("9223372036854775807", "99999999999999999999"):
        response = api.get(url, {"offset": offset})
        assert response.status_code == 422 and "offset" in response.json()["error"]["fields"]
    assert api.get(url, {"offset": "10000000"}).json()["items"] == []


def test_every_day_of_the_back_office_is_typed_and_shown_as_dd_mm_yyyy(catalogue, commune, leader):
    # Given a leader who opens each page with a day to give, the address holding days as the site writes them
    client = logged_in_client(leader)
    pages = {
        "/staff/ho-so/thong-ke/": {"tu": "2026-03-02", "den": "2026-03-31"},
        "/staff/ho-so/": {"hang": "tat-ca", "received_from": "2026-03-02", "received_to": "2026-03-31"},
        "/staff/ho-so/so-theo-doi/": {"received_from": "2026-03-02", "received_to": "2026-03-31"},
        "/staff/audit/": {"date_from": "2026-03-02", "date_to": "2026-03-31"},
        "/han-giai-quyet/": {},
    }
    for path, params in pages.items():
        text = client.get(path, params).content.decode()
        # Then no page offers the browser's date picker (which shows mm/dd/yyyy in an English browser)
        assert 'type="date"' not in text, path
        assert 'placeholder="dd/mm/yyyy"' in text, path
        # and the days it was given come back as dd/mm/yyyy
        if params:
            assert 'value="02/03/2026"' in text and 'value="31/03/2026"' in text, path


def test_a_day_is_read_in_the_ways_people_write_it():
    from django import forms

    from vidan.core.days import DayField

    class PeriodForm(forms.Form):
        day = DayField(label="Ngày")

    for typed in ("13/02/2026", "13-02-2026", "13.02.2026", "2026-02-13"):
        form = PeriodForm({"day": typed})
        assert form.is_valid() and form.cleaned_data["day"] == date(2026, 2, 13), typed
    wrong = PeriodForm({"day": "31/02/2026"})
    assert not wrong.is_valid()
    assert wrong.errors["day"] == ["Nhập ngày theo dạng dd/mm/yyyy, ví dụ 13/02/2026."]
    assert 'value="31/02/2026"' in str(wrong["day"])  # shown back as typed, beside its error
