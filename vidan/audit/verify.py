"""Walking the chain to find the first entry that does not match its hash or its predecessor."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from vidan.audit.chain import GENESIS
from vidan.audit.models import AuditEntry, AuditHead
from vidan.audit.services import hash_of

# The reasons a report gives, in English; `vidan audit verify` shows them translated.
MISSING = gettext_noop("missing entry")
LINK = gettext_noop("link to the previous entry does not match")
CONTENT = gettext_noop("content does not match its hash")
UNKEYED = gettext_noop("hashed without the chain's key (rewritten, or written before the key and never moved onto it)")
NO_HEAD = gettext_noop("entries without a chain head")
CUT = gettext_noop("chain was cut at its end")


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""
    last_hash: str = GENESIS  # of the last entry checked

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def audit_verify(
    *,
    batch: int = 5000,
    progress: Callable[[int], None] | None = None,
    after: tuple[int, str] = (0, GENESIS),
) -> ChainReport:
    """Recompute every hash in id order up to the head read at the start; report the first broken link.

    `after` = (id, hash) starts the walk after an entry already known good (the head file's), rather than at the
    first entry: the entries up to it are then taken as checked.
    """
    head = AuditHead.objects.filter(pk=1).first()
    end = head.last_id if head is not None else 0
    last_id, prev_hash = after
    expected_id, checked = last_id + 1, last_id
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id, id__lte=end).order_by("id")[:batch])
        if not rows:
            break
        for entry in rows:
            if entry.id != expected_id:
                return ChainReport(checked, expected_id, MISSING, prev_hash)
            if entry.prev_hash != prev_hash:
                return ChainReport(checked, entry.id, LINK, prev_hash)
            if hash_of(entry) != entry.hash:
                reason = UNKEYED if hash_of(entry, keyed=False) == entry.hash else CONTENT
                return ChainReport(checked, entry.id, reason, prev_hash)
            prev_hash, expected_id, checked = entry.hash, entry.id + 1, checked + 1
        last_id = rows[-1].id
        if progress:
            progress(checked)
    if head is None:
        if AuditEntry.objects.exists():
            return ChainReport(0, AuditEntry.objects.order_by("id").first().id, NO_HEAD)
        return ChainReport(0)
    if head.last_id != expected_id - 1 or head.last_hash != prev_hash:
        return ChainReport(checked, expected_id if checked < head.last_id else head.last_id, CUT, prev_hash)
    return ChainReport(checked, last_hash=prev_hash)
