"""The ratings' figures in the model (criterion 5, office culture): the share of satisfied ratings as TT
01/2018/TT-VPCP counts satisfaction (very satisfied and satisfied, out of all ratings; docs/legal.md), how many
ratings were given, and how many per officer rated."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from vidan.org.indicators import INDICATORS, Indicator, Period, Unit
from vidan.ratings.selectors import level_counts, ratings_in_period, ratings_per_officer, satisfied_share


def ratings_count(*, commune, date_from: date, date_to: date) -> int:
    return level_counts(ratings_in_period(commune, date_from, date_to)).total


def satisfaction_rate(*, commune, date_from: date, date_to: date) -> float | None:
    return satisfied_share(commune, date_from, date_to)


def per_officer(*, commune, date_from: date, date_to: date) -> float | None:
    return ratings_per_officer(commune, date_from, date_to)


INDICATORS.register(
    Indicator(
        "ratings.satisfaction_rate",
        _("Ratings satisfied or very satisfied"),
        Unit.PERCENT,
        Period.QUARTER,
        criterion=5,
        compute=satisfaction_rate,
    )
)
INDICATORS.register(
    Indicator("ratings.count", _("Ratings given"), Unit.COUNT, Period.QUARTER, criterion=5, compute=ratings_count)
)
INDICATORS.register(
    Indicator(
        "ratings.per_officer",
        _("Ratings per officer rated"),
        Unit.COUNT,
        Period.QUARTER,
        criterion=5,
        compute=per_officer,
    )
)
