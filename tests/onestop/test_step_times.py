"""The internal procedure's split of a time limit between the steps, and working time in office hours."""

from datetime import date, datetime, timedelta

import pytest

from vidan.onestop.step_times import (
    DEFAULT_SPLIT,
    office_time_between,
    split_parse,
)
from vidan.workdays.calendar import VIETNAM, Calendar

# 30/04 and 01/05/2026 off; office hours 07:30–11:30 and 13:30–17:00: 7 h 30 a working day.
CALENDAR = Calendar(days_off=[date(2026, 4, 30), date(2026, 5, 1)], first=date(2026, 1, 1), last=date(2027, 12, 31))


def at(day: int, hour: int, minute: int = 0, month: int = 4) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VIETNAM)


def test_a_split_is_four_shares_adding_up_to_100_and_an_empty_one_is_the_default():
    assert split_parse("5/65/20/10") == {"desk": 5, "department": 65, "leader": 20, "result": 10}
    assert split_parse(" ") == DEFAULT_SPLIT and sum(DEFAULT_SPLIT.values()) == 100
    for wrong in ("10/60/20", "10/60/20/20", "a/b/c/d", "10/-60/20/10"):
        with pytest.raises(ValueError):
            split_parse(wrong)


def test_office_time_counts_only_office_hours_of_working_days():
    # Wednesday 29/04 16:00 to Monday 04/05 09:00: one hour on Wednesday, the holidays and the weekend, 1 h 30
    assert office_time_between(CALENDAR, at(29, 16), at(4, 9, month=5)) == timedelta(hours=2, minutes=30)
    # the lunch break is nobody's time
    assert office_time_between(CALENDAR, at(28, 11), at(28, 14)) == timedelta(hours=1)
    assert office_time_between(CALENDAR, at(28, 18), at(28, 20)) == timedelta()


def test_office_time_adds_up_over_consecutive_spans():
    # split anywhere, the two parts make the whole
    start, middle, end = at(27, 9), at(29, 12, 30), at(6, 10, month=5)
    whole = office_time_between(CALENDAR, start, end)
    assert whole == office_time_between(CALENDAR, start, middle) + office_time_between(CALENDAR, middle, end)
    # Monday from 09:00 (6 h), four full working days (the holidays and the weekend between), Wednesday to 10:00
    assert whole == timedelta(hours=6) + 4 * timedelta(hours=7, minutes=30) + timedelta(hours=2, minutes=30)
