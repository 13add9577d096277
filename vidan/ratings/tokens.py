"""The one-time tokens of the rating links, and the kiosks' keys.

A token is derived from the site's secret and what it rates (kind, id, channel), so that a receipt printed again
carries the same link; the database keeps only its SHA-256, so a copy of the database opens no link. 128 bits,
written in 26 base-32 letters and digits (easy to read on a small screen, nothing to escape in an address)."""

import base64
import hashlib
import secrets

from django.utils.crypto import salted_hmac

_SALT = "vidan.ratings.token"
TOKEN_LENGTH = 26


def _letters(raw: bytes) -> str:
    return base64.b32encode(raw[:16]).decode("ascii").rstrip("=").lower()


def token_for(kind: str, subject_id: int, channel: str) -> str:
    """The token of the link to rate `kind` `subject_id` reached by `channel`."""
    return _letters(salted_hmac(_SALT, f"{kind}:{int(subject_id)}:{channel}", algorithm="sha256").digest())


def token_random() -> str:
    return _letters(secrets.token_bytes(16))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().lower().encode("utf-8", "replace")).hexdigest()


def token_well_formed(token: str) -> bool:
    return len(token) == TOKEN_LENGTH and all(c in "abcdefghijklmnopqrstuvwxyz234567" for c in token)
