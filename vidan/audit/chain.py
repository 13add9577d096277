"""The hash of an audit entry. Pure: the same fields and key always give the same hash.

The chain is keyed: each hash is an HMAC-SHA256 whose key lives in the environment (VIDAN_AUDIT_KEY), never in
the database, so someone who can write to the database cannot recompute the hashes of entries they change.
Entries written before the chain had a key carry a plain SHA-256 (`key=None`); `vidan audit rekey` moves them
onto the key, once.
"""

import hashlib
import hmac
import ipaddress
import json
from datetime import datetime

GENESIS = "0" * 64


def canonical_data(data: dict) -> dict:
    """`data` as the database will give it back: JSON types only, floats as text.

    PostgreSQL's jsonb rewrites some numbers (1e16, -0.0); keeping floats as text makes the hash computed
    before saving the same as the one recomputed after loading, on every database.
    """

    def plain(value):
        if isinstance(value, dict):
            return {str(key): plain(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        if value is None or isinstance(value, bool | int | str):
            return value
        return str(value)

    return plain(data or {})


def canonical_ip(ip: str | None) -> str | None:
    """The address as the database stores it (IPv6 compressed), or None when it is not an address."""
    if not ip:
        return None
    try:
        return ipaddress.ip_address(ip.strip()).compressed
    except ValueError:
        return None


def entry_hash(
    *,
    prev_hash: str,
    entry_id: int,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    commune_id: int | None,
    ip: str | None,
    data: dict,
    key: bytes | None,
) -> str:
    payload = json.dumps(
        [
            entry_id,
            at.isoformat(timespec="microseconds"),
            actor_id,
            actor_label,
            action,
            object_type,
            object_id,
            commune_id,
            ip,
            data,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    message = f"{prev_hash}|{payload}".encode()
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
