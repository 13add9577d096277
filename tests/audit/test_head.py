"""The keyed chain and its head file: what someone who can write to the database, but holds neither the key nor
the head file, can no longer hide."""

import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import SYSTEM
from vidan.audit.chain import GENESIS
from vidan.audit.models import AuditEntry, AuditHead
from vidan.audit.services import audit_record, hash_of
from vidan.audit.verify import audit_verify


def chain_of(commune, n: int) -> list[AuditEntry]:
    for step in range(n):
        audit_record(actor=SYSTEM, action="test.step", commune=commune, data={"n": step})
    return list(AuditEntry.objects.order_by("id"))


def head_export():
    call_command("tick", "--only", "audit.export_head")


def verify_fails() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")
    return str(failure.value)


def recompute_plain(*, forged_id: int) -> None:
    """What an attacker with write access to the database does: change an entry, then recompute every hash from
    there with the chain's published formula (no key), and move the head row to the new last hash."""
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET action = %s WHERE id = %s", ["test.forged", forged_id])
    prev = GENESIS
    for entry in AuditEntry.objects.order_by("id"):
        entry.prev_hash = prev
        new_hash = hash_of(entry, keyed=False)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET prev_hash = %s, hash = %s WHERE id = %s", [prev, new_hash, entry.id])
        prev = new_hash
    AuditHead.objects.filter(pk=1).update(last_hash=prev)


