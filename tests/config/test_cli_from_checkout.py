"""The `vidan` command with nothing exported: after the .env `make run` writes, commands work from the checkout;
on a database not yet migrated, a command says so in one line instead of a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg.errors
import pytest
from django.db import OperationalError, ProgrammingError

from vidan import cli

VIDAN = Path(sys.executable).with_name("vidan")  # the entry point installed beside this Python
DUE = ["due", "--received", "2026-02-13T15:30", "--working-days", "3"]


@pytest.fixture
def vidan(tmp_path):
    """Run `vidan` as a user would from a fresh shell: only PATH and HOME, in a temporary directory, reading the
    .env written there (so a temporary SQLite file, never the developer's files)."""
    home = tmp_path / "home"
    home.mkdir()
    environ = {"PATH": os.environ["PATH"], "HOME": str(home), "VIDAN_ENV_FILE": str(tmp_path / ".env")}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(VIDAN), *args], env=environ, cwd=tmp_path, capture_output=True, text=True)

    return run


def test_after_the_env_file_is_written_due_works_once_migrated(vidan, tmp_path):
    written = vidan("dev-env", str(tmp_path / ".env"))
    assert written.returncode == 0, written.stderr
    assert (tmp_path / ".env").read_text().count("\n") == 4

    # before migrate: one clear line, no traceback, a failing exit status
    before = vidan(*DUE)
    assert before.returncode == 1
    assert before.stdout == ""
    assert before.stderr.count("\n") == 1 and "Traceback" not in before.stderr
    assert before.stderr.startswith("vidan due: ") and "`vidan migrate`" in before.stderr

    # the commands about migrations meet the empty database as it is
    listed = vidan("showmigrations", "workdays")
    assert listed.returncode == 0, listed.stderr
    assert "[ ] 0001_initial" in listed.stdout

    migrated = vidan("migrate", "--no-input", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    assert (tmp_path / "vidan.sqlite3").exists()

    after = vidan(*DUE)
    assert (after.returncode, after.stdout, after.stderr) == (0, "2026-02-26T17:00:00+07:00\n", "")


def test_a_prompt_on_an_unmigrated_database_keeps_its_traceback(vidan, tmp_path):
    vidan("dev-env", str(tmp_path / ".env"))

    done = vidan("shell", "-c", "from vidan.workdays.models import CalendarVersion; CalendarVersion.objects.count()")

    assert done.returncode != 0
    assert "Traceback" in done.stderr and "no such table" in done.stderr
    assert "vidan migrate" not in done.stderr


def test_a_missing_table_on_a_database_up_to_date_is_not_blamed_on_migrate(db, monkeypatch, capsys):
    def raises(argv):
        raise OperationalError("no such table: somewhere_else")

    monkeypatch.setattr("django.core.management.execute_from_command_line", raises)

    with pytest.raises(OperationalError, match="somewhere_else"):
        cli.main(["vidan", "due", "--received", "2026-02-13T15:30", "--working-days", "3"])
    assert "vidan migrate" not in capsys.readouterr().err


def wrapped(error: Exception, django_class: type) -> Exception:
    """The error as Django raises it: its own class, the driver's error as the cause."""
    try:
        raise django_class(*error.args) from error
    except django_class as raised:
        return raised


@pytest.mark.parametrize(
    ("error", "missing"),
    [
        (OperationalError("no such table: workdays_calendarversion"), True),
        (OperationalError("no such column: onestop_dossier.channel"), True),
        (wrapped(psycopg.errors.UndefinedTable('relation "x" does not exist'), ProgrammingError), True),
        # the server may speak another language: PostgreSQL's error code decides, not its message
        (wrapped(psycopg.errors.UndefinedColumn("cột x không tồn tại"), ProgrammingError), True),
        (OperationalError("database is locked"), False),
        (wrapped(psycopg.errors.UniqueViolation("duplicate key"), ProgrammingError), False),
    ],
    ids=["sqlite-table", "sqlite-column", "pg-table", "pg-column-in-vietnamese", "locked", "unique"],
)
def test_what_counts_as_a_schema_behind_the_code(error, missing):
    assert cli._schema_missing(error) is missing
