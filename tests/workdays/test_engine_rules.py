"""The deadline rules, each drawn from the law's wording, on Vietnam's real 2026 calendar."""

from datetime import date, timedelta

import pytest

from tests.workdays.calendars import MAKE_UP, at, vietnam, vietnam_days_off
from vidan.workdays import (
    Apologise,
    Calendar,
    ClockError,
    Extend,
    OutOfRange,
    Pause,
    Period,
    Restart,
    Resume,
    clock_apply,
    clock_recount,
    clock_replay,
    clock_start,
    due,
    standing,
)
from vidan.workdays.calendar import OfficeHours


def test_tet_2026_received_the_friday_before():
    # Tết 2026: off from Saturday 14 to Sunday 22 February
    cal = vietnam()
    assert due(cal, at("2026-02-13 10:00"), Period.working(3)) == at("2026-02-25 17:00")
    # at 16:00 it counts as received on the next working day, Monday 23 February
    assert cal.receipt_day(at("2026-02-13 16:00")) == date(2026, 2, 23)
    assert due(cal, at("2026-02-13 16:00"), Period.working(3)) == at("2026-02-26 17:00")


def test_the_30_april_and_1_may_bridge():
    # 30/4 (Thursday) and 1/5 (Friday) are holidays, then a weekend
    assert due(vietnam(), at("2026-04-29 09:00"), Period.working(1)) == at("2026-05-04 17:00")


def test_hung_kings_compensatory_day():
    # 10/3 lunar fell on Sunday 26 April 2026: Monday 27 April is off instead (Labour Code Art. 111(3))
    cal = vietnam()
    assert not cal.is_working_day(date(2026, 4, 27))
    assert due(cal, at("2026-04-24 10:00"), Period.working(1)) == at("2026-04-28 17:00")


def test_national_day_swap_2026():
    # Saturday 22 August is worked so that Monday 31 August joins 1–2 September off
    cal = vietnam()
    assert cal.is_working_day(date(2026, 8, 22))
    assert due(cal, at("2026-08-21 10:00"), Period.working(1)) == at("2026-08-22 17:00")
    assert due(cal, at("2026-08-28 10:00"), Period.working(1)) == at("2026-09-03 17:00")
    # a dossier handed in on the make-up Saturday is received that day
    assert cal.receipt_day(at("2026-08-22 09:00")) == date(2026, 8, 22)


def test_new_year_swap_2026():
    cal = vietnam()
    assert not cal.is_working_day(date(2026, 1, 2))
    assert cal.is_working_day(date(2026, 1, 10))
    assert due(cal, at("2025-12-31 10:00"), Period.working(2)) == at("2026-01-06 17:00")


def test_the_1500_rule_for_same_day_procedures():
    # NĐ 61/2018 Art. 18(2); NĐ 23/2015 Art. 7: received at or after 15:00 → from the next working day
    cal = vietnam()
    assert due(cal, at("2026-03-10 14:59"), Period.working(0)) == at("2026-03-10 17:00")
    assert due(cal, at("2026-03-10 15:00"), Period.working(0)) == at("2026-03-11 17:00")
    assert due(cal, at("2026-03-13 15:30"), Period.working(0)) == at("2026-03-16 17:00")
    # on a non-working day, whatever the hour
    assert due(cal, at("2026-03-14 08:00"), Period.working(0)) == at("2026-03-16 17:00")


def test_a_period_of_working_days_starts_the_day_after_receipt():
    # received Monday 9 March: day 1 is Tuesday, day 5 is Monday 16 March
    assert due(vietnam(), at("2026-03-09 09:00"), Period.working(5)) == at("2026-03-16 17:00")


def test_calendar_days_end_on_the_next_working_day_when_the_last_is_off():
    cal = vietnam()
    # 30 days from 3 August end on Wednesday 2 September, National Day → Thursday 3 September
    assert due(cal, at("2026-08-03 10:00"), Period.calendar(30)) == at("2026-09-03 17:00")
    # the 15:00 rule is the one-stop desk's; a complaint's days are counted from the day it arrived
    assert due(cal, at("2026-03-02 16:30"), Period.calendar(10)) == at("2026-03-12 17:00")
    # ending on a Saturday → Monday
    assert due(cal, at("2026-03-04 10:00"), Period.calendar(10)) == at("2026-03-16 17:00")


