import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import SYSTEM, make_department
from vidan.audit.models import AuditEntry
from vidan.audit.services import audit_record
from vidan.audit.verify import audit_verify


def test_every_state_change_is_recorded_and_chained(commune):
    # given a commune, when a department is added
    department = make_department(commune, name="Bộ phận một cửa")

    # then the log holds its creation, chained to the entry before it
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.action == "org.department.create"
    assert entry.object_id == str(department.pk)
    assert entry.commune == commune
    previous = AuditEntry.objects.get(id=entry.id - 1)
    assert entry.prev_hash == previous.hash
    assert audit_verify().ok


def test_verify_finds_a_row_edited_with_raw_sql(commune):
    # given a chain of several entries
    for n in range(5):
        audit_record(actor=SYSTEM, action="test.step", commune=commune, data={"n": n})
    target = AuditEntry.objects.filter(action="test.step").order_by("id")[2]

    # when someone edits one row behind the application's back
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEntry._meta.db_table} SET action = %s WHERE id = %s", ["test.forged", target.id])

    # then verify reports exactly that entry, and the command fails
    report = audit_verify()
    assert not report.ok
    assert report.broken_at == target.id
    with pytest.raises(CommandError, match=f"#{target.id}"):
        call_command("audit", "verify")


def test_verify_finds_a_deleted_row(commune):
    for n in range(4):
        audit_record(actor=SYSTEM, action="test.step", commune=commune, data={"n": n})
    victim = AuditEntry.objects.filter(action="test.step").order_by("id")[1]

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [victim.id])

    report = audit_verify()
    assert report.broken_at == victim.id
    assert report.reason == "missing entry"


def test_verify_finds_the_newest_row_deleted(commune):
    for n in range(3):
        audit_record(actor=SYSTEM, action="test.step", commune=commune, data={"n": n})
    last = AuditEntry.objects.order_by("-id").first()

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [last.id])

    assert not audit_verify().ok


def test_intact_chain_passes_the_command(commune, capsys):
    audit_record(actor=SYSTEM, action="test.step", commune=commune, data={"text": "Thuận Hóa"})
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out
