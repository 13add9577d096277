"""A year as twelve month grids (weeks Monday to Sunday), each day marked for the staff calendar page."""

import calendar as stdlib_calendar
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from vidan.workdays.calendar import Calendar
from vidan.workdays.store import SpecialDay

WEEKDAY_COLUMNS = (
    pgettext_lazy("calendar column", "Mon"),
    pgettext_lazy("calendar column", "Tue"),
    pgettext_lazy("calendar column", "Wed"),
    pgettext_lazy("calendar column", "Thu"),
    pgettext_lazy("calendar column", "Fri"),
    pgettext_lazy("calendar column", "Sat"),
    pgettext_lazy("calendar column", "Sun"),
)


class Mark:
    """What a day is, as a CSS class; the template shows a symbol and a text for each, never colour alone."""

    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # a day off from the law or the government's swaps
    MAKEUP = "makeup"  # a make-up working day from the government's swaps
    OVERRIDE_OFF = "override-off"
    OVERRIDE_WORK = "override-work"


SYMBOLS = {Mark.HOLIDAY: "●", Mark.MAKEUP: "◆", Mark.OVERRIDE_OFF: "✱", Mark.OVERRIDE_WORK: "✚"}


@dataclass(frozen=True)
class DayCell:
    day: date
    mark: str
    label: str  # what a screen reader says after the date; "" for an ordinary day
    working: bool

    @property
    def symbol(self) -> str:
        return SYMBOLS.get(self.mark, "")


@dataclass(frozen=True)
class MonthGrid:
    first: date
    weeks: list[list[DayCell | None]]


def _cell(day: date, working: bool, special: SpecialDay | None) -> DayCell:
    if special is None:
        if day.weekday() >= 5:
            return DayCell(day, Mark.WEEKEND, _("weekend"), working)
        return DayCell(day, Mark.WORKDAY, "", working)
    if special.is_override:
        mark = Mark.OVERRIDE_WORK if special.working else Mark.OVERRIDE_OFF
        kind = _("working day set by an override") if special.working else _("day off set by an override")
    elif special.working:
        mark, kind = Mark.MAKEUP, _("make-up working day")
    else:
        mark, kind = Mark.HOLIDAY, _("holiday")
    return DayCell(day, mark, f"{kind}: {special.name}", working)


def year_grid(year: int, calendar: Calendar, special: dict[date, SpecialDay]) -> list[MonthGrid]:
    months = []
    weeks_of = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar
    for month in range(1, 13):
        weeks = [
            [_cell(day, calendar.is_working_day(day), special.get(day)) if day.month == month else None for day in week]
            for week in weeks_of(year, month)
        ]
        months.append(MonthGrid(date(year, month, 1), weeks))
    return months
