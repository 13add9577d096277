"""The HTML the busiest pages write in Python, timed in this process: a queue page's fifty rows
(`queues.queue_rows`) and a lookup's cards (`lookup.lookup_page` then `lookup.lookup_card`).

    python -m bench.render [--against REVISION] [--number N] [--repeat R] [--language vi]

With --against, the two modules are also read as they were at REVISION (git show) and both versions render the
same rows and dossiers, in turns, in the same run: on a shared machine only a ratio measured that way means
anything. Each figure is the best of R repeats of N renders (timeit), in CPU time of this process, so that the
moments another process holds the core do not count. The outputs are compared too, and any difference is
shown. No database: the rows and dossiers are made up in memory, the same on every run.

The queue is written for two pages of "All": open dossiers, as a desk works through them, and the benchmark's
simulated commune, mostly closed. "same rows" renders one page again and again, as a page reloaded or paged
back to; "new rows" a page of dossiers this process has not written yet.
"""

import argparse
import itertools
import os
import random
import subprocess
import sys
import tempfile
import time
import timeit
import types
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
MODULES = {"queues": "vidan/onestop/queues.py", "lookup": "vidan/onestop/lookup.py"}
ROWS = 50
NOW = datetime(2026, 3, 18, 2, 30, tzinfo=UTC)  # a Wednesday, 09:30 in Vietnam

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
GIVEN = ("Thị Lan", "Văn Hùng", "Thị Mai", "Văn Đức", "Thị Hạnh", "Văn Nam", "Thị Thu", "Văn Sơn", "Minh Anh")
PROCEDURES = (
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
    "Đăng ký giám hộ",
    "Cấp bản sao trích lục hộ tịch",
    "Xác nhận tình trạng hôn nhân",
)
OFFICERS = ("Lê Văn Tâm", "Trần Thị Hoa", "Phạm Minh Quân", None)


def arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.render", description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", default="", help="a git revision to compare with, e.g. HEAD~1 or main")
    parser.add_argument("--number", type=int, default=200, help="renders per repeat (default 200)")
    parser.add_argument("--repeat", type=int, default=15, help="repeats, the best kept (default 15)")
    parser.add_argument("--language", default="vi", help="the language the pages are written in (default vi)")
    return parser.parse_args(argv)


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vidan.config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-render")
    os.environ.setdefault("VIDAN_AUDIT_KEY", "bench-render-" + "0" * 32)  # it renders pages, writes no audit entry
    os.environ.setdefault("VIDAN_AUDIT_HEAD_FILE", os.devnull)
    os.environ.setdefault("VIDAN_DATA_DIR", tempfile.gettempdir())  # it renders pages, stores no file
    os.environ.setdefault("VIDAN_SMS_SENDER", "console")  # it sends nothing
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    import django

    django.setup()


def module_at(revision: str, name: str) -> types.ModuleType:
    """The module `name` of MODULES as it was at `revision`, loaded beside today's under another name. Its
    signal receivers carry the same dispatch_uid as today's, so they are not connected twice."""
    path = MODULES[name]
    source = subprocess.run(
        ["git", "show", f"{revision}:{path}"], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    ).stdout
    module = types.ModuleType(f"bench_render_{name}_at_{revision.replace('~', '_').replace('^', '_')}")
    module.__file__ = f"{revision}:{path}"
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102 (our own file at a revision)
    return module


# Shares of a queue page's dossiers: being worked on, waiting for the citizen, sent online and not yet received,
# with their result ready, closed; and over how many days they were received.
OPEN_QUEUE = ((60, 10, 10, 10, 10), 30)  # the work of the last weeks
SIMULATED = ((10, 3, 1, 6, 80), 365)  # "All" in the benchmark's commune: a year of simulated dossiers


