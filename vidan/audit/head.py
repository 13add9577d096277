"""The chain's head outside the database: a signed line with the number of entries and the last hash.

Whoever can write to the database but does not hold the key cannot recompute the chain (its hashes are keyed),
but could still delete its last entries and move the head row back: what is left is a valid chain. The head
file closes that gap. `vidan tick` writes it (`audit.export_head`) after checking that the chain still extends
the head it wrote last time; `vidan audit verify` checks that the entry the file names is still there with the
same hash. The line is signed with the chain's key, so the file cannot be written by someone without the key
either; keep copies of it off the machine (docs/operations.md), since an old copy put back in its place would
hide a cut made after it.

    vidan-audit-head v1 entries=1234 hash=<64 hex> at=2026-12-05T08:00:00+00:00 mac=<64 hex>
"""

import hashlib
import hmac
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from vidan.audit.chain import GENESIS
from vidan.audit.models import AuditEntry, AuditHead
from vidan.audit.services import audit_key
from vidan.audit.verify import audit_verify

LINE = re.compile(
    r"vidan-audit-head v1 entries=(?P<entries>\d+) hash=(?P<hash>[0-9a-f]{64}) at=(?P<at>\S+) mac=(?P<mac>[0-9a-f]{64})"
)

# Why a head file is refused, in English; `vidan audit verify` shows them translated.
FILE_MISSING = gettext_noop("the head file is missing")
FILE_UNREADABLE = gettext_noop("the head file cannot be read or is not a head line")
FILE_FORGED = gettext_noop("the head file's signature does not match the chain's key")
SHORTER = gettext_noop("the chain has fewer entries than the head file names: its end was cut")
REWRITTEN = gettext_noop("the entry the head file names has another hash: the chain was rewritten")


class HeadRefused(Exception):
    def __init__(self, reason: str, **params):
        self.reason, self.params = reason, params
        super().__init__(reason % params if params else reason)


@dataclass(frozen=True)
class HeadMark:
    entries: int
    last_hash: str
    at: datetime


def head_file_path() -> Path:
    return Path(settings.VIDAN_AUDIT_HEAD_FILE)


def _mac(body: str, key: bytes) -> str:
    # A domain of its own, so that no entry's hash can ever pass for a head's signature.
    return hmac.new(key, f"vidan-audit-head|{body}".encode(), hashlib.sha256).hexdigest()


def head_line(mark: HeadMark, key: bytes) -> str:
    body = f"vidan-audit-head v1 entries={mark.entries} hash={mark.last_hash} at={mark.at.isoformat()}"
    return f"{body} mac={_mac(body, key)}\n"


def head_parse(text: str, key: bytes) -> HeadMark:
    """The mark the line states, or HeadRefused when it is no head line or its signature does not match."""
    match = LINE.fullmatch(text.strip())
    if match is None:
        raise HeadRefused(FILE_UNREADABLE)
    body = text.strip().rsplit(" mac=", 1)[0]
    if not hmac.compare_digest(_mac(body, key), match["mac"]):
        raise HeadRefused(FILE_FORGED)
    try:
        at = datetime.fromisoformat(match["at"])
    except ValueError:
        raise HeadRefused(FILE_UNREADABLE) from None
    return HeadMark(int(match["entries"]), match["hash"], at)


def head_read(path: Path | None = None) -> HeadMark:
    path = path or head_file_path()
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise HeadRefused(FILE_MISSING) from None
    except (OSError, UnicodeDecodeError):
        raise HeadRefused(FILE_UNREADABLE) from None
    return head_parse(text, audit_key())


def head_matches(mark: HeadMark) -> None:
    """Raise HeadRefused unless the database's chain still holds the entry the mark names, with its hash."""
    if mark.entries == 0:
        return
    head = AuditHead.objects.filter(pk=1).first()
    if head is None or head.last_id < mark.entries:
        raise HeadRefused(SHORTER)
    stored = AuditEntry.objects.filter(id=mark.entries).values_list("hash", flat=True).first()
    if stored is None:
        raise HeadRefused(SHORTER)
    if not hmac.compare_digest(stored, mark.last_hash):
        raise HeadRefused(REWRITTEN)


class ChainBroken(Exception):
    pass


def audit_head_export(path: Path | None = None) -> int:
    """Write the chain's head to the head file, once the chain is known to extend the head written before.

    With a head file there, only the entries after it are checked; without one (the first run, or the file lost),
    the whole chain. A chain that does not extend the file, or a file that is not ours, is refused: the file is
    left as it is, so `vidan audit verify` keeps reporting what changed, and the tick fails loudly.
    """
    path = path or head_file_path()
    try:
        before = head_read(path)
    except HeadRefused as refusal:
        if refusal.reason != FILE_MISSING:
            raise
        before = HeadMark(0, GENESIS, timezone.now())
    head_matches(before)
    report = audit_verify(after=(before.entries, before.last_hash))
    if not report.ok:
        raise ChainBroken(f"audit chain broken at entry #{report.broken_at}: {report.reason}; head file not written")
    line = head_line(HeadMark(report.checked, report.last_hash, timezone.now()), audit_key())
    _write_atomically(path, line)
    return 1


def _write_atomically(path: Path, text: str) -> None:
    """Never a half-written file: a file of its own beside it, flushed to the disk, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o640)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
