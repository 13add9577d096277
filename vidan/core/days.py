"""The days a person may give the platform: a filter's bounds, a report's period, an appointment.

Beyond these, a day cannot be a receipt, a due date or a report of this platform, and the arithmetic around it
(a local day made a moment in UTC, the day after it) overflows Python's dates: 0001-01-01 and 9999-12-31 are
refused with a message instead of failing deep inside a query.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
DAY_OUT_OF_RANGE = _("Choose a day between 01/01/2000 and 31/12/2099.")


def day_in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def validate_day(day: date) -> None:
    """A form field's validator."""
    if not day_in_range(day):
        raise ValidationError(DAY_OUT_OF_RANGE, code="day_out_of_range")
