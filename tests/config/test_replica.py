"""Statistics from a PostgreSQL streaming replica (REPLICA_DATABASE_URL), with reads after writes on the primary.

The test makes a primary and its replica of its own (initdb, then pg_basebackup -R, in a temporary directory):
the shared server of the machine accepts no replication connection. The two listen on Unix sockets in that
directory only, never on TCP, so no other program's port can collide with theirs. Skipped when PostgreSQL's
server programs are not installed.
"""

import contextlib
import glob
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.production import production_environ

ROOT = Path(__file__).resolve().parents[2]


def server_programs() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_basebackup"))
    return Path(found[-1]).parent if found else None


class Clusters:
    """A primary and its streaming replica, run as the postgres user when the tests run as root (PostgreSQL
    refuses to run as root)."""

    # The port only names the socket file (.s.PGSQL.<port>) inside the private directory.
    primary_port, replica_port = 5433, 5434

    def __init__(self, programs: Path, base: Path):
        self.programs, self.base = programs, base

    def run(self, program: str, *args: str) -> None:
        command = [str(self.programs / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.base)
        logs = "".join(
            f"\n--- {log.name}:\n{log.read_text(errors='replace')[-2000:]}" for log in sorted(self.base.glob("*.log"))
        )
        assert done.returncode == 0, f"{program}: {done.stdout}{done.stderr}{logs}"

    def start(self) -> None:
        primary, replica = self.base / "primary", self.base / "replica"
        self.run("initdb", "-D", str(primary), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "-N")
        with (primary / "postgresql.conf").open("a") as conf:
            # wal_level=replica and max_wal_senders=10 are the defaults; initdb's pg_hba.conf lets the local user
            # replicate over the local socket with trust.
            conf.write(
                f"port = {self.primary_port}\nlisten_addresses = ''\n"
                f"unix_socket_directories = '{self.base}'\nfsync = off\nfull_page_writes = off\n"
            )
        self.run("pg_ctl", "-D", str(primary), "-l", str(self.base / "primary.log"), "-w", "start")
        self.run("createdb", "-h", str(self.base), "-p", str(self.primary_port), "-U", "postgres", "vidan")
        self.run(
            "pg_basebackup", "-h", str(self.base), "-p", str(self.primary_port), "-U", "postgres",
            "-D", str(replica), "-R", "-X", "stream", "-N", "-c", "fast",
        )  # fmt: skip
        with (replica / "postgresql.auto.conf").open("a") as conf:
            conf.write(f"port = {self.replica_port}\n")
        self.run("pg_ctl", "-D", str(replica), "-l", str(self.base / "replica.log"), "-w", "start")

    def stop(self) -> None:
        for name in ("replica", "primary"):
            if (self.base / name / "postmaster.pid").exists():
                with contextlib.suppress(AssertionError):
                    self.run("pg_ctl", "-D", str(self.base / name), "-m", "immediate", "-w", "stop")

    def url(self, port: int) -> str:
        return f"postgres://postgres@{quote(str(self.base), safe='')}:{port}/vidan"


@pytest.fixture(scope="module")
def clusters():
    programs = server_programs()
    if programs is None:
        pytest.skip("PostgreSQL's server programs (initdb, pg_basebackup) are not installed")
    base = Path(tempfile.mkdtemp(prefix="vidan-replica-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(base, owner.pw_uid, owner.pw_gid)
    made = Clusters(programs, base)
    try:
        made.start()
        yield made
    finally:
        made.stop()
        shutil.rmtree(base, ignore_errors=True)


def test_statistics_read_from_the_replica_and_a_browser_that_wrote_reads_the_primary(clusters, tmp_path):
    # Given the platform in production (DEBUG off) on the primary, the statistics on its replica
    environ = production_environ(
        tmp_path,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=clusters.url(clusters.primary_port),
        REPLICA_DATABASE_URL=clusters.url(clusters.replica_port),
        REPLICA_PIN_SECONDS="2",
    )
    # When an officer reads the statistics while the replica is behind, after a form, and later
    done = subprocess.run(
        [sys.executable, "-m", "tests.config.replica_scenario"], env=environ, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    # Then the page counts what the replica holds: one dossier while it lags, though the primary has two
    assert seen["up_to_date"] == 1
    assert (seen["primary_rows"], seen["replica_rows"]) == (2, 1)
    assert seen["replica_behind"] == 1
    # And the browser that has just sent a form sees the primary's two for REPLICA_PIN_SECONDS; another browser,
    # which wrote nothing, still reads the replica
    assert seen["pin_cookie_max_age"] == 2
    assert (seen["after_a_post"], seen["other_browser"]) == (2, 1)
    # And once the pin has run out the browser reads the replica again
    assert seen["pin_run_out"] == 1
    # And inside a transaction reads stay on the primary
    assert (seen["outside_a_transaction"], seen["inside_a_transaction"]) == (1, 2)
    # And once the replica has replayed, it counts both
    assert seen["replica_again"] == 2
