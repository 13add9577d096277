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
    call_command("tick", "--only", "audit.export_head")
    call_command("audit", "verify")
    assert "Chuỗi nhật ký kiểm tra nguyên vẹn" in capsys.readouterr().out


def test_chain_survives_what_the_database_does_to_values(commune):
    # given an IPv6 address written in long form, floats and nested data, and the actor's row deleted later
    from tests.factories import make_staff
    from vidan.org.actors import Actor

    member = make_staff(commune)
    actor = Actor(staff=member, ip="2001:0DB8:0000:0000:0000:0000:0000:0001")
    audit_record(
        actor=actor,
        action="test.values",
        commune=commune,
        data={"ratio": 1e16, "zero": -0.0, "nested": {"b": [1, "hai"], "a": "Thuận Hóa"}, 3: True},
    )
    member_id = member.id
    member.grants.all().delete()
    member.delete()

    # then the entry stores the canonical forms and the chain still verifies
    entry = AuditEntry.objects.get(action="test.values")
    assert entry.ip == "2001:db8::1"
    assert entry.actor_id == member_id
    assert audit_verify().ok


def test_an_invalid_address_is_not_stored(commune):
    from vidan.org.actors import Actor

    audit_record(actor=Actor(ip="not-an-ip"), action="test.ip", commune=commune)
    assert AuditEntry.objects.get(action="test.ip").ip is None
    assert audit_verify().ok


def test_verify_ignores_entries_appended_after_it_started(commune, monkeypatch):
    from vidan.audit import verify as verify_module

    audit_record(actor=SYSTEM, action="test.step", commune=commune)
    real_filter = AuditEntry.objects.filter
    appended = []

    def filter_then_append(*args, **kwargs):
        if not appended:
            appended.append(audit_record(actor=SYSTEM, action="test.late", commune=commune))
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(verify_module.AuditEntry.objects, "filter", filter_then_append)
    report = audit_verify()
    assert report.ok, report
    assert appended