def queue_values(calendar, mix, n: int = ROWS) -> list[dict]:
    """A page of the queue "All" as dossier_queue(...).values(*QUEUE_ROW_FIELDS) gives it, its dossiers in the
    shares of `mix`: some late, some due soon, some waiting for the citizen, some sent online and not yet
    received, some finished."""
    from vidan.onestop.models import DossierStatus as S

    rng = random.Random(2026)
    today = calendar.local(NOW).date()
    weights, days = mix
    rows = []
    for i in range(n):
        kind = rng.choices(("running", "waiting", "online", "ready", "closed"), weights=weights, k=1)[0]
        received_at = NOW - timedelta(days=rng.randint(1, days), minutes=rng.randint(0, 600))
        if kind == "running":
            late = rng.random() < 0.15
            due_day = (
                today - timedelta(days=rng.randint(1, 6))
                if late
                else calendar.add_working_days(today, rng.randint(0, 12))
            )
        else:
            due_day = calendar.add_working_days(calendar.local(received_at).date(), rng.randint(1, 15))
        # In UTC, as the database gives every moment.
        due_at = (calendar.end_of_day(due_day) + timedelta(days=rng.choice((0, 0, 0, 0, 3)))).astimezone(UTC)
        status = {
            "running": rng.choice((S.RECEIVED, S.ASSIGNED, S.PROCESSING, S.FOR_APPROVAL)),
            "waiting": rng.choice((S.WAITING_CITIZEN, S.SUPPLEMENT_REQUESTED)),
            "online": S.SUBMITTED,
            "ready": S.RESULT_READY,
            "closed": rng.choice((S.RETURNED, S.REFUSED, S.WITHDRAWN)),
        }[kind].value  # a plain string, as the database gives it
        online = kind == "online" or rng.random() < 0.2
        rows.append(
            {
                "id": 100_000 + i,
                "code": None if kind == "online" else f"000.25.31.H44-2603{rng.randint(1, 28):02}-{i + 1:04}",
                "reference": f"TC{rng.randint(10_000_000, 99_999_999)}" if online else None,
                "status": status,
                "applicant_name": f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
                "applicant_phone": f"09{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
                if rng.random() < 0.8
                else "",
                "submitted_at": received_at - timedelta(hours=5) if online else None,
                "received_at": None if kind == "online" else received_at,
                "due_at": None if kind == "online" else due_at,
                "procedure__name": rng.choice(PROCEDURES),
                "assignee__full_name": rng.choice(OFFICERS) if kind != "online" else None,
            }
        )
    return rows


def lookup_views(calendar, lookup) -> list:
    """The dossiers a citizen looks up, as public_view() gives them: one being processed (the everyday case),
    one late after an apology opened with the PIN, one the desk asked to supplement, one sent online and not
    yet received."""
    from vidan.onestop.models import Dossier, Procedure
    from vidan.onestop.models import DossierStatus as S
    from vidan.org.models import Commune, Unit
    from vidan.workdays import standing

    province = Unit(id=1, code="46", name="Huế", kind="thành phố", level="province")
    unit = Unit(id=3, code="19918", name="Thuận Hóa", kind="xã", level="commune", parent=province)
    commune = Commune(id=1, unit=unit, slug="thuan-hoa", agency_code="000.25.31.H44")
    procedure = Procedure(id=7, code="HT-04", name="Đăng ký giám hộ")
    received_at = NOW - timedelta(days=6)

    def view(status, *, code, due_at, steps, details=False, received=received_at, **fields):
        dossier = Dossier(
            id=4242, commune=commune, procedure=procedure, code=code, status=status, received_at=received,
            due_at=due_at, applicant_name="Nguyễn Thị Lan", applicant_address="Thôn Tân Hóa, xã Thuận Hóa",
            **fields,
        )  # fmt: skip
        running = due_at is not None and dossier.finished_at is None and dossier.returned_at is None
        events = [lookup.PublicStep(received_at + timedelta(hours=h), to_status, note) for h, to_status, note in steps]
        return lookup.PublicDossier(dossier, events, standing(calendar, due_at, NOW) if running else None, details)

    code = "000.25.31.H44-260312-0001"
    due = calendar.end_of_day(calendar.add_working_days(calendar.local(NOW).date(), 3))
    first_steps = [(0, S.RECEIVED, ""), (2, S.ASSIGNED, ""), (5, S.PROCESSING, "")]
    return [
        view(S.PROCESSING, code=code, due_at=due, steps=first_steps),
        view(
            S.PROCESSING,
            code=code,
            due_at=NOW - timedelta(days=9),
            apologised=True,
            details=True,
            steps=[*first_steps, (30, S.PROCESSING, "Xin lỗi công dân: cần xác minh thêm tại thôn <Tân Hóa> & xã")],
        ),
        view(
            S.SUPPLEMENT_REQUESTED,
            code=code,
            due_at=None,
            reference="TC12345678",
            steps=[*first_steps, (26, S.SUPPLEMENT_REQUESTED, "Thiếu bản sao giấy khai sinh")],
        ),
        view(
            S.SUBMITTED,
            code=None,
            due_at=None,
            received=None,
            reference="TC87654321",
            submitted_at=received_at,
            steps=[(0, S.SUBMITTED, "")],
        ),
    ]


