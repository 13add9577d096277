"""The calendar at its edges: its first and last days, a receipt to the second, office hours with minutes, and
the bulk functions on the same edges as the one-at-a-time ones."""

from datetime import date, datetime, time, timedelta

import numpy as np
import pytest

from tests.workdays.calendars import at
from vidan.workdays import Calendar, OfficeHours, OutOfRange, Period, due
from vidan.workdays.calendar import VIETNAM

FIRST, LAST = date(2026, 3, 2), date(2026, 3, 14)  # a Monday, a Saturday


def short_calendar(**kwargs) -> Calendar:
    """Two weeks of March 2026 whose first day (Monday 2) is off and whose last (Saturday 14) is a make-up
    working day; Friday 6 is off too. Overrides outside the two weeks are ignored."""
    return Calendar(
        days_off={date(2026, 2, 26), FIRST, date(2026, 3, 6), date(2026, 3, 16)},
        working_days={date(2026, 2, 22), LAST, date(2026, 3, 15)},
        first=FIRST,
        last=LAST,
        **kwargs,
    )


WORKING = [date(2026, 3, d) for d in (3, 4, 5, 9, 10, 11, 12, 13, 14)]


def seconds(text: str) -> int:
    """Unix seconds of a Vietnam local time 'YYYY-MM-DD HH:MM:SS'."""
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=VIETNAM).timestamp())


def test_the_first_and_last_days_are_the_calendars_own():
    # Given a calendar whose first day is a day off and whose last is a make-up Saturday
    cal = short_calendar()

    # Then every day in between is what its overrides say, and nothing outside it was touched
    days = [FIRST + timedelta(days=k) for k in range((LAST - FIRST).days + 1)]
    assert [day for day in days if cal.is_working_day(day)] == WORKING
    assert cal.days_off_between(FIRST, LAST) == [FIRST, date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 8)]

    # And a day just outside is refused, naming the calendar's years
    for outside in (FIRST - timedelta(days=1), LAST + timedelta(days=1)):
        with pytest.raises(OutOfRange) as refused:
            cal.is_working_day(outside)
        assert str(refused.value) == f"{outside} is outside the calendar (2026-03-02 – 2026-03-14)"


def test_a_calendar_of_one_day_and_one_the_wrong_way_round():
    assert Calendar(first=LAST, last=LAST, working_days={LAST}).is_working_day(LAST)
    assert not Calendar(first=LAST, last=LAST).is_working_day(LAST)
    friday = date(2026, 3, 13)
    assert not Calendar(first=FIRST, last=friday, days_off={friday}).is_working_day(friday)
    with pytest.raises(ValueError, match=r"^first must not be after last$"):
        Calendar(first=LAST, last=FIRST)


def test_a_calendar_carries_its_version():
    assert Calendar(first=FIRST, last=LAST).version == ""
    assert short_calendar(version="vn-2026-7").version == "vn-2026-7"


def test_times_must_carry_their_zone():
    with pytest.raises(ValueError, match=r"^times must be timezone-aware$"):
        short_calendar().receipt_day(datetime(2026, 3, 10, 9, 0))


def test_counting_reaches_the_last_working_day_and_no_further():
    cal = short_calendar()
    assert cal.add_working_days(date(2026, 3, 3), 8) == LAST
    assert cal.add_working_days(LAST, 0) == LAST
    assert cal.add_working_days(FIRST, 0) == FIRST  # "same day" is the day itself, even a day off
    with pytest.raises(OutOfRange) as refused:
        cal.add_working_days(date(2026, 3, 3), 9)
    assert str(refused.value) == "working day number 9 after 2026-03-03 is past 2026-03-14"
    with pytest.raises(ValueError, match=r"^n must not be negative$"):
        cal.add_working_days(date(2026, 3, 9), -1)


def test_the_next_working_day_and_the_first_on_or_after():
    cal = short_calendar()
    assert cal.next_working_day(FIRST) == date(2026, 3, 3)
    assert cal.next_working_day(date(2026, 3, 5)) == date(2026, 3, 9)  # over the Friday off and the weekend
    assert cal.next_working_day(date(2026, 3, 13)) == LAST
    with pytest.raises(OutOfRange):
        cal.next_working_day(LAST)
    assert cal.working_day_on_or_after(FIRST) == date(2026, 3, 3)
    assert cal.working_day_on_or_after(date(2026, 3, 6)) == date(2026, 3, 9)
    assert cal.working_day_on_or_after(date(2026, 3, 9)) == date(2026, 3, 9)
    assert cal.working_day_on_or_after(LAST) == LAST


