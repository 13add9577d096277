"""row_insert: the same row as save(force_insert=True), with the INSERT written once per connection."""

from datetime import timedelta

import pytest
from django.db.models.functions import Now
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from tests.clock import machine_now
from tests.factories import make_commune
from vidan.audit.models import AuditEntry
from vidan.core.rows import row_insert
from vidan.notify.models import OutboxMessage, OutboxState

pytestmark = pytest.mark.django_db


def message(commune, **fields) -> OutboxMessage:
    values = {"commune": commune, "channel": "sms", "recipient": "0912345678", "body": "Hồ sơ đã nhận", "kind": "x"}
    return OutboxMessage(**{**values, **fields})


def stored(obj) -> dict:
    """Every column of the row as the database gives it back."""
    row = type(obj).objects.filter(pk=obj.pk).values().get()
    row.pop("id")
    return row


def test_the_row_is_the_one_save_writes():
    # Given two messages alike but for their text, one saved by the ORM and one inserted
    commune = make_commune()
    later = timezone.now() + timedelta(minutes=5)
    saved = message(commune, body="một", next_attempt_at=later)
    saved.save(force_insert=True)
    inserted = row_insert(message(commune, body="hai", next_attempt_at=later))
    # Then each got its own key from the database, and their columns differ only where they were given apart
    assert inserted.pk and inserted.pk != saved.pk and not inserted._state.adding
    first, second = stored(saved), stored(inserted)
    assert second.pop("body") == "hai" and first.pop("body") == "một"
    assert second.pop("created_at") >= first.pop("created_at")  # auto_now_add, as save() sets it
    assert first == second and second["state"] == OutboxState.PENDING and second["next_attempt_at"] == later


def test_the_statement_written_once_serves_every_next_row():
    commune = make_commune()
    rows = [row_insert(message(commune, recipient=f"09123456{n:02d}")) for n in range(5)]
    assert len({row.pk for row in rows}) == 5
    assert list(
        OutboxMessage.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk").values_list("recipient", flat=True)
    ) == [f"09123456{n:02d}" for n in range(5)]


def test_a_given_key_and_json_are_written_as_given():
    entry = AuditEntry(
        id=987654,
        at=timezone.now(),
        actor_label="citizen",
        action="test.rows",
        data={"from": "", "to": "submitted", "files": 2, "note": "Đủ"},
        prev_hash="0" * 64,
        hash="f" * 64,
    )
    row_insert(entry)
    back = AuditEntry.objects.get(pk=987654)
    assert back.data == {"from": "", "to": "submitted", "files": 2, "note": "Đủ"} and back.at == entry.at


def test_the_save_signals_are_sent_as_save_sends_them():
    # Given receivers of pre_save and post_save for the model, the first changing the row before it is written
    heard = []

    def before(sender, instance, raw, using, update_fields, **kwargs):
        instance.subject = "đã sửa"
        heard.append(("before", instance.pk))

    def after(sender, instance, created, raw, using, update_fields, **kwargs):
        heard.append(("after", instance.pk, created))

    pre_save.connect(before, sender=OutboxMessage)
    post_save.connect(after, sender=OutboxMessage)
    try:
        row = row_insert(message(make_commune()))
    finally:
        pre_save.disconnect(before, sender=OutboxMessage)
        post_save.disconnect(after, sender=OutboxMessage)
    # Then both heard of it, in order, and what the first changed was written
    assert heard == [("before", None), ("after", row.pk, True)]
    assert OutboxMessage.objects.get(pk=row.pk).subject == "đã sửa"


@pytest.mark.clock
def test_a_database_expression_is_left_to_the_orm():
    row = row_insert(message(make_commune(), sent_at=Now()))
    row.refresh_from_db()
    # The database read its own clock, the machine's: compare with that one, even while the tests travel in time.
    assert abs(row.sent_at - machine_now()) < timedelta(minutes=1)


def test_an_unsaved_related_row_is_refused_as_save_refuses_it():
    from vidan.org.models import Commune

    with pytest.raises(ValueError, match="unsaved related object"):
        row_insert(message(Commune(slug="chua-luu")))
    assert not OutboxMessage.objects.exists()
