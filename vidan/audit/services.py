"""Appending to the audit log."""

from django.db import models, transaction
from django.utils import timezone

from vidan.audit.chain import GENESIS, canonical_data, canonical_ip, entry_hash
from vidan.audit.models import AuditEntry, AuditHead


@transaction.atomic(savepoint=False)  # an entry that fails fails its caller's change: no savepoint of its own
def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    commune=None,
    data: dict | None = None,
) -> AuditEntry:
    """Append one entry to the chain.

    Runs inside the caller's transaction, so the entry exists exactly when the change it records does.
    `actor` is a `vidan.org.actors.Actor`. The head row is locked so entries are chained one at a time.
    """
    head = AuditHead.objects.select_for_update().filter(pk=1).values_list("last_id", "last_hash").first()
    if head is None:
        AuditHead.objects.get_or_create(pk=1, defaults={"last_id": 0, "last_hash": GENESIS})
        head = AuditHead.objects.select_for_update().filter(pk=1).values_list("last_id", "last_hash").get()
    last_id, last_hash = head

    if commune is None and obj is not None:
        commune = getattr(obj, "commune", None)
    entry = AuditEntry(
        id=last_id + 1,
        at=timezone.now(),
        actor=actor.staff,
        actor_label=actor.label,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        commune=commune,
        ip=canonical_ip(actor.ip),
        data=canonical_data(data),
        prev_hash=last_hash,
    )
    entry.hash = hash_of(entry)
    entry.save(force_insert=True)
    AuditHead.objects.filter(pk=1).update(last_id=entry.id, last_hash=entry.hash)
    return entry


def hash_of(entry: AuditEntry) -> str:
    return entry_hash(
        prev_hash=entry.prev_hash,
        entry_id=entry.id,
        at=entry.at,
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        commune_id=entry.commune_id,
        ip=entry.ip,
        data=entry.data,
    )
