"""The one-stop desk's figures in the model (criterion 2, administrative reform): what the desk received, how
much of what it handled was done on time, and how much came online (TT 01/2018 Art. 13, indicators 1 and 9;
docs/legal.md). Read from the statistics of the period (vidan.onestop.statistics), so the indicator and the
statistics page always agree."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from vidan.onestop.statistics import dossier_statistics
from vidan.org.indicators import INDICATORS, Indicator, Period, Unit, percent


def dossiers_received(*, commune, date_from: date, date_to: date) -> int:
    """Dossiers newly received in the period, online or at the desk."""
    return dossier_statistics(commune=commune, date_from=date_from, date_to=date_to).total.received


def on_time_rate(*, commune, date_from: date, date_to: date) -> float | None:
    """Of the dossiers the period handled, those resolved and those still open and already late: the share
    resolved by their due date (the statistics page's on-time rate)."""
    return dossier_statistics(commune=commune, date_from=date_from, date_to=date_to).total.on_time_percent


def online_share(*, commune, date_from: date, date_to: date) -> float | None:
    """Of the dossiers received in the period, the share sent online."""
    total = dossier_statistics(commune=commune, date_from=date_from, date_to=date_to).total
    return percent(total.received_online, total.received)


INDICATORS.register(
    Indicator(
        "onestop.received",
        _("Dossiers received"),
        Unit.COUNT,
        Period.MONTH,
        criterion=2,
        compute=dossiers_received,
    )
)
INDICATORS.register(
    Indicator(
        "onestop.on_time_rate",
        _("Dossiers done on time"),
        Unit.PERCENT,
        Period.MONTH,
        criterion=2,
        compute=on_time_rate,
    )
)
INDICATORS.register(
    Indicator(
        "onestop.online_share",
        _("Dossiers received online"),
        Unit.PERCENT,
        Period.QUARTER,
        criterion=2,
        compute=online_share,
    )
)
