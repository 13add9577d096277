"""The desk's figures for a period, as the official reports and the unit's evaluation count them: carried over and
newly received, resolved early, on time or late, in progress within the limit, late or waiting for the citizen."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import make_commune, make_staff
from tests.onestop.factories import received, step
from vidan.onestop.models import Channel, Dossier, DossierStatus
from vidan.onestop.statistics import dossier_statistics
from vidan.org.models import Role
from vidan.workdays import VIETNAM

# A Monday in December: November is over, its figures are those of its last evening.
DECEMBER_7 = datetime(2026, 12, 7, 9, 30, tzinfo=VIETNAM)


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=VIETNAM)


def november(commune, **extra):
    return dossier_statistics(commune=commune, date_from=at(11, 1).date(), date_to=at(11, 30).date(), **extra)


def dossier(desk, commune, *, received_at, due_at, finished_at=None, code="HT-04", **columns) -> Dossier:
    """A dossier received at the desk, then given the times (and any other columns) of the story told."""
    made = received(desk, commune, code=code)
    columns.setdefault("status", DossierStatus.RETURNED if finished_at else DossierStatus.PROCESSING)
    Dossier.objects.filter(pk=made.pk).update(
        received_at=received_at, due_at=due_at, finished_at=finished_at, **columns
    )
    made.refresh_from_db()
    return made


def withdrawn(clock, desk, made: Dossier, moment: datetime) -> None:
    """The citizen withdraws the dossier at `moment`, through the desk's own step."""
    clock.move_to(moment)
    step(desk, made, "withdraw", note="Công dân xin rút hồ sơ")
    clock.move_to(DECEMBER_7)


@pytest.fixture
def story(clock, catalogue, commune, desk_officer):
    """November 2026 at Thuận Hóa's desk, told dossier by dossier (due at 17:00 on the due day)."""
    d = desk_officer

    def make(**kwargs):
        return dossier(d, commune, **kwargs)

    # Received in November and resolved: a day early, on the due day (twice), a day late, and late with an apology
    # although before its new appointment.
    make(received_at=at(11, 2), due_at=at(11, 5, 17), finished_at=at(11, 4, 10))
    make(received_at=at(11, 2), due_at=at(11, 5, 17), finished_at=at(11, 5, 10))
    make(received_at=at(11, 2), due_at=at(11, 5, 17), finished_at=at(11, 5, 6))  # the due day in Vietnam, not in UTC
    make(received_at=at(11, 2), due_at=at(11, 5, 17), finished_at=at(11, 6, 10))
    make(received_at=at(11, 2), due_at=at(11, 12, 17), finished_at=at(11, 10, 10), apologised=True)
    # Received in November and still open at its end: late; apologised (new appointment in December); waiting
    # for the citizen since before its due date passed; within its limit (sent online); resolved only in
    # December, after its due date.
    make(received_at=at(11, 9), due_at=at(11, 12, 17))
    make(received_at=at(11, 23), due_at=at(12, 10, 17), apologised=True)
    make(
        received_at=at(11, 16),
        due_at=at(11, 19, 17),
        status=DossierStatus.WAITING_CITIZEN,
        paused_since=at(11, 18),
    )
    make(received_at=at(11, 30, 10), due_at=at(12, 3, 17), channel=Channel.ONLINE)
    make(received_at=at(11, 25), due_at=at(11, 27, 17), finished_at=at(12, 2, 10))
    # Received in November and withdrawn in November; withdrawn only in December, past its due date.
    withdrawn(clock, d, make(received_at=at(11, 3), due_at=at(11, 6, 17)), at(11, 4, 14))
    withdrawn(clock, d, make(received_at=at(11, 26), due_at=at(11, 27, 17)), at(12, 2, 14))
    # Carried over from October: resolved late in November, still open and late, withdrawn in November.
    make(received_at=at(10, 20), due_at=at(10, 23, 17), finished_at=at(11, 3, 10))
    make(received_at=at(10, 28), due_at=at(11, 2, 17))
    withdrawn(clock, d, make(received_at=at(10, 29), due_at=at(11, 3, 17)), at(11, 2, 10))
    # Not November's: resolved in October, withdrawn in October, received in December.
    make(received_at=at(10, 1), due_at=at(10, 6, 17), finished_at=at(10, 5, 10))
    withdrawn(clock, d, make(received_at=at(10, 5), due_at=at(10, 8, 17)), at(10, 6, 10))
    make(received_at=at(12, 1), due_at=at(12, 4, 17))