def test_an_operator_override_changes_a_due_date():
    before = vietnam()
    after = Calendar(days_off=vietnam_days_off() | {date(2026, 3, 11)}, working_days=before.extra_working_days)
    assert due(before, at("2026-03-09 09:00"), Period.working(2)) == at("2026-03-11 17:00")
    assert due(after, at("2026-03-09 09:00"), Period.working(2)) == at("2026-03-12 17:00")


def test_office_hours_are_data():
    cal = Calendar(days_off=vietnam_days_off(), hours=OfficeHours(cutoff=OfficeHours().afternoon_end))
    assert due(cal, at("2026-03-10 16:00"), Period.working(0)) == at("2026-03-10 17:00")
    with pytest.raises(ValueError):
        OfficeHours(cutoff=OfficeHours().morning_start.replace(hour=6))


def test_pause_while_waiting_for_the_citizen():
    # due Monday 16 March; paused Tuesday 10, resumed Thursday 12: two working days stood still
    clock = clock_replay(
        vietnam(),
        at("2026-03-09 09:00"),
        Period.working(5),
        [Pause(at("2026-03-10 10:00")), Resume(at("2026-03-12 10:00"))],
    )
    assert clock.due == at("2026-03-18 17:00")
    assert not clock.paused
    # paused and resumed the same day: nothing moves
    same_day = clock_replay(
        vietnam(),
        at("2026-03-09 09:00"),
        Period.working(5),
        [Pause(at("2026-03-10 09:00")), Resume(at("2026-03-10 16:00"))],
    )
    assert same_day.due == at("2026-03-16 17:00")


def test_returned_as_incomplete_restarts_from_zero():
    # NĐ 61/2018 Art. 19(4): the time limit is counted again from the new receipt
    clock = clock_replay(vietnam(), at("2026-03-09 09:00"), Period.working(5), [Restart(at("2026-03-12 16:00"))])
    assert clock.due == at("2026-03-20 17:00")
    assert clock.restarts == 1


def test_extensions_are_limited_and_each_has_its_decision():
    start, period = at("2026-03-09 09:00"), Period.working(5)
    once = clock_replay(vietnam(), start, period, [Extend(at("2026-03-12 09:00"), Period.working(5), "QĐ 12/QĐ-UBND")])
    assert once.due == at("2026-03-23 17:00")
    assert once.bases == ("QĐ 12/QĐ-UBND",)
    twice = [
        Extend(at("2026-03-12 09:00"), Period.working(5), "QĐ 12"),
        Extend(at("2026-03-20 09:00"), Period.working(5), "QĐ 15"),
    ]
    with pytest.raises(ClockError):
        clock_replay(vietnam(), start, period, twice)
    # a denunciation that is especially complex may be extended twice (Luật Tố cáo Art. 30)
    assert clock_replay(vietnam(), start, period, twice, max_extensions=2).due == at("2026-03-30 17:00")


def test_the_appointment_moves_only_once_by_apology():
    # NĐ 61/2018 Art. 19(9)
    start, period = at("2026-03-09 09:00"), Period.working(5)
    moved = clock_replay(vietnam(), start, period, [Apologise(at("2026-03-13 09:00"), at("2026-03-19 17:00"))])
    assert moved.due == at("2026-03-19 17:00") and moved.apologised
    with pytest.raises(ClockError):
        clock_replay(
            vietnam(),
            start,
            period,
            [
                Apologise(at("2026-03-13 09:00"), at("2026-03-19 17:00")),
                Apologise(at("2026-03-18 09:00"), at("2026-03-25 17:00")),
            ],
        )
    with pytest.raises(ClockError):
        clock_replay(vietnam(), start, period, [Apologise(at("2026-03-13 09:00"), at("2026-03-12 17:00"))])


