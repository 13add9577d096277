"""python -m bench [--only floor,home] [--fresh]: measure the platform against the floor on this machine."""

import argparse
import os
import secrets
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from bench.database import BenchDatabase, bench_database, database_drop, database_ensure
from bench.load import HOST, wrk_ensure, wrk_run
from bench.report import machine, now_iso, out_path, scenario_figures, table, write_json
from bench.scenarios import FLOOR, scenarios_select
from bench.server import PROJECT_DIR, AppServer, http_get, process_cpu_seconds

STATIC_DIR = PROJECT_DIR / "bench" / "cache" / "static"

# Sync workers, one more than there are cores. A request here is Python on the CPU plus short waits on the
# database and the socket, and wrk and PostgreSQL run on the same cores. Measured on 2 cores, SQLite and
# PostgreSQL alike: 2 and 3 workers serve the same within noise; 4, 5, 6 and 8 serve 3–10 % fewer requests
# and raise the tail (floor p99 7 → 12 → 38 ms at 2, 4 and 8 workers). The extra worker covers the moments a
# worker waits. Override with --workers or BENCH_WORKERS.
DEFAULT_WORKERS = int(os.environ.get("BENCH_WORKERS") or (os.cpu_count() or 1) + 1)


def arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", default="", help="comma-separated scenarios to run (the floor always runs)")
    parser.add_argument("--fresh", action="store_true", help="throw the benchmark database away and regenerate")
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per scenario (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per scenario (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (default 8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="gunicorn sync workers")
    args = parser.parse_args(argv)
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    if not (1 <= args.duration <= 120 and 0 <= args.warmup <= 30 and 1 <= args.connections <= 256):
        parser.error("duration 1–120 s, warm-up 0–30 s, connections 1–256")
    return args


def app_environ(db: BenchDatabase) -> dict[str, str]:
    """The environment of both this process and the server: production settings, the bench database."""
    env = {key: value for key, value in os.environ.items() if key != "VIDAN_TESTING"}
    env.update(
        DJANGO_SETTINGS_MODULE="vidan.config.settings",
        DATABASE_URL=db.url,
        DEBUG="0",
        SECRET_KEY="bench-" + secrets.token_urlsafe(32),
        VIDAN_AUDIT_KEY="bench-" + secrets.token_urlsafe(32),
        VIDAN_AUDIT_HEAD_FILE=str(STATIC_DIR.parent / "audit-head"),  # the bench runs no tick
        VIDAN_SMS_SENDER="console",  # the dossiers it submits text nobody
        VIDAN_ENV_FILE="",  # a development checkout's .env is not the benchmark's
        VIDAN_BENCH_FLOOR="1",
        ALLOWED_HOSTS=HOST,
        # Plain HTTP on the loopback, as the app is reached behind a proxy: no redirect to HTTPS, no HSTS.
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        VIDAN_STATIC_MANIFEST="0",  # no collectstatic: the pages name the files as they are
        STATIC_ROOT=str(STATIC_DIR),  # nothing static is measured; an existing directory keeps the log quiet
        # The submit scenario sends every dossier from one address, and its files go beside the bench data.
        VIDAN_ONLINE_SUBMISSIONS_PER_HOUR="0",
        # The lookup scenario looks up code after code from one address: counted, as in production, never stopped.
        VIDAN_LOOKUPS_PER_HOUR=str(10**12),
        # Sessions and the shared cache in Redis, as in production (a database of its own, emptied each run).
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"),
        VIDAN_DATA_DIR=str(PROJECT_DIR / "bench" / "cache" / "data"),
    )
    return env


def busy_cores(seconds: float = 1.0) -> float:
    """How many cores other programs keep busy, sampled while this one sits idle."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle, iowait
        return sum(fields[:8]) - idle, sum(fields[:8])

    try:
        busy_before, total_before = sample()
        time.sleep(seconds)
        busy_after, total_after = sample()
    except (OSError, ValueError, IndexError):
        return 0.0
    return (os.cpu_count() or 1) * (busy_after - busy_before) / max(total_after - total_before, 1)


def prepare() -> None:
    from django.core.cache import caches
    from django.core.management import call_command

    from bench import data

    call_command("migrate", interactive=False, verbosity=0)
    caches["default"].clear()
    data.floor_fill()
    data.units_ensure()
    data.demo_ensure()
    data.communes_ensure()
    data.modules_data_ensure()


def database_meta(db: BenchDatabase) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {"engine": connection.vendor, "version": version, "where": db.label}


def commit() -> str:
    try:
        head = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
        )
        return head.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def measure(scenarios, context: dict, *, env: dict[str, str], wrk: str, args) -> dict:
    """Start the server and, beside it as in production, `vidan deliver`, which sends the messages the
    submissions write (web workers never send them); then per scenario: one checked request, a warm-up, the
    measured run. The deliverer's CPU is not the server's: it is not counted in CPU ms/req, but returned
    beside the results, in ms per request of each scenario, as it shares the cores with the server."""
    results, deliver_cpu_ms = {}, {}
    out_dir = PROJECT_DIR / "bench" / "out"
    with (
        AppServer(env=env, workers=args.workers, log_path=out_dir / "gunicorn.log") as server,
        open(out_dir / "deliver.log", "wb") as deliver_log,
    ):
        deliverer = subprocess.Popen(
            [sys.executable, "-m", "vidan.cli", "deliver"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=deliver_log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            print(f"bench: gunicorn, {args.workers} sync workers, on {HOST}:{server.port}", flush=True)
            print(f"bench: vidan deliver beside it, pid {deliverer.pid}, log {out_dir / 'deliver.log'}", flush=True)
            server.wait_ready(scenarios[0].path)
            load = {"port": server.port, "connections": args.connections, "threads": args.threads}
            for scenario in (s.resolved(context) for s in scenarios):
                status, body = http_get(
                    server.port, scenario.path, method=scenario.method, headers=scenario.headers, body=scenario.body
                )
                if not 200 <= status < 400:
                    snippet = body[:200].decode("utf-8", "replace").replace("\n", " ")
                    print(f"bench: WARNING: {scenario.name} {scenario.path} answers {status}: {snippet}")
                print(f"bench: {scenario.name}: {args.warmup} s warm-up, {args.duration} s measured …", flush=True)
                if args.warmup:
                    wrk_run(wrk, scenario, seconds=args.warmup, **load)
                cpu_before, deliver_before = server.cpu_seconds(), process_cpu_seconds(deliverer.pid)
                result = wrk_run(wrk, scenario, seconds=args.duration, **load)
                cpu_ms = (server.cpu_seconds() - cpu_before) * 1000 / max(result.requests, 1)
                results[scenario.name] = replace(result, server_cpu_ms=cpu_ms)
                deliver_ms = (process_cpu_seconds(deliverer.pid) - deliver_before) * 1000
                deliver_cpu_ms[scenario.name] = deliver_ms / max(result.requests, 1)
            if any(scenario.method == "POST" and not scenario.is_floor for scenario in scenarios):
                time.sleep(3)  # one more round of the deliverer (every 2 s) for the last writes' messages
        finally:
            deliverer.terminate()  # SIGTERM: it stops between two batches
            try:
                deliverer.wait(timeout=60)
            except subprocess.TimeoutExpired:
                deliverer.kill()
                deliverer.wait()
            if deliverer.returncode:
                print(f"bench: WARNING: vidan deliver exited with {deliverer.returncode}; see deliver.log", flush=True)
    return results, deliver_cpu_ms


# Benchmarks that measure computation in this process rather than requests to the server.
COMPUTE = ("workdays",)


def main(argv=None) -> int:
    args = arguments(argv)
    started = time.monotonic()
    compute = [name for name in COMPUTE if not args.only or name in args.only]
    http_only = [name for name in args.only if name not in COMPUTE]
    run_http = not args.only or bool(http_only)
    db = bench_database()
    wrk = wrk_ensure() if run_http else ""
    env = app_environ(db)
    os.environ.clear()
    os.environ.update(env)
    print(f"bench: database {db.label}", flush=True)
    busy = busy_cores()
    if busy > 0.3:
        print(
            f"bench: WARNING: other programs keep {busy:.1f} of {os.cpu_count()} cores busy: requests/s and "
            "latencies will be lower and noisier than on a quiet machine; CPU ms/req stays comparable.",
            flush=True,
        )
    STATIC_DIR.mkdir(parents=True, exist_ok=True)
    if args.fresh:
        database_drop(db)
    database_ensure(db)

    import django

    django.setup()
    from django.db import connections

    from bench import data

    # The modules' scenarios are known once the apps are loaded.
    scenarios = scenarios_select(http_only) if run_http else []
    prepare()
    db_meta = database_meta(db)
    figures, checks = {}, {}
    if run_http:
        context = data.scenario_context()
        connections.close_all()
        try:
            results, deliver_cpu_ms = measure(scenarios, context, env=env, wrk=wrk, args=args)
        finally:
            data.scenario_context_close(context)
        figures = scenario_figures(scenarios, results)
        checks = data.scenario_checks(set(results))
        for name, check in checks.items():
            check["redirects"] = sum(n for status, n in results[name].statuses.items() if status == "302")
            check["deliver_cpu_ms_per_request"] = round(deliver_cpu_ms[name], 2)
            print(f"bench: {name} left {check}", flush=True)
    computed = {}
    if "workdays" in compute:
        from bench import workdays

        computed["workdays"] = workdays.run()
    marks = data.generation_marks()
    meta = {
        "machine": machine(),
        "database": db_meta,
        "date": now_iso(),
        "duration": {
            "warmup_s": args.warmup,
            "measured_s": args.duration,
            "total_s": round(time.monotonic() - started, 1),
        },
        "load": {"tool": "wrk", "address": HOST, "connections": args.connections, "threads": args.threads},
        "server": {"gunicorn_workers": args.workers, "worker_class": "sync", "debug": False},
        "data": marks,
        "commit": commit(),
        "busy_cores_before": round(busy, 2),
        "floor": FLOOR,
        "floors": {s.name: s.floor for s in scenarios},
        "checks": checks,
    }
    print()
    if figures:
        print(table(figures))
        print()
    if "workdays" in computed:
        print(workdays.table(computed["workdays"]))
        print()
    print(
        f"{meta['machine']['cores']} cores ({meta['machine']['cpu']}), {db_meta['engine']} {db_meta['version']}, "
        f"{args.connections} connections, {args.duration} s each, {meta['date']}"
    )
    path = out_path()
    write_json(path, figures, meta, **computed)
    print(f"bench: figures written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
