"""The public due-date calculator, the commune home's office hours and days off, and the staff calendar."""

import re
from datetime import date, time

import pytest
from django.test import Client

from tests.conftest import logged_in_client
from tests.factories import SYSTEM, make_staff
from tests.workdays.test_cli import keep_the_test_connection, vidan_due  # noqa: F401
from vidan.audit.models import AuditEntry
from vidan.org.models import Role
from vidan.org.selectors import province_of
from vidan.workdays.models import CalendarOverride
from vidan.workdays.services import calendar_override_add, office_hours_set


def calculate(**params):
    return Client().get("/han-giai-quyet/", params)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_calculator_shows_the_due_date_the_receipt_day_and_why(db):
    response = calculate(received_date="13/02/2026", received_time="16:00", days=3, unit="working")
    assert response.status_code == 200
    text = text_of(response)
    assert "26/02/2026 17:00" in text
    assert re.search(r'class="receipt-day">23/02/2026<', text)
    assert "15:00" in text and "Tết Nguyên Đán" in text
    assert "Hạn giải quyết" in text


def test_the_calculator_works_without_a_form_submitted(db):
    response = Client().get("/han-giai-quyet/")
    assert response.status_code == 200
    assert 'name="received_date"' in response.content.decode()
    assert "due-result" not in response.content.decode()


def test_htmx_gets_the_calculator_alone(db):
    response = Client().get(
        "/han-giai-quyet/",
        {"received_date": "13/02/2026", "received_time": "16:00", "days": 3, "unit": "working"},
        HTTP_HX_REQUEST="true",
    )
    text = response.content.decode()
    assert "<html" not in text and 'id="due-calculator"' in text and "26/02/2026 17:00" in text


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"received_date": "31/02/2026", "received_time": "16:00", "days": 3}, "received_date", "dd/mm/yyyy"),
        ({"received_date": "13/02/2026", "received_time": "25:00", "days": 3}, "received_time", "HH:MM"),
        ({"received_date": "13/02/2026", "received_time": "16:00", "days": -1}, "days", "không được âm"),
        ({"received_date": "13/02/2026", "received_time": "16:00", "days": 3, "unit": "both"}, "unit", "ngày"),
        ({"received_date": "28/12/2045", "received_time": "10:00", "days": 10}, "received_date", "31/12/2045"),
        ({"received_date": "13/02/2026", "received_time": "16:00", "days": 3, "province": "00"}, "province", "tỉnh"),
    ],
    ids=["no-such-day", "bad-time", "negative", "bad-unit", "out-of-range", "unknown-province"],
)
def test_bad_input_gets_a_vietnamese_message_on_its_field_and_keeps_what_was_typed(db, params, field, message):
    params = {"unit": "working", **params}
    response = calculate(**params)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    text = response.content.decode()
    assert f'id="id_{field}_error"' in text
    assert "due-result" not in text
    assert f'value="{params["received_date"]}"' in text


@pytest.mark.parametrize(
    ("received", "days", "unit"),
    [
        ("2026-02-13T16:00", 3, "working"),
        ("2026-02-13T10:00", 0, "working"),
        ("2026-08-21T16:00", 1, "working"),
        ("2026-04-24T09:30", 30, "calendar"),
        ("2026-12-31T15:00", 5, "working"),
    ],
)
def test_the_command_line_the_api_and_the_page_give_the_same_answer(db, capsys, received, days, unit):
    period = {"working": "working_days", "calendar": "calendar_days"}[unit]
    _code, out, _err = vidan_due(capsys, "--received", received, f"--{period.replace('_', '-')}", str(days))
    api = Client().get("/api/v1/workdays/due", {"received": received, period: days}).json()["due"]
    day, moment = received.split("T")
    page_date = f"{day[8:10]}/{day[5:7]}/{day[:4]}"
    page = calculate(received_date=page_date, received_time=moment, days=days, unit=unit).context["answer"]
    assert out.strip() == api == page.due.isoformat()


def test_the_commune_home_shows_the_office_hours_and_the_next_days_off(commune):
    text = text_of(Client().get(f"/xa/{commune.slug}/"))
    assert "Giờ làm việc" in text
    assert "07:30–11:30" in text and "13:30–17:00" in text
    assert re.search(r"<h3>[^<]*</h3> <ul class=\"days-off\">", text)
    assert text.count("<li><time datetime=") == 5
    assert f"/han-giai-quyet/?province={province_of(commune.unit).code}" in text


def test_new_office_hours_show_at_once_despite_the_page_cache(commune):
    client = Client()
    assert "07:30–11:30" in text_of(client.get(f"/xa/{commune.slug}/"))
    office_hours_set(
        actor=SYSTEM,
        unit=province_of(commune.unit),
        valid_from=date(2020, 1, 1),
        morning_start=time(7, 0),
        morning_end=time(11, 0),
        afternoon_start=time(13, 0),
        afternoon_end=time(16, 30),
        cutoff=time(15, 0),
        basis="Quyết định 8/QĐ-UBND",
    )
    text = text_of(client.get(f"/xa/{commune.slug}/"))
    assert "07:00–11:00" in text and "13:00–16:30" in text and "07:30–11:30" not in text


