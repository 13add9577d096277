"""Periods of self-assessment: a quarter by default, or a half year or a year, aligned on the calendar year."""

import calendar
from datetime import date

from django.utils.translation import gettext as _


def period_containing(day: date, months: int = 3) -> tuple[date, date]:
    """The period of `months` months (3, 6 or 12) that holds `day`: its first and last day."""
    if months not in (3, 6, 12):
        raise ValueError("a period is 3, 6 or 12 months")
    first_month = (day.month - 1) // months * months + 1
    last_month = first_month + months - 1
    return date(day.year, first_month, 1), date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


def periods_between(first: date, last: date, months: int = 3) -> list[tuple[date, date]]:
    """Every period from the one holding `first` to the one holding `last`, in order."""
    found, start = [], period_containing(first, months)[0]
    while start <= last:
        span = period_containing(start, months)
        found.append(span)
        end = span[1]
        start = date(end.year + (end.month == 12), end.month % 12 + 1, 1)
    return found


def period_label(start: date, end: date) -> str:
    """The period as a person names it: "Quý 2/2024", "6 tháng đầu năm 2024", "Năm 2024"."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months == 3:
        return _("Quarter %(number)s/%(year)s") % {"number": (start.month - 1) // 3 + 1, "year": start.year}
    if months == 6 and start.month == 1:
        return _("First half of %(year)s") % {"year": start.year}
    if months == 6:
        return _("Second half of %(year)s") % {"year": start.year}
    return _("Year %(year)s") % {"year": start.year}
