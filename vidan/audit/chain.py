"""The hash of an audit entry. Pure: the same fields always give the same hash."""

import hashlib
import json
from datetime import datetime

GENESIS = "0" * 64


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
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()