def test_the_apology_comes_by_the_due_moment_and_not_a_second_after():
    # NĐ 61/2018 Art. 19(9): due Monday 16 March at 17:00
    start, period = at("2026-03-09 09:00"), Period.working(5)
    on_time = clock_replay(vietnam(), start, period, [Apologise(at("2026-03-16 17:00"), at("2026-03-19 17:00"))])
    assert on_time.due == at("2026-03-19 17:00") and on_time.apologised
    with pytest.raises(ClockError) as late:
        clock_replay(
            vietnam(), start, period, [Apologise(at("2026-03-16 17:00") + timedelta(seconds=1), at("2026-03-19 17:00"))]
        )
    assert late.value.code == "too_late"


def test_resuming_from_zero_is_one_flag_of_the_resumption():
    # Returned as incomplete on Tuesday 10 March, completed on Thursday 12 at 16:00 (after the cut-off)
    start, period = at("2026-03-09 09:00"), Period.working(5)
    events = [Pause(at("2026-03-10 10:00"))]
    from_zero = clock_replay(vietnam(), start, period, [*events, Resume(at("2026-03-12 16:00"), restart=True)])
    where_it_stopped = clock_replay(vietnam(), start, period, [*events, Resume(at("2026-03-12 16:00"))])
    # From zero: five working days from Friday 13, as a restart gives; where it stopped: two days stood still
    assert from_zero == clock_replay(vietnam(), start, period, [Restart(at("2026-03-12 16:00"))])
    assert (from_zero.due, from_zero.restarts, from_zero.received) == (
        at("2026-03-20 17:00"),
        1,
        at("2026-03-12 16:00"),
    )
    assert (where_it_stopped.due, where_it_stopped.restarts) == (at("2026-03-18 17:00"), 0)
    assert not from_zero.paused and not where_it_stopped.paused


def test_a_refused_event_names_the_rule_it_broke():
    start, period = at("2026-03-09 09:00"), Period.working(5)
    cases = {
        "already_paused": [Pause(at("2026-03-10 09:00")), Pause(at("2026-03-11 09:00"))],
        "not_paused": [Resume(at("2026-03-10 09:00"), restart=True)],
        "paused": [Pause(at("2026-03-10 09:00")), Apologise(at("2026-03-10 10:00"), at("2026-03-19 17:00"))],
        "extensions": [Extend(at("2026-03-10 09:00"), Period.working(1), "QĐ 1")] * 2,
        "apologised": [Apologise(at("2026-03-13 09:00"), at("2026-03-19 17:00"))] * 2,
        "not_later": [Apologise(at("2026-03-13 09:00"), at("2026-03-16 17:00"))],
        # Saturday 21 March is not a working day: an appointment falls on one
        "not_working_day": [Apologise(at("2026-03-13 09:00"), at("2026-03-21 10:00"))],
    }
    for code, events in cases.items():
        with pytest.raises(ClockError) as refused:
            clock_replay(vietnam(), start, period, events)
        assert refused.value.code == code


def test_a_recount_replays_the_clock_on_the_new_calendar():
    start, period = at("2026-03-09 09:00"), Period.working(5)
    before = vietnam()
    # The province gives Wednesday 11 March off
    after = Calendar(days_off=vietnam_days_off() | {date(2026, 3, 11)}, working_days=MAKE_UP)

    running = clock_start(before, start, period)
    assert running.due == at("2026-03-16 17:00")
    assert clock_recount(after, running).due == at("2026-03-17 17:00")
    assert clock_recount(before, running) == running  # the same calendar changes nothing

    # A pause counts the days it stood still on the new calendar too
    paused = clock_apply(before, running, Pause(at("2026-03-10 10:00")))
    resumed = clock_apply(before, paused, Resume(at("2026-03-13 10:00")))
    assert resumed.due == at("2026-03-19 17:00")
    assert clock_recount(after, resumed).due == at("2026-03-19 17:00")  # one day fewer stood, one more to count

    # A restart counts from the restart alone; what came before it no longer counts
    restarted = clock_apply(before, paused, Resume(at("2026-03-10 14:00"), restart=True))
    assert (restarted.due, restarted.since) == (at("2026-03-17 17:00"), ())
    recounted = clock_recount(after, restarted)
    assert (recounted.due, recounted.received, recounted.restarts) == (
        at("2026-03-18 17:00"),
        at("2026-03-10 14:00"),
        1,
    )

    # An extension is granted again on the new calendar; an appointment given by an apology stands
    extended = clock_apply(before, running, Extend(at("2026-03-10 09:00"), Period.working(2), "QĐ 3"))
    assert clock_recount(after, extended).due == at("2026-03-19 17:00")
    assert clock_recount(after, extended).bases == ("QĐ 3",)
    apologised = clock_apply(before, running, Apologise(at("2026-03-13 09:00"), at("2026-03-18 10:00")))
    assert clock_recount(after, apologised) == apologised


