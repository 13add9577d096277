"""The deadline engine's benchmark: a million due dates, against a day-by-day loop, and recomputing a million
stored due dates after the calendar changes.

Runs inside `python -m bench` (scenario name `workdays`) on the benchmark database, or alone:
`python -m bench --only workdays`. One core: numpy does these operations in one thread.
"""

import time
from datetime import UTC, date, datetime, timedelta

import holidays
import numpy as np
from django.db import connection, transaction

from bench.floor.models import Generated, OpenItem

ITEMS = 1_000_000
OPEN_ITEMS_VERSION = "1"
NAIVE_SAMPLE = 20_000
SCALAR_SAMPLE = 200_000
# The override the recompute measures: a Wednesday declared a day off in the middle of the receipts.
OVERRIDE_DAY = date(2026, 6, 17)
RECEIPTS_DAYS = 330


def vietnam_calendar(extra_off=()):
    from vidan.workdays.calendar import Calendar

    days_off = set(holidays.country_holidays("VN", years=range(2000, 2046)).keys()) | {date(2026, 1, 2), *extra_off}
    return Calendar(days_off=days_off, working_days={date(2026, 1, 10), date(2026, 8, 22)})


def inputs(n: int, seed: int = 2026):
    """Mixed receipts: any minute of any day over most of 2026; half in working days 0–60, half in calendar
    days 30–90."""
    rng = np.random.default_rng(seed)
    start = int(datetime(2026, 1, 5).timestamp()) - 7 * 3600 - int(datetime(1970, 1, 1).timestamp())
    received = start + rng.integers(0, RECEIPTS_DAYS * 86_400 // 60, n) * 60
    in_working = rng.random(n) < 0.5
    working = np.where(in_working, rng.integers(0, 61, n), -1)
    calendar = np.where(in_working, -1, rng.integers(30, 91, n))
    return received, working, calendar


def naive_due(received_epoch: int, working: int, calendar_days: int, days_off, make_up) -> int:
    """The rules walked one day at a time, as a first implementation would."""
    local = received_epoch + 7 * 3600
    day = date(1970, 1, 1) + timedelta(days=local // 86_400)
    seconds = local % 86_400

    def is_working(d):
        return d in make_up or (d.weekday() < 5 and d not in days_off)

    if calendar_days >= 0:
        day += timedelta(days=calendar_days)
        while not is_working(day):
            day += timedelta(days=1)
    else:
        if not is_working(day) or seconds >= 15 * 3600:
            day += timedelta(days=1)
            while not is_working(day):
                day += timedelta(days=1)
        left = working
        while left:
            day += timedelta(days=1)
            if is_working(day):
                left -= 1
    return (day - date(1970, 1, 1)).days * 86_400 + 17 * 3600 - 7 * 3600


def measure_engine() -> dict:
    from vidan.workdays import Period, due
    from vidan.workdays.calendar import VIETNAM

    cal = vietnam_calendar()
    received, working, calendar_days = inputs(ITEMS)

    started = time.perf_counter()
    out = np.empty(ITEMS, dtype=np.int64)
    by_working = working >= 0
    out[by_working] = cal.due_working_many(received[by_working], working[by_working])
    out[~by_working] = cal.due_calendar_many(received[~by_working], calendar_days[~by_working])
    bulk_s = time.perf_counter() - started

    moments = [datetime.fromtimestamp(int(x), VIETNAM) for x in received[:SCALAR_SAMPLE]]
    periods = [
        Period.working(int(w)) if w >= 0 else Period.calendar(int(c))
        for w, c in zip(working[:SCALAR_SAMPLE], calendar_days[:SCALAR_SAMPLE], strict=True)
    ]
    started = time.perf_counter()
    scalar = [due(cal, moment, period) for moment, period in zip(moments, periods, strict=True)]
    scalar_s = time.perf_counter() - started

    days_off, make_up = cal.days_off, cal.extra_working_days
    started = time.perf_counter()
    naive = [
        naive_due(int(r), int(w), int(c), days_off, make_up)
        for r, w, c in zip(received[:NAIVE_SAMPLE], working[:NAIVE_SAMPLE], calendar_days[:NAIVE_SAMPLE], strict=True)
    ]
    naive_s = time.perf_counter() - started

    mismatches = int((np.array(naive) != out[:NAIVE_SAMPLE]).sum())
    mismatches += sum(int(a.timestamp()) != b for a, b in zip(scalar, out[:SCALAR_SAMPLE].tolist(), strict=True))
    naive_rate = NAIVE_SAMPLE / naive_s
    return {
        "due_dates": ITEMS,
        "bulk_per_s": round(ITEMS / bulk_s),
        "scalar_per_s": round(SCALAR_SAMPLE / scalar_s),
        "naive_per_s": round(naive_rate),
        "bulk_vs_naive": round(ITEMS / bulk_s / naive_rate, 1),
        "scalar_vs_naive": round(SCALAR_SAMPLE / scalar_s / naive_rate, 1),
        "mismatches": mismatches,
    }


def open_items_ensure() -> float | None:
    """A million open items with due dates from today's calendar, generated once per database."""
    if Generated.objects.filter(name="open_items", version=OPEN_ITEMS_VERSION).exists():
        return None
    print(f"bench: generating {ITEMS:,} open items …", flush=True)
    started = time.monotonic()
    cal = vietnam_calendar()
    received, working, calendar_days = inputs(ITEMS, seed=7)
    due_at = np.empty(ITEMS, dtype=np.int64)
    by_working = working >= 0
    due_at[by_working] = cal.due_working_many(received[by_working], working[by_working])
    due_at[~by_working] = cal.due_calendar_many(received[~by_working], calendar_days[~by_working])
    table = OpenItem._meta.db_table
    columns = "received_at, working_days, calendar_days, due_at"

    def rows():
        for r, w, c, d in zip(
            received.tolist(), working.tolist(), calendar_days.tolist(), due_at.tolist(), strict=True
        ):
            yield (_moment(r), w if w >= 0 else None, c if c >= 0 else None, _moment(d))

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {table}")
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            cursor.execute(f"DELETE FROM {table}")
            cursor.cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (?, ?, ?, ?)", rows())
        cursor.execute(f"ANALYZE {table}")
    seconds = time.monotonic() - started
    Generated.objects.update_or_create(
        name="open_items", defaults={"version": OPEN_ITEMS_VERSION, "seconds": seconds, "detail": {"rows": ITEMS}}
    )
    print(f"bench: open items generated in {seconds:.1f} s", flush=True)
    return seconds


def _moment(epoch: int) -> str:
    text = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")
    return text + "+00" if connection.vendor == "postgresql" else text


def measure_recompute() -> dict:
    from vidan.workdays.recompute import DueColumns, due_dates_recompute

    open_items_ensure()
    columns = DueColumns(table=OpenItem._meta.db_table)
    after = due_dates_recompute(columns=columns, calendar=vietnam_calendar(extra_off={OVERRIDE_DAY}))
    # Put the table back as it was, so that every run measures the same change.
    back = due_dates_recompute(columns=columns, calendar=vietnam_calendar())
    return {
        "rows": after.rows,
        "changed": after.changed,
        "read_s": round(after.read_s, 2),
        "compute_s": round(after.compute_s, 2),
        "write_s": round(after.write_s, 2),
        "total_s": round(after.seconds, 2),
        "restored": back.changed == after.changed,
    }


def run() -> dict:
    print("bench: workdays: a million due dates, the day-by-day loop on a sample …", flush=True)
    engine = measure_engine()
    print(f"bench: workdays: recomputing {ITEMS:,} stored due dates after a day off is added …", flush=True)
    recompute = measure_recompute()
    return {"engine": engine, "recompute": recompute}


def table(figures: dict) -> str:
    e, r = figures["engine"], figures["recompute"]
    lines = [
        "deadline engine (one core)          due dates/s   × naive loop",
        "----------------------------------  ------------  ------------",
        f"bulk (numpy), {e['due_dates']:,} due dates      {e['bulk_per_s']:>12,}  {e['bulk_vs_naive']:>12}",
        f"one at a time (workdays.due)        {e['scalar_per_s']:>12,}  {e['scalar_vs_naive']:>12}",
        f"naive day-by-day loop (sample)      {e['naive_per_s']:>12,}  {1.0:>12}",
        f"results that disagree: {e['mismatches']}",
        "",
        f"recompute after a day off: {r['rows']:,} open items, {r['changed']:,} moved, "
        f"{r['total_s']} s (read {r['read_s']} s, compute {r['compute_s']} s, write {r['write_s']} s)",
    ]
    return "\n".join(lines)
