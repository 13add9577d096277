"""What the timers run unattended says so to the administrators: a failed `vidan tick` job and an audit chain that
`vidan audit verify` cannot confirm are logged as errors, and so mailed to ADMINS (docs/operations.md, "Logs")."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from vidan.core.tick import TICK_JOBS, TickJob

ADMINS = [("Vận hành", "van-hanh@thuanhoa.example.gov.vn")]


@pytest.fixture
def mailed_errors(settings, db):
    settings.ADMINS = ADMINS
    mail.outbox.clear()
    return mail.outbox


def the_disk_is_full() -> int:
    raise OSError(28, "No space left on device")


def test_a_failed_tick_job_is_mailed_and_the_others_still_run(mailed_errors, monkeypatch, capsys):
    jobs = [TickJob("test.fails", the_disk_is_full, order=1), TICK_JOBS.get("sessions.clear_expired")]
    monkeypatch.setattr(TICK_JOBS, "all", lambda: jobs)

    with pytest.raises(SystemExit) as stopped:
        call_command("tick")

    assert stopped.value.code == 1
    assert "sessions.clear_expired: 0 handled" in capsys.readouterr().out
    assert len(mailed_errors) == 1
    assert mailed_errors[0].to == ["van-hanh@thuanhoa.example.gov.vn"]
    assert "test.fails" in mailed_errors[0].subject
    assert "No space left on device" in mailed_errors[0].body


def test_a_chain_the_head_file_does_not_confirm_is_mailed(mailed_errors, settings, tmp_path, desk_officer):
    settings.VIDAN_AUDIT_HEAD_FILE = str(tmp_path / "no-head-here")

    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify")

    assert len(mailed_errors) == 1
    assert "vidan audit verify" in mailed_errors[0].subject
    assert str(refused.value) in mailed_errors[0].subject + mailed_errors[0].body


def test_an_intact_chain_mails_nothing(mailed_errors, settings, tmp_path, desk_officer):
    settings.VIDAN_AUDIT_HEAD_FILE = str(tmp_path / "head")
    call_command("tick", "--only", "audit.export_head")

    call_command("audit", "verify")

    assert mailed_errors == []