def test_nothing_but_resume_or_restart_while_paused():
    with pytest.raises(ClockError):
        clock_replay(
            vietnam(),
            at("2026-03-09 09:00"),
            Period.working(5),
            [Pause(at("2026-03-10 09:00")), Extend(at("2026-03-10 10:00"), Period.working(2), "QĐ 1")],
        )
    with pytest.raises(ClockError):
        clock_replay(vietnam(), at("2026-03-09 09:00"), Period.working(5), [Resume(at("2026-03-10 09:00"))])


def test_standing_of_an_open_item():
    cal = vietnam()
    due_at = at("2026-03-13 17:00")  # a Friday
    assert standing(cal, due_at, at("2026-03-13 09:00")).remaining == 0
    assert standing(cal, due_at, at("2026-03-13 09:00")).due_soon
    assert standing(cal, due_at, at("2026-03-12 09:00")).due_soon
    two_left = standing(cal, due_at, at("2026-03-11 09:00"))
    assert (two_left.remaining, two_left.due_soon, two_left.late) == (2, False, False)
    saturday = standing(cal, due_at, at("2026-03-14 10:00"))
    assert (saturday.late, saturday.remaining) == (True, -1)
    assert standing(cal, due_at, at("2026-03-17 10:00")).remaining == -2


def test_bad_periods_and_times_are_refused():
    with pytest.raises(ValueError):
        Period.working(-1)
    with pytest.raises(ValueError):
        Period(working_days=1, calendar_days=1)
    with pytest.raises(ValueError):
        due(vietnam(), at("2026-03-09 09:00").replace(tzinfo=None), Period.working(1))
    with pytest.raises(OutOfRange):
        due(vietnam(), at("2045-12-30 09:00"), Period.working(30))


def test_bulk_functions_refuse_dates_past_the_calendar():
    import numpy as np

    cal = vietnam()
    received = np.array([int(at("2045-12-01 10:00").timestamp())])
    with pytest.raises(OutOfRange):
        cal.due_calendar_many(received, np.array([29]))
    with pytest.raises(OutOfRange):
        cal.due_working_many(received, np.array([40]))


def test_late_only_after_the_due_moment():
    # Given an item due Friday 13 March at 17:00
    cal, due_at = vietnam(), at("2026-03-13 17:00")

    # At the due moment itself it is not late: due today, soon
    on_time = standing(cal, due_at, due_at)
    assert (on_time.due, on_time.late, on_time.remaining, on_time.due_soon) == (due_at, False, 0, True)

    # One second later it is late by one working day
    late = standing(cal, due_at, due_at.replace(second=1))
    assert (late.due, late.late, late.remaining, late.due_soon) == (due_at, True, -1, False)


def test_a_period_says_what_it_counts():
    assert str(Period.working(3)) == "3 working days"
    assert str(Period.calendar(10)) == "10 calendar days"
    assert str(Period.working(0)) == "0 working days"
    with pytest.raises(ValueError, match=r"^a period is in working days or in calendar days$"):
        Period()
    for bad in ({"calendar_days": -1}, {"working_days": -1}):
        with pytest.raises(ValueError, match=r"^a period cannot be negative$"):
            Period(**bad)


