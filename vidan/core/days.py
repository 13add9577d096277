"""The days a person may give the platform: a filter's bounds, a report's period, an appointment.

Beyond these, a day cannot be a receipt, a due date or a report of this platform, and the arithmetic around it
(a local day made a moment in UTC, the day after it) overflows Python's dates: 0001-01-01 and 9999-12-31 are
refused with a message instead of failing deep inside a query.
"""

from datetime import date

from django import forms
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


# -- the one way a day is typed into a form ------------------------------------------------------------------
# A text box, not the browser's date picker: the picker shows the day in the browser's own language's order
# (mm/dd/yyyy in an English browser), differs from phone to phone, and cannot be typed into quickly from a
# paper. Every form of the platform takes a day through DayField and shows it as dd/mm/yyyy.

DAY_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]  # the last one for addresses written by the site
DAY_INVALID = _("Enter the day as dd/mm/yyyy, for example 13/02/2026.")


class DayInput(forms.TextInput):
    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "maxlength": 10}
        super().__init__(attrs={**base, "class": "day-input", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        return super().format_value(value)


class DayField(forms.DateField):
    """A day typed as dd/mm/yyyy (also d-m-yyyy, d.m.yyyy, or yyyy-mm-dd), between FIRST_DAY and LAST_DAY."""

    widget = DayInput
    input_formats = DAY_FORMATS
    default_error_messages = {"invalid": DAY_INVALID}
    default_validators = [validate_day]

    def bound_data(self, data, initial):
        """A day the form was sent is shown back as dd/mm/yyyy whichever way it was written; what does not
        parse is shown as typed, next to its error."""
        try:
            return self.to_python(data) or data
        except ValidationError:
            return data
