"""Official dossier codes: V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX (NĐ 61/2018 Art. 26; TT 01/2018 Art. 19), and
the tracking reference an online dossier carries until the desk receives it and gives it its code.

The agency identifier, the day of receipt and a four-digit sequence for that agency and day. The sequence is
taken under a row lock in the receiving transaction, so concurrent receipts get consecutive numbers and a
rolled-back receipt gives its number back.
"""

import re
import secrets
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from vidan.core.errors import DomainError
from vidan.onestop.models import DossierSequence

MAX_PER_DAY = 9999


def dossier_code(agency_code: str, day: date, number: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"


def dossier_number_take(*, agency_code: str, day: date) -> int:
    """The next number for this agency and day. Caller is inside the receiving transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("dossier numbers are taken inside the transaction that uses them")
    sequence = DossierSequence.objects.select_for_update().filter(agency_code=agency_code, day=day).first()
    if sequence is None:
        try:
            with transaction.atomic():  # a savepoint: losing the race to create the row is not an error
                DossierSequence.objects.create(agency_code=agency_code, day=day, last=0)
        except IntegrityError:
            pass
        sequence = DossierSequence.objects.select_for_update().get(agency_code=agency_code, day=day)
    if sequence.last >= MAX_PER_DAY:
        raise DomainError(_("The daily sequence of dossier numbers is exhausted for this agency."))
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


# Letters and digits a citizen reads back without doubt: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
REFERENCE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
REFERENCE = re.compile(rf"^TT\d{{6}}-[{REFERENCE_ALPHABET}]{{6}}$")


def reference_new(day: date) -> str:
    """A tracking reference for an online dossier before its receipt: "TT" + the day + six random characters,
    e.g. TT261127-K7QX9M. Random, so references say nothing about how many dossiers a commune gets."""
    return f"TT{day:%y%m%d}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


# A six-digit PIN has a million values: a slow password hash would not save it from someone holding the
# table, and costs a citizen's submission a third of a second. It is kept as an HMAC keyed with the
# deployment's secret and salted per dossier: useless without the key, checked in microseconds, and the
# online guessing is what the lookup's attempt limits stop.
PIN_HASH_PREFIX = "hmac-sha256"


def _pin_digest(pin: str, salt: str, secret: str | None = None) -> str:
    return salted_hmac("vidan.onestop.pin", f"{salt}:{pin}", secret=secret, algorithm="sha256").hexdigest()


def pin_new() -> tuple[str, str]:
    """A six-digit PIN for the citizen and its hash to store."""
    pin = f"{secrets.randbelow(1_000_000):06d}"
    return pin, pin_hash_of(pin)


def pin_hash_of(pin: str) -> str:
    salt = secrets.token_hex(8)
    return f"{PIN_HASH_PREFIX}${salt}${_pin_digest(pin, salt)}"


def pin_matches(pin: str, pin_hash: str) -> bool:
    if not pin_hash or not pin.isdigit():
        return False
    if pin_hash.startswith(PIN_HASH_PREFIX + "$"):
        _prefix, salt, digest = pin_hash.split("$", 2)
        # The current secret, then the ones it replaced: rotating SECRET_KEY keeps the PINs already given.
        return any(
            constant_time_compare(digest, _pin_digest(pin, salt, secret))
            for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
        )
    return check_password(pin, pin_hash)  # a PIN stored before, with the password hasher