def cut_tail(keep: int) -> None:
    """Delete every entry after `keep` and move the head back to it: what is left is a valid chain."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id > %s", [keep])
    kept = AuditEntry.objects.get(id=keep)
    AuditHead.objects.filter(pk=1).update(last_id=keep, last_hash=kept.hash)


def test_an_intact_chain_with_its_head_exported_is_reported_intact(commune, capsys, audit_head_file):
    # given a chain (the commune's creation and three steps), its head exported by the timer, and entries since
    chain_of(commune, 3)
    head_export()
    chain_of(commune, 2)

    # when the operator verifies it
    call_command("audit", "verify")

    # then it is intact, the head file confirming the entries it was written after
    out = capsys.readouterr().out
    assert "Chuỗi nhật ký kiểm tra nguyên vẹn: đã kiểm tra 6 mục" in out
    assert "xác nhận 4 mục đầu tiên" in out
    assert audit_head_file.read_text().startswith("vidan-audit-head v1 entries=4 ")


def test_a_chain_recomputed_without_the_key_is_reported_broken(commune):
    # given a chain whose head was exported
    entries = chain_of(commune, 4)
    head_export()

    # when an attacker edits an entry and recomputes every hash with the plain formula
    recompute_plain(forged_id=entries[2].id)

    # then verify names the first entry, as hashed without the key, and fails
    assert not audit_verify().ok
    message = verify_fails()
    assert f"#{entries[0].id}" in message and "không có khóa của chuỗi" in message


def test_a_whole_chain_recomputed_before_any_export_is_reported_broken(commune):
    entries = chain_of(commune, 3)
    recompute_plain(forged_id=entries[1].id)

    report = audit_verify()

    assert report.broken_at == entries[0].id
    assert "without the chain's key" in report.reason


def test_a_cut_tail_with_the_head_moved_back_is_reported_broken(commune):
    # given five entries, the head exported
    chain_of(commune, 5)
    head_export()

    # when the last two are deleted and the head row moved back to the third
    cut_tail(keep=3)

    # then the chain alone looks fine, but the head file shows the cut
    assert audit_verify().ok
    message = verify_fails()
    assert "phần cuối đã bị cắt" in message and "có 3 mục" in message


def test_a_cut_tail_grown_again_by_new_entries_is_reported_rewritten(commune):
    chain_of(commune, 5)
    head_export()
    cut_tail(keep=3)

    # the application goes on writing: entries #4 to #6 again, with other content
    chain_of(commune, 3)

    assert audit_verify().ok
    assert "chuỗi đã bị viết lại" in verify_fails()


def test_the_timer_refuses_to_sign_a_cut_chain_and_keeps_the_old_head(commune, audit_head_file, capsys):
    chain_of(commune, 4)
    head_export()
    before = audit_head_file.read_text()
    cut_tail(keep=2)

    with pytest.raises(SystemExit):
        head_export()

    assert "audit.export_head: FAILED" in capsys.readouterr().err
    assert audit_head_file.read_text() == before
    assert "phần cuối đã bị cắt" in verify_fails()


def test_a_missing_head_file_is_reported(commune, audit_head_file):
    chain_of(commune, 2)

    message = verify_fails()

    assert "thiếu tệp đầu chuỗi" in message and str(audit_head_file) in message


def test_a_head_file_edited_by_hand_is_reported(commune, audit_head_file):
    # given a head file, edited to name fewer entries (as if to make room for a cut)
    chain_of(commune, 4)
    head_export()
    audit_head_file.write_text(audit_head_file.read_text().replace("entries=5 ", "entries=2 "))

    # then its signature no longer matches, for verify and for the timer
    assert "chữ ký của tệp đầu chuỗi không khớp" in verify_fails()
    with pytest.raises(SystemExit):
        head_export()


def test_the_chain_is_checked_under_the_key_of_the_deployment(commune, settings):
    chain_of(commune, 2)
    head_export()

    settings.VIDAN_AUDIT_KEY = "another-deployment-key-0123456789abcdef"

    # the entries' hashes fail first: under another key no hash matches
    assert "tại mục #1: nội dung không khớp với mã băm của nó" in verify_fails()


def test_the_timer_is_idempotent(commune, audit_head_file):
    chain_of(commune, 2)
    head_export()
    head_export()
    assert "entries=3 " in audit_head_file.read_text()
    call_command("audit", "verify")


# -- a chain written before the key ----------------------------------------------------------------------


def legacy_chain(commune, n: int) -> list[AuditEntry]:
    """Entries as the platform wrote them before the chain had a key: plain SHA-256 hashes."""
    chain_of(commune, n)
    recompute_plain(forged_id=0)  # no entry has id 0: only the hashes change
    return list(AuditEntry.objects.order_by("id"))


def test_rekey_moves_a_chain_from_before_the_key_onto_it_once_and_records_it(commune, capsys):
    # given entries from before the key, and one written since the upgrade (keyed)
    legacy = legacy_chain(commune, 3)
    audit_record(actor=SYSTEM, action="test.after_upgrade", commune=commune)
    assert "không có khóa của chuỗi" in verify_fails()
    with pytest.raises(SystemExit):
        head_export()  # the timer will not sign a chain it cannot verify

    # when the operator runs rekey
    call_command("audit", "rekey")

    # then the chain verifies under the key, every entry kept, and the move is itself an entry of the log
    assert "4 mục được băm trước khi có khóa" in capsys.readouterr().out  # the commune's creation and 3 steps
    assert audit_verify().ok
    moved = AuditEntry.objects.get(action="audit.chain.rekey")
    assert moved.data["plain"] == 4 and moved.data["entries"] == 5
    assert moved.data["previous_head"] != AuditHead.objects.get().last_hash
    assert [e.action for e in AuditEntry.objects.order_by("id")][:4] == [e.action for e in legacy]
    head_export()
    call_command("audit", "verify")

    # and it cannot be run again
    with pytest.raises(CommandError, match="đã có khóa"):
        call_command("audit", "rekey")


def test_rekey_refuses_a_plain_entry_after_a_keyed_one(commune):
    # given a keyed chain in which an attacker rewrote the last entry with the plain formula
    entries = chain_of(commune, 3)
    last = entries[-1]
    last.action = "test.forged"
    forged = hash_of(last, keyed=False)
    AuditEntry.objects.filter(id=last.id).update(action="test.forged", hash=forged)
    AuditHead.objects.filter(pk=1).update(last_hash=forged)

    with pytest.raises(CommandError, match=f"#{last.id}"):
        call_command("audit", "rekey")
    assert AuditEntry.objects.get(id=last.id).hash == forged  # nothing changed


def test_production_refuses_to_start_without_the_audit_key(tmp_path):
    environ = {
        "PATH": os.environ["PATH"],
        "VIDAN_ENV_FILE": "",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "VIDAN_AUDIT_HEAD_FILE": str(tmp_path / "head"),
        "VIDAN_DATA_DIR": str(tmp_path / "data"),
        "VIDAN_SMS_SENDER": "console",
    }
    code = "import vidan.config.settings"

    without = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True)
    with_key = subprocess.run(
        [sys.executable, "-c", code], env={**environ, "VIDAN_AUDIT_KEY": "k" * 32}, capture_output=True, text=True
    )
    without_file = subprocess.run(
        [sys.executable, "-c", code],
        env={**environ, "VIDAN_AUDIT_KEY": "k" * 32, "VIDAN_AUDIT_HEAD_FILE": ""},
        capture_output=True,
        text=True,
    )

    assert without.returncode != 0 and "VIDAN_AUDIT_KEY must be set" in without.stderr
    assert with_key.returncode == 0, with_key.stderr
    assert without_file.returncode != 0 and "VIDAN_AUDIT_HEAD_FILE must be set" in without_file.stderr