def test_working_days_and_days_off_between_two_days():
    cal = short_calendar()
    assert cal.working_days_between(FIRST, LAST) == 9
    assert cal.working_days_between(LAST, FIRST) == -9
    assert cal.working_days_between(date(2026, 3, 5), date(2026, 3, 5)) == 0
    assert cal.working_days_between(date(2026, 3, 5), date(2026, 3, 9)) == 1
    # both ends count
    assert cal.days_off_between(date(2026, 3, 3), date(2026, 3, 6)) == [date(2026, 3, 6)]
    assert cal.days_off_between(date(2026, 3, 8), date(2026, 3, 9)) == [date(2026, 3, 8)]
    assert cal.days_off_between(date(2026, 3, 6), date(2026, 3, 6)) == [date(2026, 3, 6)]
    assert cal.days_off_between(date(2026, 3, 9), date(2026, 3, 13)) == []


def test_a_receipt_to_the_second_before_and_at_the_cut_off():
    # NĐ 61/2018 Art. 18(2): received after 15:00 → from the next working day; 14:59:59 is still before
    cal = short_calendar()
    assert cal.receipt_day(at("2026-03-10 14:59").replace(second=59, microsecond=999_999)) == date(2026, 3, 10)
    assert cal.receipt_day(at("2026-03-10 15:00")) == date(2026, 3, 11)
    assert cal.receipt_day(at("2026-03-10 15:00").replace(second=1)) == date(2026, 3, 11)
    assert cal.receipt_day(at("2026-03-13 23:59").replace(second=59)) == LAST
    # on the calendar's first day (off) and its last
    assert cal.receipt_day(datetime.combine(FIRST, time(0, 0), VIETNAM)) == date(2026, 3, 3)
    assert cal.receipt_day(at("2026-03-14 14:59").replace(second=59)) == LAST
    with pytest.raises(OutOfRange):
        cal.receipt_day(at("2026-03-14 15:00"))


def test_office_hours_with_minutes():
    # Given a province whose cut-off is 15:30 and whose office closes at 16:30
    cal = short_calendar(hours=OfficeHours(cutoff=time(15, 30), afternoon_end=time(16, 30)))

    # Then a receipt at 15:29:59 is due the same day at 16:30, one at 15:30 the next working day
    assert due(cal, at("2026-03-10 15:29").replace(second=59), Period.working(0)) == at("2026-03-10 16:30")
    assert due(cal, at("2026-03-10 15:30"), Period.working(0)) == at("2026-03-11 16:30")
    assert due(cal, at("2026-03-10 15:30"), Period.calendar(1)) == at("2026-03-11 16:30")
    assert cal.end_of_day(LAST) == at("2026-03-14 16:30")

    # And the bulk functions say the same, to the second
    received = np.array([seconds("2026-03-10 15:29:59"), seconds("2026-03-10 15:30:00")])
    assert cal.due_working_many(received, np.array([0, 0])).tolist() == [
        seconds("2026-03-10 16:30:00"),
        seconds("2026-03-11 16:30:00"),
    ]
    assert cal.due_calendar_many(received, np.array([1, 2])).tolist() == [
        seconds("2026-03-11 16:30:00"),
        seconds("2026-03-12 16:30:00"),
    ]


def test_a_cut_off_to_the_second():
    cal = short_calendar(hours=OfficeHours(cutoff=time(15, 0, 30)))
    assert cal.receipt_day(at("2026-03-10 15:00").replace(second=29)) == date(2026, 3, 10)
    assert cal.receipt_day(at("2026-03-10 15:00").replace(second=30)) == date(2026, 3, 11)
    received = np.array([seconds("2026-03-10 15:00:29"), seconds("2026-03-10 15:00:30")])
    assert cal.due_working_many(received, np.array([0, 0])).tolist() == [
        seconds("2026-03-10 17:00:00"),
        seconds("2026-03-11 17:00:00"),
    ]


@pytest.mark.parametrize(
    ("hours", "allowed"),
    [
        ({"morning_end": time(13, 30)}, True),  # no lunch break: the morning ends when the afternoon starts
        ({"cutoff": time(7, 30)}, True),  # the cut-off at the opening
        ({"cutoff": time(17, 0)}, True),  # the cut-off at the closing
        ({"morning_end": time(7, 30)}, False),
        ({"morning_end": time(13, 31)}, False),
        ({"afternoon_start": time(17, 0)}, False),
        ({"cutoff": time(7, 29)}, False),
        ({"cutoff": time(17, 1)}, False),
    ],
)
def test_office_hours_must_run_in_order(hours, allowed):
    if allowed:
        assert OfficeHours(**hours).close == time(17, 0)
    else:
        message = "the cut-off must fall within office hours" if "cutoff" in hours else "office hours must run "
        with pytest.raises(ValueError, match=f"^{message}"):
            OfficeHours(**hours)


