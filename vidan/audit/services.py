"""Appending to the audit log, and moving a chain written before it had a key onto the key."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.audit.chain import GENESIS, canonical_data, canonical_ip, entry_hash
from vidan.audit.models import AuditEntry, AuditHead
from vidan.core.errors import DomainError
from vidan.core.rows import row_insert


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
    `actor` is a `vidan.org.actors.Actor`. The head row is locked so entries are chained one at a time, until
    the caller's transaction ends: record last, when the rest of the change is written.
    """
    connection = transaction.get_connection()
    head = _head_lock(connection)
    if head is None:
        AuditHead.objects.get_or_create(pk=1, defaults={"last_id": 0, "last_hash": GENESIS})
        head = _head_lock(connection)
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
    row_insert(entry)
    _head_move(connection, entry)
    return entry


# The chain's head is read and moved on every audited write: two short statements, written out once per kind of
# database rather than compiled by the ORM each time (the ORM took longer to write them than the database to
# run them). vendor -> (SELECT, UPDATE).
_HEAD_SQL: dict[str, tuple[str, str]] = {}


def _head_sql(connection) -> tuple[str, str]:
    statements = _HEAD_SQL.get(connection.vendor)
    if statements is None:
        name, meta = connection.ops.quote_name, AuditHead._meta
        table, pk = name(meta.db_table), name(meta.pk.column)
        last_id, last_hash = name(meta.get_field("last_id").column), name(meta.get_field("last_hash").column)
        # SQLite has no FOR UPDATE: there the transaction holds the database's write lock.
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        statements = _HEAD_SQL[connection.vendor] = (
            f"SELECT {last_id}, {last_hash} FROM {table} WHERE {pk} = 1{lock}",
            f"UPDATE {table} SET {last_id} = %s, {last_hash} = %s WHERE {pk} = 1",
        )
    return statements


def _head_lock(connection) -> tuple[int, str] | None:
    """The head's last id and hash, its row locked until the transaction ends; None before the first entry."""
    with connection.cursor() as cursor:
        cursor.execute(_head_sql(connection)[0])
        return cursor.fetchone()


def _head_move(connection, entry: AuditEntry) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_head_sql(connection)[1], [entry.id, entry.hash])


def audit_key() -> bytes:
    """The chain's key, from the environment (settings.VIDAN_AUDIT_KEY); never stored in the database."""
    return settings.VIDAN_AUDIT_KEY.encode()


def hash_of(entry: AuditEntry, *, keyed: bool = True) -> str:
    """The entry's hash under the chain's key, or (`keyed=False`) the plain SHA-256 entries had before the key."""
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
        key=audit_key() if keyed else None,
    )


class RekeyRefused(DomainError):
    code = "audit_rekey_refused"


REKEY_BATCH = 2000


def _broken(entry_id: int) -> RekeyRefused:
    return RekeyRefused(
        _("The audit chain is broken at entry #%(id)d: run `vidan audit verify`. Nothing was changed.")
        % {"id": entry_id}
    )


@transaction.atomic
def audit_chain_rekey(*, actor, head_file_exists: bool) -> AuditEntry:
    """Move the entries hashed before the chain had a key (plain SHA-256) onto the key, once, and record it.

    Refused when the head file exists (the chain has been keyed and exported: its plain-hashed entries would be a
    rewrite, not history), when no entry is plain, and when the chain is broken: each entry must match its hash,
    plain or keyed, and link to the one before, and the plain ones must all come before the keyed ones (entries
    written after the upgrade and before this command). The head stays locked throughout, so nothing is appended
    in between. The entry it writes names how many entries were moved and the head's hash before.
    """
    if head_file_exists:
        raise RekeyRefused(_("The audit chain already has a key: its head file exists. Nothing was changed."))
    connection = transaction.get_connection()
    head = _head_lock(connection)
    if head is None:
        raise RekeyRefused(_("The audit log is empty: there is nothing to move onto the key."))
    last_id, old_head_hash = head
    prev_stored, prev_new, expected_id, plain, seen_keyed = GENESIS, GENESIS, 1, 0, False
    while expected_id <= last_id:
        rows = list(AuditEntry.objects.filter(id__gte=expected_id, id__lte=last_id).order_by("id")[:REKEY_BATCH])
        for entry in rows:
            if entry.id != expected_id or entry.prev_hash != prev_stored:
                raise _broken(expected_id)
            stored = entry.hash
            if not seen_keyed and hash_of(entry, keyed=False) == stored:
                plain += 1
            elif hash_of(entry) == stored:
                seen_keyed = True
            else:
                raise _broken(entry.id)
            entry.prev_hash = prev_new
            entry.hash = hash_of(entry)
            prev_stored, prev_new, expected_id = stored, entry.hash, entry.id + 1
        if not rows:
            raise _broken(expected_id)
        if plain:
            AuditEntry.objects.bulk_update(rows, ["prev_hash", "hash"])
    if plain == 0:
        raise RekeyRefused(_("Every entry of the audit chain already has the key. Nothing was changed."))
    AuditHead.objects.filter(pk=1).update(last_hash=prev_new)
    return audit_record(
        actor=actor,
        action="audit.chain.rekey",
        data={"entries": last_id, "plain": plain, "previous_head": old_head_hash},
    )