def test_an_extension_in_calendar_days():
    # A period in calendar days extended by calendar days, as a denunciation's (Luật Tố cáo Art. 30)
    cal, received = vietnam(), at("2026-03-02 10:00")
    clock = clock_start(cal, received, Period.calendar(10))
    assert clock.due == at("2026-03-12 17:00")
    # counted from the day after the current due date: Thursday 12 + 9 = Saturday 21 → Monday 23 March
    extended = clock_apply(cal, clock, Extend(at("2026-03-11 09:00"), Period.calendar(9), "QĐ 4"))
    assert (extended.due, extended.extensions, extended.bases) == (at("2026-03-23 17:00"), 1, ("QĐ 4",))
    # once, unless the caller's law allows more
    with pytest.raises(ClockError):
        clock_apply(cal, extended, Extend(at("2026-03-20 09:00"), Period.calendar(9), "QĐ 5"))
    twice = clock_apply(cal, extended, Extend(at("2026-03-20 09:00"), Period.calendar(9), "QĐ 5"), max_extensions=2)
    assert twice.due == at("2026-04-01 17:00")
    # ending on a working day, it stays there
    assert clock_apply(cal, clock, Extend(at("2026-03-11 09:00"), Period.calendar(6), "QĐ 4")).due == at(
        "2026-03-18 17:00"
    )
    # a calendar-day period extended by working days
    assert clock_apply(cal, clock, Extend(at("2026-03-11 09:00"), Period.working(2), "QĐ 4")).due == at(
        "2026-03-16 17:00"
    )


def test_a_pause_over_a_weekend_or_a_holiday_stands_still_only_on_working_days():
    cal, period = vietnam(), Period.working(5)
    # Paused on Friday 13 March, resumed on Monday 16: only the Monday stood still
    weekend = clock_replay(
        cal, at("2026-03-09 09:00"), period, [Pause(at("2026-03-13 10:00")), Resume(at("2026-03-16 10:00"))]
    )
    assert weekend.due == at("2026-03-17 17:00")
    # Paused on Wednesday 29 April, resumed on Monday 4 May: 30/4 and 1/5 are holidays, then the weekend
    holiday = clock_replay(
        cal, at("2026-04-28 09:00"), period, [Pause(at("2026-04-29 10:00")), Resume(at("2026-05-04 10:00"))]
    )
    assert clock_start(cal, at("2026-04-28 09:00"), period).due == at("2026-05-07 17:00")
    assert holiday.due == at("2026-05-08 17:00")


def test_a_pause_in_calendar_days():
    # Received Monday 2 March, 10 calendar days: due Thursday 12 March
    cal, received, period = vietnam(), at("2026-03-02 10:00"), Period.calendar(10)

    def resumed(paused, resumed):
        return clock_replay(cal, received, period, [Pause(at(paused)), Resume(at(resumed))]).due

    # Paused Friday 6, resumed Monday 9: three calendar days stood still → Sunday 15 → Monday 16
    assert resumed("2026-03-06 10:00", "2026-03-09 10:00") == at("2026-03-16 17:00")
    # Two days → Saturday 14 → Monday 16; one day → Friday 13, a working day
    assert resumed("2026-03-06 10:00", "2026-03-08 10:00") == at("2026-03-16 17:00")
    assert resumed("2026-03-06 10:00", "2026-03-07 10:00") == at("2026-03-13 17:00")
    # Paused and resumed the same day: nothing moves
    assert resumed("2026-03-06 09:00", "2026-03-06 16:00") == at("2026-03-12 17:00")


def test_a_resumption_dated_before_its_pause_moves_nothing():
    # Events keyed in late can carry an earlier time: the clock never runs backwards
    for period in (Period.working(5), Period.calendar(10)):
        clock = clock_replay(
            vietnam(), at("2026-03-02 10:00"), period, [Pause(at("2026-03-06 10:00")), Resume(at("2026-03-04 10:00"))]
        )
        assert clock.due == clock_start(vietnam(), at("2026-03-02 10:00"), period).due


def test_a_restart_while_paused_runs_the_clock_again_from_zero():
    cal, period = vietnam(), Period.working(5)
    paused = clock_replay(cal, at("2026-03-09 09:00"), period, [Pause(at("2026-03-10 10:00"))])
    restarted = clock_apply(cal, paused, Restart(at("2026-03-12 10:00")))
    assert not restarted.paused
    assert (restarted.received, restarted.due, restarted.restarts, restarted.since) == (
        at("2026-03-12 10:00"),
        at("2026-03-19 17:00"),
        1,
        (),
    )
    # and it can be paused again
    assert clock_apply(cal, restarted, Pause(at("2026-03-13 10:00"))).paused