def variants(rows: list[dict], n: int = 200) -> list[list[dict]]:
    """`n` pages like `rows`, each with other dossiers' ids: more rows than a process keeps, so that each page
    is written as if it were seen for the first time."""
    return [[{**row, "id": row["id"] + ROWS * k} for row in rows] for k in range(1, n + 1)]


def render_functions(queues, lookup, calendar, pages, views):
    def queue_page(rows):
        return lambda: queues.queue_rows(rows, calendar, NOW)

    def queue_pages(variants):
        following = itertools.cycle(variants).__next__
        return lambda: queues.queue_rows(following(), calendar, NOW)

    def lookup_cards():
        texts = lookup.page_texts()
        return [lookup.lookup_card(lookup.lookup_page(view), texts) for view in views]

    return {
        **{f"queue, {name}, new rows": queue_pages(variants(rows)) for name, rows in pages.items()},
        **{f"queue, {name}, same rows": queue_page(rows) for name, rows in pages.items()},
        f"lookup card (x{len(views)})": lookup_cards,
    }


def first_difference(a: str, b: str) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"at {at}: {a[max(0, at - 60) : at + 60]!r}\n{'':>{len(str(at)) + 4}}{b[max(0, at - 60) : at + 60]!r}"


def main(argv=None) -> None:
    args = arguments(argv)
    django_setup()
    from django.utils import translation

    from vidan import workdays
    from vidan.onestop import lookup, queues

    translation.activate(args.language)
    calendar = workdays.Calendar(days_off={date(2026, 4, 27), date(2026, 4, 30), date(2026, 5, 1)})
    pages = {"open": queue_values(calendar, OPEN_QUEUE), "simulated": queue_values(calendar, SIMULATED)}
    versions = {"now": render_functions(queues, lookup, calendar, pages, lookup_views(calendar, lookup))}
    if args.against:
        old_queues, old_lookup = module_at(args.against, "queues"), module_at(args.against, "lookup")
        old_views = lookup_views(calendar, old_lookup)
        versions = {args.against: render_functions(old_queues, old_lookup, calendar, pages, old_views), **versions}

    for name in versions["now"]:
        if "new rows" in name:
            continue  # the same pages as "same rows", with other ids
        outputs = {version: str(functions[name]()) for version, functions in versions.items()}
        if len(set(outputs.values())) > 1:
            print(f"{name}: the outputs differ, {first_difference(*outputs.values())}")
        elif args.against:
            print(f"{name}: the same output ({len(outputs['now'])} characters)")

    best = {(version, name): float("inf") for version, functions in versions.items() for name in functions}
    for turn in range(args.repeat):
        # Each version in turn, in alternating order, so that a noisy moment falls on both.
        order = list(versions.items()) if turn % 2 == 0 else list(reversed(versions.items()))
        for version, functions in order:
            for name, function in functions.items():
                seconds = timeit.timeit(function, timer=time.process_time, number=args.number)
                best[version, name] = min(best[version, name], seconds / args.number)

    print(f"best of {args.repeat} × {args.number} renders, language {args.language}:")
    for name in versions["now"]:
        figures = "  ".join(f"{version} {best[version, name] * 1e6:8.1f} µs" for version in versions)
        ratio = f"  now/{args.against} {best['now', name] / best[args.against, name]:.3f}" if args.against else ""
        print(f"  {name:<28} {figures}{ratio}")


if __name__ == "__main__":
    main()
