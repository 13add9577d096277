"""The data the scenarios need, generated once and kept in the benchmark database.

Each piece leaves a `Generated` mark with its version; a run skips whatever is already marked. Bump a
version to have the piece generated again.
"""

import io
import os
import time
from datetime import date, timedelta

from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import connection, transaction
from django.utils import timezone

from bench.floor.models import FLOOR_ROWS, FloorRow, FloorSubmission, Generated, floor_key
from bench.server import PROJECT_DIR
from vidan.core.benchmarks import BENCH_COMMUNES, BENCH_DATA

FLOOR_VERSION = "1"
UNITS_VERSION = "1"
DEMO_VERSION = "1"
DEMO_PASSWORD = "bench-mat-khau-2026"
DEMO_SLUG = "thuan-hoa"
DEMO_API_USER = "motcua.thuanhoa"
CACHE_DIR = PROJECT_DIR / "bench" / "cache"
BATCH = 50_000

_TITLES = (
    "Đăng ký khai sinh",
    "Chứng thực bản sao",
    "Đăng ký kết hôn",
    "Xác nhận tình trạng hôn nhân",
    "Cấp giấy chứng nhận quyền sử dụng đất",
    "Đăng ký thường trú",
    "Trợ cấp xã hội hằng tháng",
    "Cấp phép xây dựng nhà ở riêng lẻ",
)
_NOTES = (
    "Hồ sơ đầy đủ, đã tiếp nhận tại bộ phận một cửa.",
    "Công dân nộp trực tuyến; chờ bổ sung bản sao giấy tờ tùy thân.",
    "Đã chuyển cán bộ chuyên môn thẩm định, hẹn trả kết quả đúng hạn.",
    "Kết quả đã trả cho công dân tại bộ phận một cửa.",
)


def marked(name: str, version: str) -> bool:
    return Generated.objects.filter(name=name, version=version).exists()


def mark(name: str, version: str, seconds: float, **detail) -> None:
    Generated.objects.update_or_create(name=name, defaults={"version": version, "seconds": seconds, "detail": detail})


def generation_marks() -> dict[str, dict]:
    return {g.name: {"version": g.version, "seconds": round(g.seconds, 1), **g.detail} for g in Generated.objects.all()}


# The floor --------------------------------------------------------------------------------------------------


def _floor_rows(start: int, stop: int):
    epoch = date(2020, 1, 1)
    for n in range(start, stop):
        yield (
            floor_key(n),
            f"{_TITLES[n % len(_TITLES)]} số {n}",
            (n * 7919) % 50_000 * 1000,
            (epoch + timedelta(days=n % 2400)).isoformat(),
            _NOTES[n % len(_NOTES)],
        )


def floor_fill() -> float | None:
    """Fill the floor table with FLOOR_ROWS rows unless that is already done. Returns the seconds it took."""
    if marked("floor", FLOOR_VERSION):
        return None
    started = time.monotonic()
    table = FloorRow._meta.db_table
    columns = "key, title, amount, day, note"
    print(f"bench: generating {FLOOR_ROWS:,} floor rows …", flush=True)
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {table}")
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in _floor_rows(0, FLOOR_ROWS):
                        copy.write_row(row)
            else:
                cursor.execute(f"DELETE FROM {table}")
                raw = cursor.cursor  # the sqlite3 cursor: executemany without Django's per-row wrapping
                sql = f"INSERT INTO {table} ({columns}) VALUES (?, ?, ?, ?, ?)"
                for start in range(0, FLOOR_ROWS, BATCH):
                    raw.executemany(sql, _floor_rows(start, min(start + BATCH, FLOOR_ROWS)))
            cursor.execute(f"ANALYZE {table}")
        seconds = time.monotonic() - started
        mark("floor", FLOOR_VERSION, seconds, rows=FLOOR_ROWS)
    print(f"bench: floor rows generated in {seconds:.1f} s", flush=True)
    return seconds


def floor_submissions_clear() -> None:
    """Start every run with an empty table for the write floor, so its inserts cost the same run after run."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FloorSubmission._meta.db_table}")


# Administrative units and the demo communes -----------------------------------------------------------------


def units_ensure() -> float | None:
    """Today's provinces and communes (`vidan import-units`), as `make run` loads them before the demo."""
    if marked("units", UNITS_VERSION):
        return None
    if "import-units" not in get_commands():
        raise SystemExit("bench: the `vidan import-units` command is missing.")
    started = time.monotonic()
    print("bench: vidan import-units …", flush=True)
    call_command("import-units", stdout=io.StringIO(), stderr=io.StringIO())
    seconds = time.monotonic() - started
    mark("units", UNITS_VERSION, seconds)
    return seconds


