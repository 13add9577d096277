"""The operator's data on top of the holidays package: days off and make-up days, office hours, and the
version counter every process checks to know its cached calendars are still current."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vidan.org.models import Unit, UnitLevel
from vidan.workdays.calendar import OfficeHours

# The years the calendar is built for; a day outside them cannot be counted.
FIRST_YEAR = 2000
LAST_YEAR = 2045


class OverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    WORKING_DAY = "working_day", _("Working day")


def _province_only(unit_id) -> None:
    if unit_id is not None and not Unit.objects.filter(pk=unit_id, level=UnitLevel.PROVINCE).exists():
        raise ValidationError({"unit": _("Choose a province, or leave it empty for the whole country.")})


class CalendarOverride(models.Model):
    """A day off or a make-up working day decided by the government (nationwide) or by a province."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calendar_overrides",
        verbose_name=_("province"),
        help_text=_("Empty: the whole country."),
    )
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=12, choices=OverrideKind.choices)
    basis = models.CharField(
        _("legal basis"), max_length=255, help_text=_("The decision or announcement, with its number and date.")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "day"],
                name="calendar_override_province_day_unique",
                violation_error_message=_("This province already has an override for that day."),
            ),
            # NULLs are distinct in a unique index: the nationwide rows need their own.
            models.UniqueConstraint(
                fields=["day"],
                condition=Q(unit__isnull=True),
                name="calendar_override_nationwide_day_unique",
                violation_error_message=_("The whole country already has an override for that day."),
            ),
        ]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}"

    def clean(self):
        _province_only(self.unit_id)
        if self.day and not (FIRST_YEAR <= self.day.year <= LAST_YEAR):
            raise ValidationError(
                {"day": _("The calendar covers %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}}
            )


class OfficeHoursRule(models.Model):
    """Office hours and the cut-off after which a dossier counts as received the next working day, from a date
    on, nationwide or for one province (docs/legal.md §2: Luật Hộ tịch Art. 5(3), NĐ 23/2015 Art. 7 name 15:00)."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="office_hours_rules",
        verbose_name=_("province"),
        help_text=_("Empty: the whole country."),
    )
    valid_from = models.DateField(_("valid from"))
    morning_start = models.TimeField(_("morning starts"))
    morning_end = models.TimeField(_("morning ends"))
    afternoon_start = models.TimeField(_("afternoon starts"))
    afternoon_end = models.TimeField(_("afternoon ends"))
    cutoff = models.TimeField(
        _("cut-off"), help_text=_("A dossier received at or after this time counts from the next working day.")
    )
    basis = models.CharField(_("legal basis"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_from"],
                name="office_hours_province_from_unique",
                violation_error_message=_("This province already has office hours from that day."),
            ),
            models.UniqueConstraint(
                fields=["valid_from"],
                condition=Q(unit__isnull=True),
                name="office_hours_nationwide_from_unique",
                violation_error_message=_("The whole country already has office hours from that day."),
            ),
        ]

    def __str__(self):
        return f"{self.valid_from:%d/%m/%Y} {self.morning_start:%H:%M}–{self.afternoon_end:%H:%M}"

    def clean(self):
        _province_only(self.unit_id)
        times = (self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end, self.cutoff)
        if None in times:
            return  # the missing field has its own error
        if not (self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end):
            raise ValidationError(_("Office hours run morning then afternoon, each starting before it ends."))
        if not (self.morning_start <= self.cutoff <= self.afternoon_end):
            raise ValidationError({"cutoff": _("The cut-off must fall within office hours.")})

    def as_office_hours(self) -> OfficeHours:
        return OfficeHours(
            morning_start=self.morning_start,
            morning_end=self.morning_end,
            afternoon_start=self.afternoon_start,
            afternoon_end=self.afternoon_end,
            cutoff=self.cutoff,
        )


class CalendarVersion(models.Model):
    """One row. Every change to overrides or office hours moves it, in the same transaction; each process
    compares `stamp` with the one its cached calendars were built from."""

    counter = models.PositiveIntegerField(default=0)
    stamp = models.CharField(max_length=32, default="initial")
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar version")

    def __str__(self):
        return str(self.counter)
