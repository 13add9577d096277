"""The citizen's lookup of a dossier by its code: the status for anyone who has the code, the personal
details only with the PIN. Wrong PINs are counted per dossier and per address, audited, and stopped for a
while after a few."""

import contextlib
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from vidan import workdays
from vidan.audit.services import audit_record
from vidan.core.throttle import window_count
from vidan.onestop.codes import REFERENCE, pin_matches
from vidan.onestop.models import Dossier, DossierEvent, DossierStatus, Procedure
from vidan.onestop.services import commune_calendar
from vidan.org.actors import Actor
from vidan.org.models import Commune
from vidan.org.selectors import PUBLIC_COMMUNE_TTL

MAX_WRONG_PER_DOSSIER = 5
MAX_WRONG_PER_ADDRESS = 20
WINDOW_SECONDS = 15 * 60
# Seconds a new name of a procedure or a commune may take to show on the lookup page, as on the commune's site.
RELATED_TTL = PUBLIC_COMMUNE_TTL
STATUS_LABELS = dict(DossierStatus.choices)
# The columns the lookup page, the API's lookup and the PIN check read. Any other is loaded when first used.
PUBLIC_FIELDS = (
    "id", "commune_id", "procedure_id", "code", "reference", "pin_hash", "status", "applicant_name",
    "applicant_phone", "applicant_address", "submitted_at", "received_at", "due_at", "apologised", "finished_at",
    "returned_at",
)  # fmt: skip


@dataclass(frozen=True)
class PublicStep:
    """A step of the dossier's life as the citizen sees it: when, the status it led to, the officer's note."""

    at: datetime
    to_status: str
    note: str

    @property
    def label(self) -> str:
        return STATUS_LABELS.get(self.to_status, self.to_status)


@dataclass(frozen=True)
class PublicDossier:
    dossier: Dossier
    events: list[PublicStep]
    standing: workdays.Standing | None
    with_details: bool

    @property
    def late_days(self) -> int:
        return -self.standing.remaining if self.standing is not None and self.standing.late else 0

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.dossier.status, self.dossier.status)


def dossier_by_code(code: str) -> Dossier | None:
    """The dossier with this code (or tracking reference): PUBLIC_FIELDS, with its procedure and its commune
    (with the commune's unit and the two above it) attached from the cache."""
    code = (code or "").strip().upper()
    if not code or len(code) > 40:
        return None
    # An online dossier before its receipt is known by its tracking reference (and keeps it afterwards).
    by = {"reference": code} if REFERENCE.match(code) else {"code": code}
    try:
        # get(), not first(): first() adds ORDER BY id, and SQLite then walks the primary key instead of using
        # the unique index on the code.
        dossier = Dossier.objects.only(*PUBLIC_FIELDS).get(**by)
    except Dossier.DoesNotExist:
        return None
    _related_attach(dossier)
    return dossier


def _related_attach(dossier: Dossier) -> None:
    """Give the dossier its procedure and commune from the cache, reading only what is not there.

    Joining them in the dossier's query builds four more model instances from some sixty columns on every
    lookup; a million dossiers share a few hundred procedures and communes.
    """
    procedure_key = f"vidan:onestop:public-procedure:{dossier.procedure_id}"
    commune_key = f"vidan:onestop:public-commune:{dossier.commune_id}"
    found = cache.get_many([procedure_key, commune_key])
    procedure, commune = found.get(procedure_key), found.get(commune_key)
    if procedure is None:
        procedure = Procedure.objects.get(pk=dossier.procedure_id)
        cache.set(procedure_key, procedure, RELATED_TTL)
    if commune is None:
        commune = Commune.objects.select_related("unit", "unit__parent", "unit__parent__parent").get(
            pk=dossier.commune_id
        )
        cache.set(commune_key, commune, RELATED_TTL)
    dossier.procedure, dossier.commune = procedure, commune


def public_view(dossier: Dossier, *, with_details: bool) -> PublicDossier:
    events = [
        PublicStep(*step)
        for step in DossierEvent.objects.filter(dossier_id=dossier.pk)
        .order_by("id")
        .values_list("at", "to_status", "note")
    ]
    standing = None
    if dossier.due_at is not None and dossier.returned_at is None and dossier.finished_at is None:
        standing = workdays.standing(commune_calendar(dossier.commune), dossier.due_at, timezone.now())
    return PublicDossier(dossier, events, standing, with_details)


def _keys(dossier: Dossier, ip: str | None) -> tuple[str, str]:
    return f"vidan:pin-wrong:dossier:{dossier.pk}", f"vidan:pin-wrong:ip:{ip or '-'}"


def pin_blocked(dossier: Dossier, ip: str | None) -> bool:
    by_dossier, by_address = _keys(dossier, ip)
    wrong = cache.get_many([by_dossier, by_address])
    return wrong.get(by_dossier, 0) >= MAX_WRONG_PER_DOSSIER or wrong.get(by_address, 0) >= MAX_WRONG_PER_ADDRESS


def pin_check(*, dossier: Dossier, pin: str, ip: str | None) -> bool:
    """Whether `pin` opens this dossier's details. Every attempt within the limits is compared and audited.

    The attempt is counted before the PIN is compared, and taken back if it was right: requests sent all at
    once each see the others' attempts, so a burst cannot slip past the limit between a check and a count.
    """
    by_dossier, by_address = _keys(dossier, ip)
    counts = window_count(by_dossier, WINDOW_SECONDS), window_count(by_address, WINDOW_SECONDS)
    if counts[0] > MAX_WRONG_PER_DOSSIER or counts[1] > MAX_WRONG_PER_ADDRESS:
        return False
    actor = Actor(ip=ip, label_override="citizen")
    ok = pin_matches((pin or "").strip(), dossier.pin_hash)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="onestop.lookup.details" if ok else "onestop.lookup.wrong_pin",
            obj=dossier,
            commune=dossier.commune,
        )
    if ok:
        for key in (by_dossier, by_address):
            with contextlib.suppress(ValueError):  # the window closed meanwhile
                cache.decr(key)
    return ok
