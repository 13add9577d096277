"""A day off added by the province moves the due dates of the dossiers whose time limit is running."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from tests.factories import SYSTEM, make_commune, make_staff, make_unit
from tests.onestop.factories import load_catalogue, received, step
from tests.workdays.calendars import at, vietnam
from vidan import workdays
from vidan.audit.models import AuditEntry
from vidan.core.tick import TICK_JOBS
from vidan.onestop import deadlines
from vidan.onestop.deadlines import dossier_clock, dossier_clock_keep, due_dates_follow_calendar
from vidan.onestop.models import DeskRules, Dossier, DossierStatus, DueDatesApplied, Procedure
from vidan.onestop.queues import queue_counts_key
from vidan.onestop.services import commune_calendar, dossier_apologise
from vidan.org.models import Role, UnitLevel
from vidan.org.selectors import province_of
from vidan.org.services import commune_create
from vidan.workdays.services import calendar_override_add
from vidan.workdays.store import calendar_cache_clear, calendar_stamp

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
    counts_key = queue_counts_key(commune.pk)
    caches["local"].set(counts_key, {"tabs": {}, "mine": {}})
    assert due_dates_follow_calendar() == 1
    assert due_dates_follow_calendar() == 0  # once per change

    # The move is in the commune's audit log, with the calendar it followed; its queues' counts are recounted
    entry, stamp = AuditEntry.objects.get(action="onestop.due_dates.follow_calendar"), calendar_stamp()
    assert (entry.commune, entry.actor_label, entry.data) == (commune, "tick", {"moved": 1, "calendar": stamp})
    assert DueDatesApplied.objects.get(pk=1).stamp == stamp
    assert caches["local"].get(counts_key) is None

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


def test_the_columns_hold_the_clock():
    # Given a dossier received on Monday 9 March, five working days, restarted once and paused since Thursday
    dossier = Dossier(
        received_at=at("2026-03-09 09:00"),
        restarted_at=at("2026-03-10 16:00"),
        working_days=5,
        due_at=at("2026-03-18 17:00"),
        paused_since=at("2026-03-12 10:00"),
        restarts=1,
        apologised=False,
    )

    # Then its clock counts from the restart and knows the pause, which resumes where it stopped
    clock = dossier_clock(dossier)
    assert (clock.received, clock.period, clock.due, clock.paused_since, clock.restarts, clock.apologised) == (
        at("2026-03-10 16:00"),
        workdays.Period.working(5),
        at("2026-03-18 17:00"),
        at("2026-03-12 10:00"),
        1,
        False,
    )
    assert clock.since == (workdays.Pause(at("2026-03-12 10:00")),)
    resumed = workdays.clock_apply(vietnam(), clock, workdays.Resume(at("2026-03-16 10:00")))
    assert resumed.due == at("2026-03-20 17:00")

    # And one never restarted, running, apologised counts from its receipt with nothing to replay
    dossier.restarted_at, dossier.paused_since, dossier.restarts, dossier.apologised = None, None, 0, True
    clock = dossier_clock(dossier)
    assert (clock.received, clock.paused, clock.since, clock.apologised) == (at("2026-03-09 09:00"), False, (), True)


def test_the_clock_is_written_back_to_the_columns_that_changed():
    dossier = Dossier(
        received_at=at("2026-03-09 09:00"),
        working_days=5,
        due_at=at("2026-03-16 17:00"),
        restarts=0,
        apologised=False,
    )
    clock = dossier_clock(dossier)
    assert dossier_clock_keep(dossier, clock) == []

    paused = workdays.clock_apply(vietnam(), clock, workdays.Pause(at("2026-03-10 10:00")))
    assert dossier_clock_keep(dossier, paused) == ["paused_since"]
    assert dossier.paused_since == at("2026-03-10 10:00")

    restarted = workdays.clock_apply(vietnam(), paused, workdays.Resume(at("2026-03-12 16:00"), restart=True))
    assert dossier_clock_keep(dossier, restarted) == ["due_at", "paused_since", "restarts", "restarted_at"]
    assert (dossier.due_at, dossier.paused_since, dossier.restarts, dossier.restarted_at) == (
        at("2026-03-20 17:00"),
        None,
        1,
        at("2026-03-12 16:00"),
    )

    apology = workdays.Apologise(at("2026-03-18 09:00"), at("2026-03-25 17:00"))
    assert dossier_clock_keep(dossier, workdays.clock_apply(vietnam(), restarted, apology)) == ["due_at", "apologised"]
    assert (dossier.due_at, dossier.apologised, dossier.restarted_at) == (
        at("2026-03-25 17:00"),
        True,
        at("2026-03-12 16:00"),
    )


def test_each_commune_recounts_only_its_own_running_dossiers(commune, monkeypatch):
    # Given two communes of one province with a running dossier each, an apologised and a withdrawn one, and a
    # commune outside any province (it follows the national calendar)
    load_catalogue()
    province = province_of(commune.unit)
    neighbour = make_commune(province=province)
    commune_create(
        actor=SYSTEM, unit=make_unit(level=UnitLevel.COMMUNE), slug="xa-ngoai-tinh", agency_code="998.25.31.H44"
    )
    desk, neighbour_desk = make_staff(commune, Role.DESK_OFFICER), make_staff(neighbour, Role.DESK_OFFICER)
    running, neighbours = received(desk, commune), received(neighbour_desk, neighbour)
    apologised = received(desk, commune, name="Trần Văn Hai")
    calendar = commune_calendar(commune)
    new_due = calendar.end_of_day(calendar.add_working_days(timezone.localdate(), 8))
    dossier_apologise(actor=SYSTEM, dossier=apologised, reason="Chờ xác minh", new_due=new_due)
    step(desk, received(desk, commune, name="Lê Thị Ba"), "withdraw", note="Rút")
    assert due_dates_follow_calendar() == 0

    read = []
    counted = deadlines.dossier_clock
    monkeypatch.setattr(deadlines, "dossier_clock", lambda row: read.append(row.pk) or counted(row))

    # When the province gives the next working day off
    calendar_override_add(
        actor=SYSTEM,
        unit=province,
        day=calendar.add_working_days(timezone.localdate(), 1),
        kind="day_off",
        basis="Quyết định 9/QĐ-UBND",
    )
    calendar_cache_clear()
    started = timezone.now()

    # Then both running dossiers move, each read once, by its own commune's recount, and nothing else is read
    assert due_dates_follow_calendar() == 2
    assert sorted(read) == sorted([running.pk, neighbours.pk])
    moved = AuditEntry.objects.filter(action="onestop.due_dates.follow_calendar")
    assert sorted((entry.commune_id, entry.data["moved"]) for entry in moved) == sorted(
        [(commune.pk, 1), (neighbour.pk, 1)]
    )
    applied = DueDatesApplied.objects.get(pk=1)
    assert applied.stamp == calendar_stamp() and started <= applied.applied_at <= timezone.now()

    # And the next run, with the calendar unchanged, reads nothing at all
    read.clear()
    assert due_dates_follow_calendar() == 0
    assert read == []
