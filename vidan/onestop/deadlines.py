"""A dossier's legal clock: how its columns hold the clock of vidan.workdays.deadlines, and the due dates of
open dossiers kept in line with the calendar.

The services take every step of the clock (start, pause, resumption, apology) through the engine, reading the
clock with `dossier_clock` and writing it back with `dossier_clock_keep`.

When a province adds or removes a day off (or a worked Saturday), every dossier whose time limit is running
gets the due date the engine recounts on the new calendar from the moment its clock started (the receipt, or
the last restart) — later, never earlier: an appointment printed on the receipt stands even if a Saturday
becomes a working day. Dossiers whose appointment was moved by an apology keep it: it was given in writing. A
dossier changed while this runs (a step, an apology) keeps what that change wrote. `vidan tick` runs this; it
does nothing until the calendar's version changes. Each run that moves anything leaves one audit entry per
commune.
"""

from collections import defaultdict
from functools import cache

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vidan import workdays
from vidan.audit.services import audit_record
from vidan.onestop.lifecycle import CLOCK_RUNNING
from vidan.onestop.models import Dossier, DueDatesApplied
from vidan.onestop.queues import queue_counts_drop
from vidan.org.actors import Actor
from vidan.org.models import Commune
from vidan.org.selectors import province_of
from vidan.workdays.recompute import DueColumns, due_dates_write
from vidan.workdays.store import calendar_stamp

# The columns that hold a dossier's clock.
CLOCK_COLUMNS = ("received_at", "restarted_at", "working_days", "due_at", "paused_since", "restarts", "apologised")


def dossier_clock(dossier) -> workdays.Clock:
    """The clock a dossier's columns hold (a dossier, or a row with the CLOCK_COLUMNS).

    Its count started at the receipt or at the last restart, and the only event since that the columns keep
    is a pause still running: a restart leaves nothing behind it, and an apology's appointment is the due date
    itself (so a recount, which cannot tell when it was given, leaves apologised dossiers to the caller)."""
    paused_since = dossier.paused_since
    return workdays.Clock(
        received=dossier.restarted_at or dossier.received_at,
        period=_working_days(dossier.working_days),
        due=dossier.due_at,
        paused_since=paused_since,
        restarts=dossier.restarts,
        apologised=dossier.apologised,
        since=(workdays.Pause(paused_since),) if paused_since else (),
    )


@cache
def _working_days(days: int) -> workdays.Period:
    return workdays.Period.working(days)


def dossier_clock_keep(dossier: Dossier, clock: workdays.Clock) -> list[str]:
    """Write `clock` into the dossier's columns; returns the names of those that changed."""
    values = {
        "due_at": clock.due,
        "paused_since": clock.paused_since,
        "restarts": clock.restarts,
        "restarted_at": clock.received if clock.restarts else None,
        "apologised": clock.apologised,
    }
    changed = [name for name, value in values.items() if getattr(dossier, name) != value]
    for name in changed:
        setattr(dossier, name, values[name])
    return changed


# -- following the calendar -------------------------------------------------------------------------------

COLUMNS = DueColumns(table=Dossier._meta.db_table, calendar_days=None)
RUNNING_SQL = (
    f"status IN ({', '.join(['%s'] * len(CLOCK_RUNNING))}) "
    "AND apologised = %s AND finished_at IS NULL AND due_at IS NOT NULL"
)
RUNNING_PARAMS = [*sorted(CLOCK_RUNNING), False]


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
    moved = 0
    for province_code, commune_ids in by_province.items():
        calendar = workdays.calendar_for(province_code)
        for commune_id in commune_ids:
            changed = _commune_recount(commune_id, calendar)
            if changed:
                moved += changed
                _recorded(commune_id, changed, stamp)
    with transaction.atomic():
        DueDatesApplied.objects.filter(pk=1).update(stamp=stamp, applied_at=timezone.now())
    return moved


def _commune_recount(commune_id: int, calendar: workdays.Calendar) -> int:
    """Recount the running clocks of a commune's dossiers on `calendar`; write the due dates that moved later,
    each only if the dossier still has the due date that was read and its clock still runs."""
    rows = (
        Dossier.objects.filter(
            Q(commune_id=commune_id, status__in=CLOCK_RUNNING, apologised=False),
            finished_at__isnull=True,
            due_at__isnull=False,
        )
        .values_list("pk", *CLOCK_COLUMNS, named=True)
        .order_by()
    )
    ids, due, old = [], [], []
    for row in rows.iterator(chunk_size=2000):
        recounted = workdays.clock_recount(calendar, dossier_clock(row)).due
        if recounted > row.due_at:
            ids.append(row.pk)
            due.append(int(recounted.timestamp()))
            old.append(int(row.due_at.timestamp()))
    if not ids:
        return 0
    return due_dates_write(
        columns=COLUMNS,
        ids=np.array(ids, dtype=np.int64),
        due=np.array(due, dtype=np.int64),
        old=np.array(old, dtype=np.int64),
        where=f"commune_id = %s AND {RUNNING_SQL}",
        params=[commune_id, *RUNNING_PARAMS],
    )


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
