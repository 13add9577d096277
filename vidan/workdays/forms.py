"""Forms of the due-date calculator and of the calendar's back office."""

import re
from datetime import datetime, time

from django import forms
from django.utils.translation import gettext_lazy as _

from vidan.core.days import DayField
from vidan.workdays.calendar import VIETNAM
from vidan.workdays.models import OverrideKind
from vidan.workdays.selectors import MAX_PERIOD

_TIME = re.compile(r"^\s*(\d{1,2})\s*(?:[:hH.]\s*(\d{2})?)?\s*(?:[:.](\d{2}))?\s*$")


def parse_time(text: str) -> time | None:
    """ "16:00", "16h", "16h30", "7:30" → a time; anything else → None."""
    match = _TIME.match(text or "")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class TimeText(forms.Field):
    """A time typed as people write it; shown back as typed when the form has errors."""

    widget = forms.TextInput(attrs={"placeholder": "HH:MM", "inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {"invalid": _("Enter the time as HH:MM, for example 16:00.")}

    def to_python(self, value):
        value = (value or "").strip()[:16]
        if value in self.empty_values:
            return None
        parsed = parse_time(value)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class DueForm(forms.Form):
    """A receipt and a period, as a citizen or an officer types them."""

    PERIOD_UNITS = [("working", _("working days")), ("calendar", _("calendar days"))]

    received_date = DayField(
        label=_("Day received"), error_messages={"required": _("Enter the day the dossier was received.")}
    )
    received_time = TimeText(
        label=_("Time received"),
        help_text=_("At or after 15:00, a dossier counts from the next working day."),
        error_messages={"required": _("Enter the time the dossier was received.")},
    )
    days = forms.IntegerField(
        label=_("Time limit"),
        min_value=0,
        max_value=MAX_PERIOD,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        error_messages={
            "required": _("Enter the time limit in days (0 for the same day)."),
            "invalid": _("Enter the time limit as a whole number of days."),
            "min_value": _("The period cannot be negative."),
            "max_value": _("The period is too long for the calendar."),
        },
    )
    unit = forms.ChoiceField(
        label=_("Counted in"),
        choices=PERIOD_UNITS,
        initial="working",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose working days or calendar days."),
            "invalid_choice": _("Choose working days or calendar days."),
        },
    )
    province = forms.ChoiceField(
        label=_("Province"),
        required=False,
        help_text=_("Its own days off, if it declared any, count too."),
    )

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("The whole country")), *provinces]
        self.fields["province"].error_messages["invalid_choice"] = _("Choose a province from the list.")

    def received(self) -> datetime:
        data = self.cleaned_data
        return datetime.combine(data["received_date"], data["received_time"], tzinfo=VIETNAM)


class ScopedForm(forms.Form):
    """A change for this province, or (superusers only) for the whole country."""

    scope = forms.ChoiceField(
        label=_("Applies to"),
        choices=[("province", _("This province")), ("nationwide", _("The whole country"))],
        initial="province",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, nationwide_allowed: bool = False, province_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not nationwide_allowed:
            del self.fields["scope"]
        elif province_name:
            self.fields["scope"].choices = [
                ("province", _("This province (%(name)s)") % {"name": province_name}),
                ("nationwide", _("The whole country")),
            ]

    @property
    def nationwide(self) -> bool:
        return self.cleaned_data.get("scope") == "nationwide"


class OverrideForm(ScopedForm):
    day = DayField(label=_("Day"))
    kind = forms.ChoiceField(label=_("Kind"), choices=OverrideKind.choices, widget=forms.RadioSelect)
    basis = forms.CharField(
        label=_("Legal basis"),
        max_length=255,
        help_text=_("The decision or announcement, with its number and date."),
    )
    note = forms.CharField(
        label=_("Name shown"), max_length=255, required=False, help_text=_("For example: Tết holiday (swap).")
    )
    field_order = ["day", "kind", "basis", "note", "scope"]


class OfficeHoursForm(ScopedForm):
    valid_from = DayField(label=_("From"))
    morning_start = TimeText(label=_("Morning starts"), initial="07:30")
    morning_end = TimeText(label=_("Morning ends"), initial="11:30")
    afternoon_start = TimeText(label=_("Afternoon starts"), initial="13:30")
    afternoon_end = TimeText(label=_("Afternoon ends"), initial="17:00")
    cutoff = TimeText(label=_("Cut-off"), initial="15:00", help_text=_("NĐ 61/2018, Art. 18(2)."))
    basis = forms.CharField(label=_("Legal basis"), max_length=255)
    field_order = [
        "valid_from",
        "morning_start",
        "morning_end",
        "afternoon_start",
        "afternoon_end",
        "cutoff",
        "basis",
        "scope",
    ]
