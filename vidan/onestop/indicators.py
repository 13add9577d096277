"""The one-stop desk's figures in the model (criterion 2, administrative reform): what the desk received, how
much of it was done on time, and how much came online (TT 01/2018 Art. 13, indicators 1 and 9; docs/legal.md)."""

from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext_lazy as _

from vidan.onestop.models import Channel, Dossier
from vidan.onestop.statistics import dossier_statistics
from vidan.org.indicators import INDICATORS, Indicator, Period, Unit, percent
from vidan.workdays import VIETNAM


def dossiers_received(*, commune, date_from: date, date_to: date) -> int:
    return dossier_statistics(commune=commune, date_from=date_from, date_to=date_to).total.received


def on_time_rate(*, commune, date_from: date, date_to: date) -> float | None:
    """Of the dossiers received in the period and finished by now, the share finished by their due date."""
    total = dossier_statistics(commune=commune, date_from=date_from, date_to=date_to).total
    return percent(total.done_on_time, total.done)


def online_share(*, commune, date_from: date, date_to: date) -> float | None:
    """Of the dossiers received in the period, the share sent online."""
    start = datetime.combine(date_from, time.min, tzinfo=VIETNAM)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=VIETNAM)
    received = Dossier.objects.filter(commune=commune, received_at__gte=start, received_at__lt=end)
    return percent(received.filter(channel=Channel.ONLINE).count(), received.count())


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
