"""The citizen's lookup of a dossier by its code: the status for anyone who has the code, the personal
details only with the PIN. Wrong PINs are counted per dossier and per address, audited, and stopped for a
while after a few."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from vidan import workdays
from vidan.audit.services import audit_record
from vidan.onestop.codes import REFERENCE, pin_matches
from vidan.onestop.models import Dossier, DossierEvent
from vidan.onestop.services import commune_calendar
from vidan.org.actors import Actor

MAX_WRONG_PER_DOSSIER = 5
MAX_WRONG_PER_ADDRESS = 20
WINDOW_SECONDS = 15 * 60


@dataclass(frozen=True)
class PublicDossier:
    dossier: Dossier
    events: list[DossierEvent]
    standing: workdays.Standing | None
    with_details: bool

    @property
    def late_days(self) -> int:
        return -self.standing.remaining if self.standing is not None and self.standing.late else 0


def dossier_by_code(code: str) -> Dossier | None:
    code = (code or "").strip().upper()
    if not code or len(code) > 40:
        return None
    # An online dossier before its receipt is known by its tracking reference (and keeps it afterwards).
    by = {"reference": code} if REFERENCE.match(code) else {"code": code}
    try:
        # get(), not first(): first() adds ORDER BY id, and SQLite then walks the primary key instead of using
        # the unique index on the code.
        return Dossier.objects.select_related("procedure", "commune__unit", "commune__unit__parent").get(**by)
    except Dossier.DoesNotExist:
        return None


def public_view(dossier: Dossier, *, with_details: bool) -> PublicDossier:
    events = list(DossierEvent.objects.filter(dossier=dossier).order_by("id"))
    standing = None
    if dossier.due_at is not None and dossier.returned_at is None and dossier.finished_at is None:
        standing = workdays.standing(commune_calendar(dossier.commune), dossier.due_at, timezone.now())
    return PublicDossier(dossier, events, standing, with_details)


def _keys(dossier: Dossier, ip: str | None) -> tuple[str, str]:
    return f"vidan:pin-wrong:dossier:{dossier.pk}", f"vidan:pin-wrong:ip:{ip or '-'}"


def pin_blocked(dossier: Dossier, ip: str | None) -> bool:
    by_dossier, by_address = _keys(dossier, ip)
    return (cache.get(by_dossier, 0) >= MAX_WRONG_PER_DOSSIER) or (cache.get(by_address, 0) >= MAX_WRONG_PER_ADDRESS)


def pin_check(*, dossier: Dossier, pin: str, ip: str | None) -> bool:
    """Whether `pin` opens this dossier's details. Every attempt is audited; the caller checks pin_blocked
    first."""
    actor = Actor(ip=ip, label_override="citizen")
    ok = pin_matches((pin or "").strip(), dossier.pin_hash)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="onestop.lookup.details" if ok else "onestop.lookup.wrong_pin",
            obj=dossier,
            commune=dossier.commune,
        )
    if not ok:
        for key in _keys(dossier, ip):
            cache.add(key, 0, WINDOW_SECONDS)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, WINDOW_SECONDS)
    return ok
