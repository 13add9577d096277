"""Office culture's figures in the model (criterion 5): how many of the commune's officials have acknowledged
the code of conduct in force."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from vidan.conduct.models import Acknowledgement
from vidan.conduct.selectors import end_of_day, officers, version_in_force
from vidan.org.indicators import INDICATORS, Indicator, Period, Unit, percent


def acknowledgement_rate(*, commune, date_from: date, date_to: date) -> float | None:
    """At the period's end: of the officials serving then (vidan.conduct.selectors.officers), the share who had
    acknowledged the version of the code in force that day by then. None when no version was in force or the
    commune had no official."""
    version = version_in_force(commune, on=date_to)
    if version is None:
        return None
    serving = {member.pk for member in officers(commune, on=date_to)}
    done = Acknowledgement.objects.filter(
        version=version, staff_id__in=serving, acknowledged_at__lt=end_of_day(date_to)
    ).count()
    return percent(done, len(serving))


INDICATORS.register(
    Indicator(
        "conduct.acknowledgement_rate",
        _("Officials who acknowledged the code of conduct in force"),
        Unit.PERCENT,
        Period.QUARTER,
        criterion=5,
        compute=acknowledgement_rate,
    )
)
