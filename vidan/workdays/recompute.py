"""Recomputing stored due dates in bulk, after the calendar changed (an override added or removed).

Reads the open items' receipt times and periods in one pass, computes every due date with the calendar's
array functions, and writes back only the rows whose due date moved. A module that stores due dates calls
it with its table and the condition that selects its open items of the province concerned.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from django.db import connection, transaction

from vidan.workdays.calendar import Calendar

WRITE_CHUNK = 50_000


@dataclass(frozen=True)
class RecomputeReport:
    rows: int
    changed: int
    read_s: float
    compute_s: float
    write_s: float

    @property
    def seconds(self) -> float:
        return self.read_s + self.compute_s + self.write_s


@dataclass(frozen=True)
class DueColumns:
    """Where a table keeps what a due date is computed from."""

    table: str
    id: str = "id"
    received_at: str = "received_at"
    working_days: str = "working_days"
    calendar_days: str | None = "calendar_days"  # None: the table counts in working days only
    due_at: str = "due_at"


def due_dates_recompute(
    *,
    columns: DueColumns,
    calendar: Calendar,
    where: str = "",
    params=(),
    rewrite_all: bool = False,
    only_later: bool = False,
) -> RecomputeReport:
    """Bring every selected row's due date in line with `calendar`. Returns what it did and how long it took.

    `where` is an SQL condition on the table (without WHERE) with `params`; rows with neither period are
    left alone. With `rewrite_all`, every row is written even if its due date did not move; with
    `only_later`, a due date is never brought forward (an appointment given to someone stands).

    The rows are read without a lock; each is written only if it still meets `where` and still has the due
    date that was read, so a row changed in between (a step, an apology) keeps what that change wrote.
    """
    q = connection.ops.quote_name
    c = columns
    epoch = _epoch_sql
    condition = f"WHERE {where}" if where else ""
    calendar_days = f"COALESCE({q(c.calendar_days)}, -1)" if c.calendar_days else "-1"
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {q(c.id)}, {epoch(q(c.received_at))}, COALESCE({q(c.working_days)}, -1), "
            f"{calendar_days}, {epoch(q(c.due_at))} FROM {q(c.table)} {condition}",
            list(params),
        )
        rows = cursor.fetchall()
    if not rows:
        return RecomputeReport(0, 0, time.perf_counter() - started, 0.0, 0.0)
    ids, received, working, calendar_days, stored = (
        np.array(column, dtype=np.int64) for column in zip(*rows, strict=True)
    )
    read_s = time.perf_counter() - started

    started = time.perf_counter()
    new_due = stored.copy()
    by_working, by_calendar = working >= 0, (working < 0) & (calendar_days >= 0)
    new_due[by_working] = calendar.due_working_many(received[by_working], working[by_working])
    new_due[by_calendar] = calendar.due_calendar_many(received[by_calendar], calendar_days[by_calendar])
    moved = np.ones(len(ids), dtype=bool) if rewrite_all else new_due != stored
    if only_later:
        moved &= new_due > stored
    compute_s = time.perf_counter() - started

    started = time.perf_counter()
    changed = _write(columns, ids[moved], new_due[moved], stored[moved], where, list(params))
    return RecomputeReport(len(ids), changed, read_s, compute_s, time.perf_counter() - started)


def _epoch_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(EPOCH FROM {column}) AS BIGINT)"
    return f"CAST(strftime('%%s', {column}) AS INTEGER)"  # %% because the query carries parameters


def due_dates_write(
    *, columns: DueColumns, ids: np.ndarray, due: np.ndarray, old: np.ndarray, where: str = "", params=()
) -> int:
    """Write due dates a caller computed itself (Unix seconds, `due`) to the rows `ids`, each only if it still
    has the due date that was read (`old`) and still meets `where`; returns how many were written. For a
    module whose items' clocks the engine recounts one by one (vidan.workdays.deadlines.clock_recount)."""
    return _write(columns, ids, due, old, where, list(params))


@transaction.atomic
def _write(columns: DueColumns, ids: np.ndarray, due: np.ndarray, old: np.ndarray, where: str, params: list) -> int:
    """Write the new due dates of rows whose due date is still the old one and that still meet `where`;
    return how many were written."""
    q = connection.ops.quote_name
    table, id_column, due_column = q(columns.table), q(columns.id), q(columns.due_at)
    still = f" AND ({where})" if where else ""
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(ids), WRITE_CHUNK):
            chunk = slice(start, start + WRITE_CHUNK)
            chunk_ids, chunk_due, chunk_old = ids[chunk].tolist(), due[chunk].tolist(), old[chunk].tolist()
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"UPDATE {table} SET {due_column} = to_timestamp(v.due) "
                    f"FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS v(id, due, old) "
                    f"WHERE {table}.{id_column} = v.id AND {_epoch_sql(f'{table}.{due_column}')} = v.old{still}",
                    [chunk_ids, chunk_due, chunk_old, *params],
                )
                written += cursor.rowcount
            else:
                cursor.executemany(
                    f"UPDATE {table} SET {due_column} = %s "
                    f"WHERE {id_column} = %s AND {_epoch_sql(due_column)} = %s{still}",
                    [
                        (_sqlite_time(moment), pk, before, *params)
                        for pk, moment, before in zip(chunk_ids, chunk_due, chunk_old, strict=True)
                    ],
                )
                written += cursor.rowcount  # SQLite sums the rows every statement changed
    return written


def _sqlite_time(epoch_seconds: int) -> str:
    # Django keeps aware times in SQLite as naive UTC text.
    return datetime.fromtimestamp(epoch_seconds, UTC).strftime("%Y-%m-%d %H:%M:%S")
