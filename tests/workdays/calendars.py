"""Calendars for the engine's tests, built without the database, and a day-by-day reference loop."""

from datetime import date, datetime, time, timedelta
from functools import cache

import holidays

from vidan.workdays.calendar import VIETNAM, Calendar

# The 2026 swaps the government announced (docs/legal.md §2) beyond what the holidays package carries.
EXTRA_OFF = {date(2026, 1, 2)}
MAKE_UP = {date(2026, 1, 10), date(2026, 8, 22)}


@cache
def vietnam_days_off() -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=range(2000, 2046)).keys()) | EXTRA_OFF


@cache
def vietnam() -> Calendar:
    return Calendar(days_off=vietnam_days_off(), working_days=MAKE_UP)


def at(text: str) -> datetime:
    """A Vietnam local time from 'YYYY-MM-DD HH:MM'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VIETNAM)


def naive_due(received: datetime, *, working_days=None, calendar_days=None, days_off, make_up) -> datetime:
    """The rules applied one day at a time, the slow way, to check the fast one."""

    def working(day: date) -> bool:
        return day in make_up or (day.weekday() < 5 and day not in days_off)

    local = received.astimezone(VIETNAM)
    day = local.date()
    if calendar_days is not None:
        day += timedelta(days=calendar_days)
        while not working(day):
            day += timedelta(days=1)
        return datetime.combine(day, time(17, 0), tzinfo=VIETNAM)
    if not working(day) or local.time() >= time(15, 0):
        day += timedelta(days=1)
        while not working(day):
            day += timedelta(days=1)
    left = working_days
    while left > 0:
        day += timedelta(days=1)
        if working(day):
            left -= 1
    return datetime.combine(day, time(17, 0), tzinfo=VIETNAM)
