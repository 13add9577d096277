"""Recovery codes: single-use codes that stand in for the authenticator app's at login, when the phone is lost.

Ten are issued when an authenticator is set up, and again on request (which cancels the ones before). Each is
shown once and kept only as a hash. A code has some 59 random bits (12 characters of 31), so a plain SHA-256 is
enough to keep it from being read back from the database (there is no dictionary to try) and lets a login find
it by its hash in one query. A wrong code typed at the second step counts like a wrong authenticator code
(org/login.py), so guessing is bounded by the same lock-out.
"""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from vidan.audit.services import audit_record
from vidan.org.actors import Actor
from vidan.org.models import RecoveryCode, Staff

RECOVERY_CODES = 10
# No 0/O, 1/I/L: a code read from paper is typed right the first time.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 12  # in groups of four: ABCD-EFGH-JKMN


def recovery_code_new() -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(code[i : i + 4] for i in range(0, LENGTH, 4))


def recovery_code_normal(typed: str) -> str:
    """The code as it was issued, whatever the case and the spaces or dashes typed with it."""
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())


def recovery_code_hash(typed: str) -> str:
    return hashlib.sha256(recovery_code_normal(typed).encode()).hexdigest()


def recovery_codes_left(staff: Staff) -> int:
    return RecoveryCode.objects.filter(staff=staff, used_at__isnull=True).count()


@transaction.atomic
def recovery_codes_issue(*, actor: Actor, staff: Staff) -> list[str]:
    """New codes for `staff`, which cancel every code issued before. Returns them, to be shown once."""
    RecoveryCode.objects.filter(staff=staff).delete()
    now = timezone.now()
    codes = [recovery_code_new() for _ in range(RECOVERY_CODES)]
    rows = [RecoveryCode(staff=staff, code_hash=recovery_code_hash(code), created_at=now) for code in codes]
    for row in rows:
        row.full_clean(exclude=["staff", "code_hash"])  # the hash's uniqueness is the database's to enforce
    RecoveryCode.objects.bulk_create(rows)
    audit_record(
        actor=actor, action="auth.recovery_codes_issued", obj=staff, commune=staff.commune, data={"count": len(codes)}
    )
    return codes


def recovery_code_use(*, staff: Staff, typed: str, ip: str | None) -> int | None:
    """Spend the unused code `typed`, if it is one of `staff`'s; return how many are left, or None when it is not.

    The caller holds the staff member's row lock in its transaction, so a code is spent once even when typed in
    two browsers at the same moment.
    """
    code = RecoveryCode.objects.filter(staff=staff, code_hash=recovery_code_hash(typed), used_at__isnull=True).first()
    if code is None:
        return None
    code.used_at = timezone.now()
    code.save(update_fields=["used_at"])
    left = recovery_codes_left(staff)
    audit_record(
        actor=Actor(staff=staff, ip=ip),
        action="auth.recovery_code_used",
        obj=staff,
        commune=staff.commune,
        data={"left": left},
    )
    return left