def test_an_apology_to_the_same_moment_is_refused():
    cal = vietnam()
    clock = clock_start(cal, at("2026-03-09 09:00"), Period.working(5))
    with pytest.raises(ClockError) as refused:
        clock_apply(cal, clock, Apologise(at("2026-03-13 09:00"), clock.due))
    assert refused.value.code == "not_later"
    # a second later is later
    assert clock_apply(cal, clock, Apologise(at("2026-03-13 09:00"), clock.due.replace(second=1))).apologised


def test_a_refusal_says_in_words_which_rule():
    start, period = at("2026-03-09 09:00"), Period.working(5)
    cases = {
        "the clock is already paused": [Pause(at("2026-03-10 09:00")), Pause(at("2026-03-11 09:00"))],
        "the clock is not paused": [Resume(at("2026-03-10 09:00"))],
        "the clock is paused": [Pause(at("2026-03-10 09:00")), Extend(at("2026-03-10 10:00"), Period.working(1), "")],
        "no more than 1 extension(s)": [Extend(at("2026-03-10 09:00"), Period.working(1), "QĐ 1")] * 2,
        "the appointment can be moved only once": [Apologise(at("2026-03-13 09:00"), at("2026-03-19 17:00"))] * 2,
        "the new appointment must be later than the current one": [
            Apologise(at("2026-03-13 09:00"), at("2026-03-16 17:00"))
        ],
        "the new appointment must fall on a working day": [Apologise(at("2026-03-13 09:00"), at("2026-03-21 10:00"))],
        "the apology comes before the due date, not after it": [
            Apologise(at("2026-03-17 09:00"), at("2026-03-19 17:00"))
        ],
    }
    for message, events in cases.items():
        with pytest.raises(ClockError) as refused:
            clock_replay(vietnam(), start, period, events)
        assert str(refused.value) == message
    beyond = [Apologise(at("2026-03-13 09:00"), at("2046-01-02 17:00"))]
    with pytest.raises(ClockError) as refused:
        clock_replay(vietnam(), start, period, beyond)
    assert (refused.value.code, str(refused.value)) == (
        "out_of_range",
        "the new appointment is beyond the calendar's years",
    )
    with pytest.raises(TypeError, match=r"^unknown event <object object at"):
        clock_apply(vietnam(), clock_start(vietnam(), start, period), object())


def test_a_recount_that_moves_nothing_gives_back_the_same_clock():
    # The common case of the nightly recount, on every open item: no new object when nothing moved
    cal = vietnam()
    clock = clock_start(cal, at("2026-03-09 09:00"), Period.working(5))
    assert clock_recount(cal, clock) is clock


def test_a_recount_keeps_a_pause_running_and_every_extension_granted():
    before = vietnam()
    after = Calendar(days_off=vietnam_days_off() | {date(2026, 3, 11)}, working_days=MAKE_UP)
    start, period = at("2026-03-09 09:00"), Period.working(5)

    # A paused clock stays paused from the same moment, its due date as it stood counted on the new calendar
    paused = clock_replay(before, start, period, [Pause(at("2026-03-10 10:00"))])
    recounted = clock_recount(after, paused)
    assert (recounted.paused_since, recounted.due) == (at("2026-03-10 10:00"), at("2026-03-17 17:00"))

    # A clock extended twice (a law that allows it) keeps both extensions
    twice = [
        Extend(at("2026-03-10 09:00"), Period.working(1), "QĐ 1"),
        Extend(at("2026-03-11 09:00"), Period.working(1), "QĐ 2"),
    ]
    extended = clock_replay(before, start, period, twice, max_extensions=2)
    assert extended.due == at("2026-03-18 17:00")
    recounted = clock_recount(after, extended)
    assert (recounted.due, recounted.extensions, recounted.bases) == (at("2026-03-19 17:00"), 2, ("QĐ 1", "QĐ 2"))