@pytest.mark.clock(DECEMBER_7)
def test_the_period_counts_carried_over_and_new_dossiers_and_scores_early_on_time_and_late_apart(story, commune):
    total = november(commune).total

    # Where they came from: three carried over from October, twelve received in November (one online)
    assert (total.carried_over, total.received_online, total.received_desk) == (3, 1, 11)
    assert total.total == 15
    # Resolved: one a day early, two on the due day, three late (one of them apologised and was "on time" only
    # by its new appointment, one carried over)
    assert (total.done_early, total.done_on_time, total.done_late) == (1, 2, 3)
    # In progress at the end of November: one within its limit, five late (one apologised, one resolved and one
    # withdrawn only in December, one carried over), one waiting for the citizen — not late although its due
    # date has passed
    assert (total.open_on_time, total.open_late, total.waiting_citizen) == (1, 5, 1)
    assert total.withdrawn == 2
    # Every dossier is counted once on each side
    assert total.total == total.done + total.in_progress + total.withdrawn
    # Three in time, out of six resolved and five open and late
    assert total.on_time_percent == 27.3


@pytest.mark.clock(DECEMBER_7)
def test_what_is_in_progress_at_the_end_of_a_period_is_carried_over_into_the_next(story, commune):
    before = november(commune).total
    after = dossier_statistics(commune=commune, date_from=at(12, 1).date(), date_to=at(12, 31).date()).total

    assert after.carried_over == before.in_progress == 7
    assert after.received == 1
    assert after.withdrawn == 1


@pytest.mark.clock
def test_dossiers_in_progress_and_already_late_lower_the_on_time_rate(clock, catalogue, commune, desk_officer):
    # Given the commune police: one residence registration resolved on time, five others due an hour after
    # receipt and, two hours later, still open
    received_at = timezone.now()
    on_time = received(desk_officer, commune, code="CT-04")
    Dossier.objects.filter(pk=on_time.pk).update(
        status=DossierStatus.RETURNED, finished_at=received_at + timedelta(minutes=30)
    )
    for _ in range(5):
        late = received(desk_officer, commune, code="CT-04")
        Dossier.objects.filter(pk=late.pk).update(due_at=received_at + timedelta(hours=1))
    clock.shift(timedelta(hours=2))

    # When the statistics of today are counted
    today = received_at.astimezone(VIETNAM).date()
    stats = dossier_statistics(commune=commune, date_from=today, date_to=today)

    # Then the police's rate is one in six, not "100 %" over the one resolved
    police = {row.label: row.figures for row in stats.by_department}["Công an xã"]
    assert (police.done, police.open_late) == (1, 5)
    assert round(police.on_time_rate, 3) == round(1 / 6, 3)
    assert police.on_time_percent == 16.7


@pytest.mark.clock(DECEMBER_7)
def test_departments_and_procedures_are_counted_apart_and_a_department_can_be_chosen(
    clock, catalogue, commune, desk_officer
):
    # Given, in November, two guardianships (justice) and three residence registrations (police), and a
    # dossier of another commune
    for code, n in (("HT-04", 2), ("CT-04", 3)):
        for _ in range(n):
            dossier(desk_officer, commune, received_at=at(11, 10), due_at=at(11, 13, 17), code=code)
    elsewhere = make_commune(name="Lâm Hóa")
    dossier(make_staff(elsewhere, Role.DESK_OFFICER), elsewhere, received_at=at(11, 10), due_at=at(11, 13, 17))

    stats = november(commune)

    assert {row.label: row.figures.total for row in stats.by_department} == {"Công an xã": 3, "Tư pháp – Hộ tịch": 2}
    assert {row.label: row.figures.total for row in stats.by_procedure} == {
        "Đăng ký giám hộ": 2,
        "Đăng ký thường trú": 3,
    }
    assert stats.total.total == 5
    police = november(commune, department_kind="police")
    assert [row.label for row in police.by_procedure] == ["Đăng ký thường trú"]
    assert police.total.total == 3


@pytest.mark.clock
def test_a_period_not_over_yet_measures_lateness_now(clock, catalogue, commune, desk_officer):
    # Given two dossiers received this morning: one due half an hour later, one due tonight; an hour later
    now = timezone.now()
    past, tonight = received(desk_officer, commune), received(desk_officer, commune)
    Dossier.objects.filter(pk=past.pk).update(due_at=now + timedelta(minutes=30))
    Dossier.objects.filter(pk=tonight.pk).update(due_at=now.astimezone(VIETNAM).replace(hour=23))
    clock.shift(timedelta(hours=1))

    today = now.astimezone(VIETNAM).date()
    total = dossier_statistics(commune=commune, date_from=today, date_to=today).total

    assert (total.open_late, total.open_on_time) == (1, 1)
