"""Keeping the due dates of open dossiers in line with the calendar.

When a province adds or removes a day off (or a worked Saturday), every dossier whose time limit is running
gets the due date the new calendar gives from the moment its clock started (the receipt, or the last
restart). Dossiers whose appointment was moved by an apology keep that appointment: it was given to the
citizen in writing. `vidan tick` runs this; it does nothing until the calendar's version changes.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from vidan import workdays
from vidan.onestop.lifecycle import CLOCK_RUNNING
from vidan.onestop.models import Dossier, DueDatesApplied
from vidan.org.models import Commune
from vidan.org.selectors import province_of
from vidan.workdays.recompute import DueColumns, due_dates_recompute
from vidan.workdays.store import calendar_stamp

COLUMNS = DueColumns(
    table=Dossier._meta.db_table, calendar_days=None, started_sql="COALESCE(restarted_at, received_at)"
)


def due_dates_follow_calendar() -> int:
    """Recompute the running due dates if the calendar changed since the last time. Returns how many moved."""
    stamp = calendar_stamp()
    applied, _created = DueDatesApplied.objects.get_or_create(pk=1)
    if applied.stamp == stamp:
        return 0
    by_province: dict[str | None, list[int]] = defaultdict(list)
    for commune in Commune.objects.select_related("unit"):
        province = province_of(commune.unit)
        by_province[province.code if province else None].append(commune.pk)
    statuses = sorted(CLOCK_RUNNING)
    moved = 0
    for province_code, commune_ids in by_province.items():
        calendar = workdays.calendar_for(province_code)
        for start in range(0, len(commune_ids), 500):
            chunk = commune_ids[start : start + 500]
            report = due_dates_recompute(
                columns=COLUMNS,
                calendar=calendar,
                where=(
                    f"commune_id IN ({', '.join(['%s'] * len(chunk))}) "
                    f"AND status IN ({', '.join(['%s'] * len(statuses))}) "
                    "AND apologised = %s AND finished_at IS NULL AND due_at IS NOT NULL"
                ),
                params=[*chunk, *statuses, False],
            )
            moved += report.changed
    with transaction.atomic():
        DueDatesApplied.objects.filter(pk=1).update(stamp=stamp, applied_at=timezone.now())
    return moved
