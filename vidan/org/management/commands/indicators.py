"""vidan indicators --commune SLUG [--period 2026-11 | 2026-Q4 | 2026] — the model's indicators of a commune.

Every indicator the installed modules registered (vidan/org/indicators.py), computed over the period: a month,
a quarter or a year; the current month by default, up to today.
"""

import calendar
import re
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.org.indicators import INDICATORS, Unit
from vidan.org.models import Commune

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])")
_YEAR = re.compile(r"\d{4}")


def period_parse(text: str, today: date) -> tuple[date, date]:
    """The first and last day of "2026-11", "2026-Q4" or "2026"; an empty text is the current month to today."""
    text = text.strip()
    if not text:
        return today.replace(day=1), today
    if match := _MONTH.fullmatch(text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    elif match := _QUARTER.fullmatch(text):
        year, quarter = int(match[1]), int(match[2])
        last_month = 3 * quarter
        return date(year, last_month - 2, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])
    elif _YEAR.fullmatch(text):
        return date(int(text), 1, 1), date(int(text), 12, 31)
    raise CommandError(f"indicators: the period {text!r} is not a month (2026-11), a quarter (2026-Q4) or a year.")


def value_format(value, unit: Unit) -> str:
    if value is None:
        return "—"
    if unit == Unit.PERCENT:
        return f"{value:.1f} %".replace(".", ",")
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Print the model's indicators of a commune over a month, a quarter or a year."

    def add_arguments(self, parser):
        parser.add_argument("--commune", required=True, help="the commune's slug, e.g. thuan-hoa")
        parser.add_argument("--period", default="", help="2026-11, 2026-Q4 or 2026 (default: this month)")

    def handle(self, *args, commune: str, period: str, **options):
        found = Commune.objects.filter(slug=commune).first()
        if found is None:
            raise CommandError(f"indicators: no commune {commune!r}.")
        date_from, date_to = period_parse(period, timezone.localdate())
        self.stdout.write(f"{found.name}: {date_from:%d/%m/%Y} – {date_to:%d/%m/%Y}")
        for indicator in INDICATORS.all():
            value = indicator.value(commune=found, date_from=date_from, date_to=date_to)
            self.stdout.write(
                f"{_('Criterion')} {indicator.criterion}  {indicator.code:<24} {indicator.label}: "
                f"{value_format(value, indicator.unit)}"
            )
