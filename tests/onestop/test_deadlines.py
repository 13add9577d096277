"""A day off added by the province moves the due dates of the dossiers whose time limit is running."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import SYSTEM, make_staff
from tests.onestop.factories import load_catalogue, received, step
from vidan import workdays
from vidan.core.tick import TICK_JOBS
from vidan.onestop.deadlines import due_dates_follow_calendar
from vidan.onestop.models import DeskRules, Dossier, DossierStatus, Procedure
from vidan.onestop.services import commune_calendar, dossier_apologise
from vidan.org.models import Role
from vidan.org.selectors import province_of
from vidan.workdays.services import calendar_override_add
from vidan.workdays.store import calendar_cache_clear

# Each test counts from today, with expectations from the same calendar: they hold on any day.
pytestmark = pytest.mark.clock


def test_a_new_day_off_moves_the_running_due_dates_but_not_an_apology(commune):
    load_catalogue()
    desk = make_staff(commune, Role.DESK_OFFICER)
    running = received(desk, commune, code="HT-04")
    apologised = received(desk, commune, code="HT-04", name="Trần Văn Hai")
    calendar = commune_calendar(commune)
    new_due = calendar.end_of_day(calendar.add_working_days(timezone.localdate(), 8))
    dossier_apologise(actor=SYSTEM, dossier=apologised, reason="Chờ xác minh", new_due=new_due)
    finished = step(desk, received(desk, commune, code="HT-04", name="Lê Thị Ba"), "withdraw", note="Rút")
    assert due_dates_follow_calendar() == 0  # brings the marker up to date; nothing to move

    before = {d.pk: d.due_at for d in Dossier.objects.all()}
    # The province gives the next working day off.
    day_off = calendar.add_working_days(timezone.localdate(), 1)
    calendar_override_add(
        actor=SYSTEM, unit=province_of(commune.unit), day=day_off, kind="day_off", basis="Quyết định 9/QĐ-UBND"
    )
    calendar_cache_clear()
    assert due_dates_follow_calendar() == 1
    assert due_dates_follow_calendar() == 0  # once per change

    running.refresh_from_db()
    changed = commune_calendar(commune)
    assert running.due_at == workdays.due(changed, running.received_at, workdays.Period.working(running.working_days))
    assert running.due_at > before[running.pk]
    assert Dossier.objects.get(pk=apologised.pk).due_at == before[apologised.pk] == new_due
    assert Dossier.objects.get(pk=finished.pk).status == DossierStatus.WITHDRAWN
    assert "onestop.due_dates_follow_calendar" in [job.name for job in TICK_JOBS]


def test_a_restarted_clock_counts_from_the_restart(commune):
    load_catalogue()
    desk, specialist = make_staff(commune, Role.DESK_OFFICER), make_staff(commune, Role.SPECIALIST)
    dossier = received(desk, commune, code="HT-04")
    step(desk, dossier, "assign", assignee=specialist)
    step(specialist, dossier, "start")
    step(specialist, dossier, "return_incomplete", note="Thiếu văn bản")
    # received under NĐ 61/2018 as first written, whose return restarts the time limit
    Dossier.objects.filter(pk=dossier.pk).update(
        received_at=dossier.received_at - timedelta(days=20), rules=DeskRules.objects.get(code="nd61-2018")
    )
    step(desk, dossier, "resume_complete")
    due_dates_follow_calendar()
    dossier.refresh_from_db()
    calendar = commune_calendar(commune)
    period = workdays.Period.working(dossier.working_days)
    assert dossier.due_at == workdays.due(calendar, dossier.restarted_at, period)


def test_a_dossier_changed_during_the_recompute_keeps_its_change(commune, monkeypatch):
    from vidan.workdays import recompute

    load_catalogue()
    desk = make_staff(commune, Role.DESK_OFFICER)
    dossier = received(desk, commune, code="HT-04")
    due_dates_follow_calendar()
    calendar = commune_calendar(commune)
    calendar_override_add(
        actor=SYSTEM,
        unit=province_of(commune.unit),
        day=calendar.add_working_days(timezone.localdate(), 1),
        kind="day_off",
        basis="Quyết định 9/QĐ-UBND",
    )
    calendar_cache_clear()
    written = calendar.end_of_day(calendar.add_working_days(timezone.localdate(), 9))
    real_write = recompute._write

    def apology_meanwhile(*args, **kwargs):
        # The officer apologises between the recompute's read and its write.
        dossier_apologise(actor=SYSTEM, dossier=dossier, reason="Chờ xác minh", new_due=written)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(recompute, "_write", apology_meanwhile)
    assert due_dates_follow_calendar() == 0
    assert Dossier.objects.get(pk=dossier.pk).due_at == written


def test_a_worked_saturday_never_brings_an_appointment_forward(commune):
    load_catalogue()
    desk = make_staff(commune, Role.DESK_OFFICER)
    longest = Procedure.objects.order_by("-time_limit_days").first()  # 7 working days: spans a Saturday
    dossier = received(desk, commune, code=longest.code)
    due_dates_follow_calendar()
    before = Dossier.objects.get(pk=dossier.pk).due_at
    today = timezone.localdate()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    calendar_override_add(
        actor=SYSTEM, unit=province_of(commune.unit), day=saturday, kind="working_day", basis="Quyết định 10/QĐ-UBND"
    )
    calendar_cache_clear()
    period = workdays.Period.working(dossier.working_days)
    assert workdays.due(commune_calendar(commune), dossier.received_at, period) < before  # it would move forward
    assert due_dates_follow_calendar() == 0
    assert Dossier.objects.get(pk=dossier.pk).due_at == before
