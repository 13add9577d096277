"""Every registered indicator of every commune, computed ahead of the pages that compare communes.

A supervisor's rollout page sets a hundred communes side by side; computing each one's statistics while the page
waits would take seconds. The values are kept instead (`IndicatorSnapshot`), per commune and period:
- the tick job (`model.indicators_refresh`) recomputes the current period of a commune once its values are older
  than `REFRESH`, and a finished period once more after its last day, so that its values are final; a bounded
  number of communes per run, so that no run of the timer takes long;
- `vidan recompute-indicators --period 2026-Q4` recomputes a period of every commune at once (after importing
  history, or to time it: docs/model.md).

A running period is computed up to today. A self-assessment never reads these: it computes its own values and
freezes them when it is submitted (vidan/model/assessments.py).
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.model.frameworks import framework_for
from vidan.model.models import IndicatorSnapshot
from vidan.model.periods import period_containing
from vidan.org.indicators import INDICATORS
from vidan.org.models import Commune

REFRESH = timedelta(hours=6)
# Commune-periods recomputed by one run of the tick job at most.
REFRESH_BATCH = 20


def snapshots_compute(commune: Commune, start: date, end: date, *, today: date, at: datetime) -> list:
    """The values of every registered indicator for the commune over the period (up to today if it runs on)."""
    until = min(end, today)
    rows = []
    for indicator in INDICATORS.all():
        value = indicator.value(commune=commune, date_from=start, date_to=until) if until >= start else None
        rows.append(
            IndicatorSnapshot(
                commune=commune,
                code=indicator.code,
                period_start=start,
                period_end=end,
                value=None if value is None else Decimal(str(value)),
                computed_at=at,
            )
        )
    return rows


def snapshots_recompute(start: date, end: date, *, communes: Iterable[Commune] | None = None) -> int:
    """Recomputes the period's values of the communes (every commune by default); returns how many communes."""
    now = timezone.now()
    today = timezone.localdate(now)
    done = 0
    for commune in Commune.objects.select_related("unit").order_by("pk") if communes is None else communes:
        rows = snapshots_compute(commune, start, end, today=today, at=now)
        with transaction.atomic():
            IndicatorSnapshot.objects.filter(commune=commune, period_start=start, period_end=end).delete()
            IndicatorSnapshot.objects.bulk_create(rows)
        done += 1
    return done


def _period_of(commune: Commune, day: date) -> tuple[date, date]:
    framework = framework_for(commune, day)
    return period_containing(day, framework.period_months if framework else 3)


def _stale(commune_ids: list[int], start: date, end: date, fresh_since: datetime) -> set[int]:
    """The communes whose values for the period are missing, incomplete or older than `fresh_since`."""
    wanted = len(INDICATORS.all())
    kept = {
        row["commune_id"]: row
        for row in IndicatorSnapshot.objects.filter(period_start=start, period_end=end, commune_id__in=commune_ids)
        .values("commune_id")
        .annotate(oldest=Min("computed_at"), codes=Count("code"))
    }
    return {
        commune_id
        for commune_id in commune_ids
        if commune_id not in kept or kept[commune_id]["codes"] < wanted or kept[commune_id]["oldest"] < fresh_since
    }


def snapshots_refresh(*, now: datetime | None = None, batch: int = REFRESH_BATCH) -> int:
    """The tick job: recomputes what is stale, the finished period first, at most `batch` commune-periods."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    communes = list(Commune.objects.select_related("unit").order_by("pk"))
    spans: dict[tuple[date, date], list[Commune]] = {}
    for commune in communes:
        current = _period_of(commune, today)
        previous = _period_of(commune, current[0] - timedelta(days=1))
        spans.setdefault(previous, []).append(commune)
        spans.setdefault(current, []).append(commune)
    done = 0
    for (start, end), members in sorted(spans.items()):
        if done >= batch:
            break
        finished = end < today
        # A finished period is final once computed after its last day; a running one is fresh for REFRESH.
        fresh_since = (
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)) if finished else now - REFRESH
        )
        stale = _stale([commune.pk for commune in members], start, end, fresh_since)
        chosen = [commune for commune in members if commune.pk in stale][: batch - done]
        done += snapshots_recompute(start, end, communes=chosen)
    return done


def snapshot_values(commune_ids: Iterable[int], start: date, end: date) -> dict[int, dict[str, Decimal | None]]:
    """commune id → indicator code → value, for the period, as last computed."""
    values: dict[int, dict[str, Decimal | None]] = {}
    for commune_id, code, value in IndicatorSnapshot.objects.filter(
        period_start=start, period_end=end, commune_id__in=list(commune_ids)
    ).values_list("commune_id", "code", "value"):
        values.setdefault(commune_id, {})[code] = value
    return values


def snapshots_explained(code: str, computed_at: datetime | None) -> str:
    """How a kept value was computed: when, and what the indicator counts (its function's description)."""
    if code not in INDICATORS:
        return _("The indicator %(key)s is not installed on this platform.") % {"key": code}
    indicator = INDICATORS.get(code)
    text = " ".join((indicator.compute.__doc__ or "").split())
    if computed_at is None:
        return text or str(indicator.label)
    when = timezone.localtime(computed_at).strftime("%H:%M %d/%m/%Y")
    return f"{_('Computed at %(when)s.') % {'when': when}} {text}".strip()
