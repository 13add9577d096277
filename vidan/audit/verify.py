"""Walking the chain to find the first entry that does not match its hash or its predecessor."""

from collections.abc import Callable
from dataclasses import dataclass

from vidan.audit.chain import GENESIS
from vidan.audit.models import AuditEntry, AuditHead
from vidan.audit.services import hash_of


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def audit_verify(*, batch: int = 5000, progress: Callable[[int], None] | None = None) -> ChainReport:
    """Recompute every hash in id order up to the head read at the start; report the first broken link."""
    head = AuditHead.objects.filter(pk=1).first()
    end = head.last_id if head is not None else 0
    prev_hash, expected_id, checked, last_id = GENESIS, 1, 0, 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id, id__lte=end).order_by("id")[:batch])
        if not rows:
            break
        for entry in rows:
            if entry.id != expected_id:
                return ChainReport(checked, expected_id, "missing entry")
            if entry.prev_hash != prev_hash:
                return ChainReport(checked, entry.id, "link to the previous entry does not match")
            if hash_of(entry) != entry.hash:
                return ChainReport(checked, entry.id, "content does not match its hash")
            prev_hash, expected_id, checked = entry.hash, entry.id + 1, checked + 1
        last_id = rows[-1].id
        if progress:
            progress(checked)
    if head is None:
        if AuditEntry.objects.exists():
            return ChainReport(0, AuditEntry.objects.order_by("id").first().id, "entries without a chain head")
        return ChainReport(0)
    if head.last_id != expected_id - 1 or head.last_hash != prev_hash:
        return ChainReport(checked, expected_id if checked < head.last_id else head.last_id, "chain was cut at its end")
    return ChainReport(checked)