def demo_ensure() -> float | None:
    """Build the demo (Thuận Hóa and its neighbours, their officials) unless that is already done.

    Returns the seconds it took, or None when it was already there.
    """
    if marked("demo", DEMO_VERSION):
        return None
    if "demo" not in get_commands():
        raise SystemExit("bench: the `vidan demo` command is missing; the scenarios need the demo communes.")
    started = time.monotonic()
    print("bench: vidan demo --if-empty --password …", flush=True)
    call_command("demo", "--if-empty", "--password", DEMO_PASSWORD, stdout=io.StringIO())
    seconds = time.monotonic() - started
    mark("demo", DEMO_VERSION, seconds)
    print(f"bench: demo built in {seconds:.1f} s", flush=True)
    return seconds


# The synthetic communes and what the modules make in them -----------------------------------------------------

COMMUNES_VERSION = "1"


def communes_ensure() -> float | None:
    """The synthetic communes sim-0001 … with their officials (`vidan simulate --communes`)."""
    if marked("communes", COMMUNES_VERSION):
        return None
    started = time.monotonic()
    print(f"bench: vidan simulate --communes {BENCH_COMMUNES} …", flush=True)
    call_command("simulate", communes=BENCH_COMMUNES, stdout=io.StringIO(), stderr=io.StringIO())
    seconds = time.monotonic() - started
    mark("communes", COMMUNES_VERSION, seconds, communes=BENCH_COMMUNES)
    return seconds


def modules_data_ensure() -> None:
    """What each installed module's scenarios need (vidan/core/benchmarks.py), made once per version."""
    for data in BENCH_DATA.all():
        if data.generate is None or marked(data.name, data.version):
            continue
        started = time.monotonic()
        print(f"bench: {data.name}: generating (once; it may take several minutes) …", flush=True)
        data.generate()
        with connection.cursor() as cursor:
            # PostgreSQL: what autovacuum would have done by the time a real database held this much, the
            # visibility map included (without it no scan is index-only). SQLite: the planner's statistics.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        seconds = time.monotonic() - started
        mark(data.name, data.version, seconds)
        print(f"bench: {data.name} generated in {seconds:.1f} s", flush=True)


def scenario_context() -> dict:
    """Values the scenarios' paths and headers refer to, e.g. {commune_id} and {api_token}: the harness's own,
    then each module's. Values named BENCH_* are also put in the environment, where wrk's scripts read them."""
    from django.middleware.csrf import _get_new_csrf_string

    from vidan.api.tokens import api_token_issue
    from vidan.org.actors import Actor
    from vidan.org.models import Commune, Staff

    commune = Commune.objects.filter(slug=DEMO_SLUG).first()
    officer = Staff.objects.filter(username=DEMO_API_USER, is_active=True).first()
    if commune is None or officer is None:
        raise SystemExit(
            f"bench: the demo commune {DEMO_SLUG!r} or its officer {DEMO_API_USER!r} is missing from the "
            "benchmark database; run `python -m bench --fresh` to build it again."
        )
    token, raw = api_token_issue(actor=Actor.system("bench"), staff=officer, name="bench")
    floor_submissions_clear()
    values = {
        "commune_slug": commune.slug,
        "commune_id": commune.id,
        "api_token": raw,
        "_api_token": token,
        "desk_session": desk_session(),
        "csrf_cookie": _get_new_csrf_string(),
        "year": timezone.localdate().year,
    }
    for data in BENCH_DATA.all():
        if data.context is not None:
            values.update(data.context(values, CACHE_DIR))
    os.environ.update({key: str(value) for key, value in values.items() if key.startswith("BENCH_")})
    return values


def scenario_checks(ran: set[str]) -> dict[str, dict]:
    """What the scenarios that ran left behind, as each module checks it."""
    return {
        scenario: check() for data in BENCH_DATA.all() for scenario, check in data.checks.items() if scenario in ran
    }


def desk_session() -> str:
    """A logged-in session of the desk officer of the first simulated commune (10,000 dossiers), for the
    back-office scenarios: the same session a browser gets after the login form."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from vidan.org.models import Staff

    officer = Staff.objects.get(username="motcua.sim0001")
    session = SessionStore()
    session[SESSION_KEY] = str(officer.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = officer.get_session_auth_hash()
    session.create()
    return session.session_key


def scenario_context_close(context: dict) -> None:
    from vidan.api.tokens import api_token_revoke
    from vidan.org.actors import Actor

    token = context.get("_api_token")
    if token is not None:
        api_token_revoke(actor=Actor.system("bench"), token=token)