def test_the_bulk_functions_on_the_first_and_last_days():
    cal = short_calendar()
    # The first second of the first day (off) and the last before the cut-off on the last day
    received = np.array([seconds("2026-03-02 00:00:00"), seconds("2026-03-14 14:59:59")])
    assert cal.due_working_many(received, np.array([0, 0])).tolist() == [
        seconds("2026-03-03 17:00:00"),
        seconds("2026-03-14 17:00:00"),
    ]
    # Calendar days need the calendar only for the last day: received before it, due on its last day
    received = np.array([seconds("2026-02-27 10:00:00"), seconds("2026-03-13 23:59:59")])
    assert cal.due_calendar_many(received, np.array([3, 1])).tolist() == [
        seconds("2026-03-03 17:00:00"),
        seconds("2026-03-14 17:00:00"),
    ]
    assert cal.due_working_many(np.array([], dtype=np.int64), np.array([], dtype=np.int64)).tolist() == []
    assert cal.due_calendar_many(np.array([], dtype=np.int64), np.array([], dtype=np.int64)).tolist() == []


@pytest.mark.parametrize(
    ("received", "days", "message"),
    [
        # a second before the calendar's first day: numpy would have read the array from its end
        ("2026-03-01 23:59:59", 0, "a receipt lies outside the calendar (2026-03-02 – 2026-03-14)"),
        ("2026-03-15 00:00:00", 0, "a receipt lies outside the calendar (2026-03-02 – 2026-03-14)"),
        # received on the last day after the cut-off: its next working day is past the end
        ("2026-03-14 15:00:00", 0, "a due date lies past the end of the calendar (2026-03-14)"),
        ("2026-03-13 10:00:00", 2, "a due date lies past the end of the calendar (2026-03-14)"),
    ],
)
def test_the_bulk_working_days_refuse_what_lies_outside(received, days, message):
    cal = short_calendar()
    with pytest.raises(OutOfRange) as refused:
        cal.due_working_many(np.array([seconds("2026-03-10 10:00:00"), seconds(received)]), np.array([1, days]))
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("received", "days", "message"),
    [
        ("2026-02-27 10:00:00", 2, "a due date lies outside the calendar (2026-03-02 – 2026-03-14)"),
        ("2026-03-13 10:00:00", 2, "a due date lies outside the calendar (2026-03-02 – 2026-03-14)"),
    ],
)
def test_the_bulk_calendar_days_refuse_what_lies_outside(received, days, message):
    cal = short_calendar()
    with pytest.raises(OutOfRange) as refused:
        cal.due_calendar_many(np.array([seconds("2026-03-10 10:00:00"), seconds(received)]), np.array([1, days]))
    assert str(refused.value) == message


def test_the_bulk_calendar_days_refuse_a_last_day_with_no_working_day_after():
    # A calendar ending on a Sunday: a period ending on its Saturday has no working day to move to
    cal = Calendar(first=FIRST, last=date(2026, 3, 8))
    with pytest.raises(OutOfRange) as refused:
        cal.due_calendar_many(np.array([seconds("2026-03-04 10:00:00")]), np.array([3]))
    assert str(refused.value) == "a due date lies past the end of the calendar (2026-03-08)"
    with pytest.raises(OutOfRange):
        due(cal, at("2026-03-04 10:00"), Period.calendar(3))


def test_the_bulk_functions_refuse_a_negative_period():
    # One at a time a period cannot be negative; in bulk it would have counted backwards, or from the end
    cal = short_calendar()
    received = np.array([seconds("2026-03-03 10:00:00")])
    with pytest.raises(ValueError, match=r"^a period cannot be negative$"):
        cal.due_working_many(received, np.array([-1]))
    with pytest.raises(ValueError, match=r"^a period cannot be negative$"):
        cal.due_calendar_many(received, np.array([-1]))


def test_the_bulk_functions_take_any_numbers():
    # Unix seconds as floats (what datetime.timestamp() gives) and periods as floats or plain lists
    cal = short_calendar()
    received = at("2026-03-10 14:59").replace(second=59).timestamp()
    assert cal.due_working_many(np.array([received]), np.array([2.0])).tolist() == [seconds("2026-03-12 17:00:00")]
    assert cal.due_calendar_many([received], [2.0]).tolist() == [seconds("2026-03-12 17:00:00")]
