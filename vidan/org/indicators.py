"""The model's indicators: named figures a commune is measured by, each registered by the module that owns its
data (`<app>/indicators.py`), computed for one commune over one period. The model's scorecards and the
province's dashboards read them from here; `vidan indicators` prints them.

An indicator's value is a number in its unit, or None when the period holds nothing to measure (a rate of no
dossier is unknown, not zero).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from vidan.core.registry import Registry


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"


class Period(StrEnum):
    """How often an indicator is meant to be read (the scorecards' period); any span can be computed."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True)
class Indicator:
    code: str  # "<module>.<figure>", stable: scorecards keep it
    label: str
    unit: Unit
    period: Period
    criterion: int  # which of the model's five criteria it measures (vidan/web/areas.py)
    # (commune, first day, last day) -> the value, or None when there is nothing to measure
    compute: Callable[..., float | int | None]
    higher_is_better: bool = True

    def value(self, *, commune, date_from: date, date_to: date) -> float | int | None:
        if date_from > date_to:
            raise ValueError("The period starts after it ends.")
        return self.compute(commune=commune, date_from=date_from, date_to=date_to)


INDICATORS: Registry[Indicator] = Registry(
    "indicators", key=lambda indicator: indicator.code, sort_key=lambda indicator: (indicator.criterion, indicator.code)
)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def badge_share(*, commune, date_from: date, date_to: date) -> float | None:
    """Share of the commune's active officials who have a badge number, as the office-culture rules ask of
    officials on duty (criterion 5). The roster as it stands: staff records keep no history of badges."""
    from vidan.org.models import Staff

    staff = Staff.objects.filter(commune=commune, is_active=True)
    return percent(staff.exclude(badge_number=None).exclude(badge_number="").count(), staff.count())


INDICATORS.register(
    Indicator(
        "org.badge_share",
        _("Officials with a name badge"),
        Unit.PERCENT,
        Period.QUARTER,
        criterion=5,
        compute=badge_share,
    )
)