def test_every_officer_sees_the_year_with_its_marks_and_legend(commune, desk_officer):
    response = logged_in_client(desk_officer).get("/staff/lich/", {"nam": 2026})
    assert response.status_code == 200
    text = text_of(response)
    assert text.count('<table class="month">') == 12
    assert re.search(r'class="cal-day holiday" id="ngay-2026-02-17"', text)
    assert re.search(r'class="cal-day makeup" id="ngay-2026-08-22"', text)
    assert re.search(r'class="cal-day override-off" id="ngay-2026-01-02"', text)
    assert re.search(r'class="cal-day override-work" id="ngay-2026-01-10"', text)
    assert "Chú thích" in text and "visually-hidden" in text
    # an officer without calendar.manage gets no form to change it
    assert 'name="override-day"' not in text


def test_an_administrator_adds_an_override_and_sees_it_marked(commune):
    admin = make_staff(commune, Role.ADMIN, unit=province_of(commune.unit))
    client = logged_in_client(admin)
    response = client.post(
        "/staff/lich/?nam=2026",
        {
            "action": "override",
            "override-day": "03/03/2026",
            "override-kind": "day_off",
            "override-basis": "Quyết định 15/QĐ-UBND ngày 20/02/2026",
            "override-note": "Lễ hội đền",
        },
    )
    assert response.status_code == 302
    text = text_of(client.get(response["Location"]))
    assert re.search(r'class="cal-day override-off" id="ngay-2026-03-03"', text)
    assert "Quyết định 15/QĐ-UBND ngày 20/02/2026" in text and "Lễ hội đền" in text
    assert AuditEntry.objects.filter(action="workdays.override.add", actor=admin).exists()


def test_a_bad_override_is_explained_in_vietnamese_and_nothing_is_stored(commune):
    admin = make_staff(commune, Role.ADMIN, unit=province_of(commune.unit))
    response = logged_in_client(admin).post(
        "/staff/lich/", {"action": "override", "override-day": "08/03/2026", "override-kind": "day_off"}
    )
    assert response.status_code == 200
    errors = response.context["override_form"].errors
    assert "basis" in errors
    assert not CalendarOverride.objects.filter(unit__isnull=False).exists()


def test_a_role_without_calendar_manage_cannot_add(commune, desk_officer):
    response = logged_in_client(desk_officer).post(
        "/staff/lich/",
        {"action": "override", "override-day": "03/03/2026", "override-kind": "day_off", "override-basis": "QĐ 1"},
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.filter(unit__isnull=False).exists()
    assert logged_in_client(desk_officer).get("/staff/lich/xoa/1/").status_code == 403


def test_an_administrator_removes_an_override_after_confirming(commune):
    admin = make_staff(commune, Role.ADMIN, unit=province_of(commune.unit))
    override = calendar_override_add(
        actor=SYSTEM, unit=province_of(commune.unit), day=date(2026, 3, 3), kind="day_off", basis="QĐ 15/QĐ-UBND"
    )
    client = logged_in_client(admin)
    confirm = client.get(f"/staff/lich/xoa/{override.pk}/")
    assert confirm.status_code == 200 and "QĐ 15/QĐ-UBND" in confirm.content.decode()
    assert CalendarOverride.objects.filter(pk=override.pk).exists()
    response = client.post(f"/staff/lich/xoa/{override.pk}/")
    assert response.status_code == 302
    assert not CalendarOverride.objects.filter(pk=override.pk).exists()
    assert AuditEntry.objects.filter(action="workdays.override.remove", object_id=str(override.pk)).exists()


def test_another_provinces_override_is_not_found(commune, other_commune):
    override = calendar_override_add(
        actor=SYSTEM, unit=province_of(other_commune.unit), day=date(2026, 3, 3), kind="day_off", basis="QĐ 1"
    )
    client = logged_in_client(make_staff(commune, Role.ADMIN, unit=province_of(commune.unit)))
    assert client.get(f"/staff/lich/xoa/{override.pk}/").status_code == 404
    assert client.post(f"/staff/lich/xoa/{override.pk}/").status_code == 404
    assert CalendarOverride.objects.filter(pk=override.pk).exists()


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_the_year_exports_as_icalendar(commune, desk_officer):
    calendar_override_add(
        actor=SYSTEM,
        unit=province_of(commune.unit),
        day=date(2026, 3, 3),
        kind="day_off",
        basis="Quyết định 15/QĐ-UBND; nghỉ lễ hội, theo đề nghị của UBND các xã trong tỉnh",
    )
    response = logged_in_client(desk_officer).get("/staff/lich/2026.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content.decode("utf-8")
    # CRLF everywhere, no content line longer than 75 octets
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    lines = unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and "VERSION:2.0" in lines
    events = lines.count("BEGIN:VEVENT")
    assert events == lines.count("END:VEVENT") == 18
    assert "DTSTART;VALUE=DATE:20260303" in lines and "DTEND;VALUE=DATE:20260304" in lines
    assert "DTSTART;VALUE=DATE:20260822" in lines
    assert any(line.startswith("DESCRIPTION:Quyết định 15/QĐ-UBND\\; nghỉ lễ hội\\, theo") for line in lines)
    assert len({line for line in lines if line.startswith("UID:")}) == events
