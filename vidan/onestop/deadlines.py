"""Keeping the due dates of open dossiers in line with the calendar.

When a province adds or removes a day off (or a worked Saturday), every dossier whose time limit is running
gets the due date the new calendar gives from the moment its clock started (the receipt, or the last
restart) — later, never earlier: an appointment printed on the receipt stands even if a Saturday becomes a
working day. Dossiers whose appointment was moved by an apology keep it: it was given in writing. A dossier
changed while this runs (a step, an apology) keeps what that change wrote. `vidan tick` runs this; it does
nothing until the calendar's version changes. Each run that moves anything leaves one audit entry per commune.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from vidan import workdays
from vidan.audit.services import audit_record
from vidan.onestop.lifecycle import CLOCK_RUNNING
from vidan.onestop.models import Dossier, DueDatesApplied
from vidan.onestop.queues import queue_counts_drop
from vidan.org.actors import Actor
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
    for commune in Commune.objects.select_related("unit__parent__parent"):
        province = province_of(commune.unit)
        by_province[province.code if province else None].append(commune.pk)
    statuses = sorted(CLOCK_RUNNING)
    moved = 0
    for province_code, commune_ids in by_province.items():
        calendar = workdays.calendar_for(province_code)
        for commune_id in commune_ids:
            report = due_dates_recompute(
                columns=COLUMNS,
                calendar=calendar,
                where=(
                    f"commune_id = %s AND status IN ({', '.join(['%s'] * len(statuses))}) "
                    "AND apologised = %s AND finished_at IS NULL AND due_at IS NOT NULL"
                ),
                params=[commune_id, *statuses, False],
                only_later=True,
            )
            if report.changed:
                moved += report.changed
                _recorded(commune_id, report.changed, stamp)
    with transaction.atomic():
        DueDatesApplied.objects.filter(pk=1).update(stamp=stamp, applied_at=timezone.now())
    return moved


def _recorded(commune_id: int, changed: int, stamp: str) -> None:
    """The audit entry of the due dates moved in a commune, and its queues' counts recounted."""
    with transaction.atomic():
        audit_record(
            actor=Actor.system("tick"),
            action="onestop.due_dates.follow_calendar",
            commune=Commune.objects.get(pk=commune_id),
            data={"moved": changed, "calendar": stamp},
        )
    queue_counts_drop(commune_id)
