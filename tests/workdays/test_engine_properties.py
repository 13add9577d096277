"""Properties of the calendar arithmetic that must hold for any input, checked with hypothesis."""

from datetime import date, datetime, time, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.workdays.calendars import MAKE_UP, naive_due, vietnam, vietnam_days_off
from vidan.workdays import Calendar, Pause, Period, Resume, clock_recount, clock_replay, due
from vidan.workdays.calendar import VIETNAM, OfficeHours

# To the microsecond, as a receipt is stamped: a rule that forgot the seconds would pass on whole minutes.
receipts = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31, 23, 59)).map(
    lambda naive: naive.replace(tzinfo=VIETNAM)
)
working_periods = st.integers(min_value=0, max_value=60)
calendar_periods = st.integers(min_value=1, max_value=90)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@pytest.fixture(autouse=True)
def _calendar_built():
    """The shared calendar is built before a test's examples are timed: its 46 years of holidays take longer
    than Hypothesis's deadline for one example on a busy machine."""
    vietnam()


@given(receipts, working_periods)
def test_the_due_date_is_a_working_day_at_closing_time(received, n):
    cal = vietnam()
    due_at = due(cal, received, Period.working(n))
    assert cal.is_working_day(due_at.date())
    assert due_at.timetz() == cal.hours.close.replace(tzinfo=VIETNAM)
    assert due_at > received or n == 0


@given(days, working_periods, working_periods)
def test_adding_n_then_m_working_days_is_adding_n_plus_m(day, n, m):
    cal = vietnam()
    assert cal.add_working_days(cal.add_working_days(day, n), m) == cal.add_working_days(day, n + m)


@given(receipts, st.integers(min_value=0, max_value=10 * 24 * 60), working_periods)
def test_a_later_receipt_never_gives_an_earlier_due_date(received, minutes_later, n):
    cal = vietnam()
    later = received + timedelta(minutes=minutes_later)
    assert due(cal, later, Period.working(n)) >= due(cal, received, Period.working(n))


@given(receipts, calendar_periods)
def test_a_later_receipt_never_gives_an_earlier_due_date_in_calendar_days(received, n):
    cal = vietnam()
    later = received + timedelta(hours=20)
    assert due(cal, later, Period.calendar(n)) >= due(cal, received, Period.calendar(n))


@given(st.integers(min_value=0, max_value=200))
def test_a_make_up_saturday_counts(weeks):
    saturday = date(2021, 1, 2) + timedelta(weeks=weeks)
    plain = Calendar(first=date(2020, 1, 1), last=date(2026, 12, 31))
    with_make_up = Calendar(working_days={saturday}, first=date(2020, 1, 1), last=date(2026, 12, 31))
    friday_morning = datetime.combine(saturday - timedelta(days=1), datetime.min.time(), VIETNAM).replace(hour=9)
    assert due(plain, friday_morning, Period.working(1)).date() == saturday + timedelta(days=2)
    assert due(with_make_up, friday_morning, Period.working(1)).date() == saturday


@settings(max_examples=400)
@given(receipts, working_periods)
def test_agrees_with_the_day_by_day_loop_in_working_days(received, n):
    expected = naive_due(received, working_days=n, days_off=vietnam_days_off(), make_up=MAKE_UP)
    assert due(vietnam(), received, Period.working(n)) == expected


@settings(max_examples=400)
@given(receipts, calendar_periods)
def test_agrees_with_the_day_by_day_loop_in_calendar_days(received, n):
    expected = naive_due(received, calendar_days=n, days_off=vietnam_days_off(), make_up=MAKE_UP)
    assert due(vietnam(), received, Period.calendar(n)) == expected


@given(st.lists(st.tuples(receipts, working_periods, calendar_periods), min_size=1, max_size=50))
def test_the_bulk_functions_agree_with_one_at_a_time(items):
    cal = vietnam()
    epoch = np.array([int(received.timestamp()) for received, _n, _c in items])
    working = cal.due_working_many(epoch, np.array([n for _r, n, _c in items]))
    calendar = cal.due_calendar_many(epoch, np.array([c for _r, _n, c in items]))
    for (received, n, c), w, k in zip(items, working, calendar, strict=True):
        assert w == due(cal, received, Period.working(n)).timestamp()
        assert k == due(cal, received, Period.calendar(c)).timestamp()


@given(days, days)
def test_working_days_between_counts_like_a_loop(start, end):
    cal = vietnam()
    lo, hi = sorted((start, end))
    counted = sum(cal.is_working_day(lo + timedelta(days=k)) for k in range(1, (hi - lo).days + 1))
    assert cal.working_days_between(start, end) == (counted if start <= end else -counted)


@given(
    receipts,
    working_periods,
    st.integers(min_value=0, max_value=20 * 24 * 60),
    st.integers(min_value=0, max_value=20 * 24 * 60),
    st.booleans(),
)
def test_a_recount_on_the_same_calendar_changes_nothing(received, n, paused_after, stood, restart):
    # A clock paused and resumed (from zero or where it stopped), counted again on its own calendar, is the same
    cal = vietnam()
    paused = received + timedelta(minutes=paused_after)
    clock = clock_replay(
        cal,
        received,
        Period.working(n),
        [Pause(paused), Resume(paused + timedelta(minutes=stood), restart=restart)],
    )
    assert clock_recount(cal, clock) == clock


# Office hours as a province may set them, to the minute: opening 7:00–8:00, closing 16:00–17:59.
office_hours = st.builds(
    lambda opening, closing, cutoff: OfficeHours(
        morning_start=time(7, opening),
        afternoon_end=time(16 + closing // 60, closing % 60),
        cutoff=time(13 + cutoff // 60, cutoff % 60),
    ),
    st.integers(min_value=0, max_value=59),
    st.integers(min_value=0, max_value=119),
    st.integers(min_value=30, max_value=179),
)


@given(office_hours, st.lists(st.tuples(receipts, working_periods, calendar_periods), min_size=1, max_size=20))
def test_the_bulk_functions_agree_with_one_at_a_time_whatever_the_office_hours(hours, items):
    cal = Calendar(days_off=vietnam_days_off(), working_days=MAKE_UP, hours=hours)
    epoch = np.array([received.timestamp() for received, _n, _c in items])
    working = cal.due_working_many(epoch, np.array([n for _r, n, _c in items]))
    calendar = cal.due_calendar_many(epoch, np.array([c for _r, _n, c in items]))
    for (received, n, c), w, k in zip(items, working, calendar, strict=True):
        one = due(cal, received, Period.working(n))
        assert w == one.timestamp() and one.timetz() == hours.close.replace(tzinfo=VIETNAM)
        assert (one.date() == received.date()) == (
            n == 0 and cal.is_working_day(received.date()) and received.time() < hours.cutoff
        )
        assert k == due(cal, received, Period.calendar(c)).timestamp()
