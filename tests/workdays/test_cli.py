"""vidan due: the due date-time in ISO 8601 on stdout; a bad input gets one line on stderr and exit status 2."""

import pytest
from django.db import connections

from vidan.audit.models import AuditEntry
from vidan.cli import main
from vidan.workdays.models import CalendarOverride


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    """The command line closes the database connections when it ends; the test's transaction must survive."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def vidan_due(capsys, *args) -> tuple[int, str, str]:
    """Run `vidan due ...` as the shell would, in this process (so on the test database)."""
    try:
        main(["vidan", "due", *args])
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_the_example_from_the_issue(db, capsys):
    code, out, err = vidan_due(capsys, "--received", "2026-02-13T16:00", "--working-days", "3")
    assert (code, out, err) == (0, "2026-02-26T17:00:00+07:00\n", "")


def test_calendar_days_and_an_explicit_offset(db, capsys):
    # 09:00 UTC is 16:00 in Vietnam; 30 days after 13/02 is Sunday 15/03, so it ends on Monday 16/03
    code, out, _err = vidan_due(capsys, "--received", "2026-02-13T09:00Z", "--calendar-days", "30")
    assert (code, out) == (0, "2026-03-16T17:00:00+07:00\n")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--received", "13/02/2026 16:00", "--working-days", "3"], ["--received", "2026-02-13T16:00"]),
        (["--received", "2026-02-30T16:00", "--working-days", "3"], ["--received"]),
        (["--received", "2026-02-13T16:00", "--working-days", "-1"], ["--working-days", "âm"]),
        (["--received", "2026-02-13T16:00", "--working-days", "3", "--calendar-days", "30"], ["--calendar-days"]),
        (["--received", "2026-02-13T16:00"], ["--working-days"]),
        (["--received", "2045-12-29T10:00", "--working-days", "5"], ["2045"]),
        (["--received", "1999-12-31T10:00", "--calendar-days", "1"], ["2000"]),
        (["--received", "2026-02-13T16:00", "--working-days", "3", "--province", "00"], ["--province", "00"]),
    ],
    ids=["not-iso", "no-such-day", "negative", "both", "neither", "past-the-end", "before-the-start", "province"],
)
def test_bad_input_gets_one_clear_line_and_exit_status_2(db, capsys, args, words):
    overrides, entries = CalendarOverride.objects.count(), AuditEntry.objects.count()

    code, out, err = vidan_due(capsys, *args)

    assert code == 2 and out == ""
    assert err.count("\n") == 1, err
    for word in words:
        assert word in err
    assert (CalendarOverride.objects.count(), AuditEntry.objects.count()) == (overrides, entries)
