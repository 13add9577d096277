"""The internal procedure's split of a time limit between the steps of processing, and working time counted
in office hours. Pure: a calendar and moments in, moments and spans out.

The catalogue gives each procedure a split of its time limit, in percent, between the desk (receipt to the
hand-over to the department), the department (processing to the submission to the leader), the leader (the
decision) and the result (from the decision to the result at the desk). A procedure without one takes
DEFAULT_SPLIT. Form 05 judges each hand-over against its own step's share, so the sheet shows which step
caused a delay.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from vidan.workdays.calendar import VIETNAM, Calendar, OutOfRange

STEPS = ("desk", "department", "leader", "result")
# A sensible split where the catalogue gives none: the desk hands over within the day (NĐ 61/2018 Art. 18),
# the department has most of the time, the leader and the result the rest.
DEFAULT_SPLIT: dict[str, int] = {"desk": 10, "department": 60, "leader": 20, "result": 10}
SPLIT_HELP = "desk/department/leader/result in percent, adding up to 100, e.g. 10/60/20/10"


def split_parse(text: str) -> dict[str, int]:
    """'10/60/20/10' → the split by step; empty → DEFAULT_SPLIT. Raises ValueError for anything else."""
    text = (text or "").strip()
    if not text:
        return dict(DEFAULT_SPLIT)
    parts = [part.strip() for part in text.split("/")]
    if len(parts) != len(STEPS) or not all(part.isdigit() for part in parts):
        raise ValueError(f"four whole numbers: {SPLIT_HELP}")
    shares = [int(part) for part in parts]
    if sum(shares) != 100:
        raise ValueError(f"the shares add up to {sum(shares)}, not 100")
    return dict(zip(STEPS, shares, strict=True))


def _intervals(calendar: Calendar, day) -> list[tuple[datetime, datetime]]:
    """The office hours of a working day as two intervals; none for a day off (or one beyond the calendar)."""
    try:
        if not calendar.is_working_day(day):
            return []
    except OutOfRange:
        return []
    hours = calendar.hours

    def at(moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=VIETNAM)

    return [(at(hours.morning_start), at(hours.morning_end)), (at(hours.afternoon_start), at(hours.afternoon_end))]


def office_time_between(calendar: Calendar, start: datetime, end: datetime) -> timedelta:
    """Office time between two moments: the hours of working days that lie between them."""
    start, end = calendar.local(start), calendar.local(end)
    total = timedelta()
    day = start.date()
    while day <= end.date():
        for opens, closes in _intervals(calendar, day):
            overlap = min(closes, end) - max(opens, start)
            if overlap > timedelta():
                total += overlap
        day += timedelta(days=1)
    return total
