"""Working days and legal deadlines.

The arithmetic is pure (`calendar`, `deadlines`); `store` turns the holidays package and the operator's
overrides into a `Calendar` for a province. Other modules call:

    from vidan import workdays
    cal = workdays.calendar_for(province_code)       # cached, rebuilt when an override changes
    workdays.due(cal, received, workdays.Period.working(3))
    workdays.standing(cal, due_at, now)              # remaining working days, due soon, late
"""

from vidan.workdays.calendar import VIETNAM, Calendar, OfficeHours, OutOfRange
from vidan.workdays.deadlines import (
    Apologise,
    Clock,
    ClockError,
    Extend,
    Pause,
    Period,
    Restart,
    Resume,
    Standing,
    clock_apply,
    clock_recount,
    clock_replay,
    clock_start,
    due,
    due_day,
    extend,
    standing,
)

__all__ = [
    "VIETNAM",
    "Apologise",
    "Calendar",
    "Clock",
    "ClockError",
    "Extend",
    "OfficeHours",
    "OutOfRange",
    "Pause",
    "Period",
    "Restart",
    "Resume",
    "Standing",
    "calendar_for",
    "clock_apply",
    "clock_recount",
    "clock_replay",
    "clock_start",
    "due",
    "due_day",
    "extend",
    "standing",
]


def calendar_for(province_code: str | None = None) -> Calendar:
    """The calendar in force for a province (or nationwide), from the database; cached per process."""
    from vidan.workdays.store import calendar_for as load

    return load(province_code)
