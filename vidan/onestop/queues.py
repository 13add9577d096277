"""Reading dossiers for the back office: the queues an officer works from, and what a dossier's page shows.

Where a dossier stands against its due date is worked out in Python from the commune's calendar, once the
page of dossiers is loaded, so a queue page runs the same few queries whatever its length.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext_lazy as _

from vidan import workdays
from vidan.core.text import fold
from vidan.onestop.lifecycle import CLOCK_RUNNING
from vidan.onestop.models import Dossier, DossierEvent
from vidan.onestop.models import DossierStatus as S
from vidan.org.actors import Actor
from vidan.org.models import Commune, Role, Staff

# Steps after which nobody at the commune has anything left to do with the dossier.
CLOSED = frozenset({S.REFUSED, S.RETURNED, S.WITHDRAWN})
# Work still in someone's hands: everything but the closed and the result waiting at the desk.
UNFINISHED = frozenset(S.values) - CLOSED - {S.RESULT_READY}
WAITING = frozenset({S.WAITING_CITIZEN, S.SUPPLEMENT_REQUESTED})


@dataclass(frozen=True)
class Queue:
    slug: str  # the value of ?hang= in the address
    label: str
    order: tuple[str, ...]


QUEUES: dict[str, Queue] = {
    queue.slug: queue
    for queue in (
        Queue("tiep-nhan", _("To receive"), ("submitted_at", "id")),
        Queue("tra-ket-qua", _("To return"), ("finished_at", "id")),
        Queue("cua-toi", _("Mine"), ("due_at", "id")),
        Queue("sap-den-han", _("Due soon"), ("due_at", "id")),
        Queue("tre-han", _("Late"), ("due_at", "id")),
        Queue("cho-cong-dan", _("Waiting for the citizen"), ("updated_at", "id")),
        Queue("cho-duyet", _("For approval"), ("due_at", "id")),
        Queue("tat-ca", _("All"), ("-id",)),
    )
}


def default_queue(actor: Actor, commune_id: int) -> str:
    """The tab an officer starts from: the leader's approvals, the desk's intake, the specialist's own work."""
    if actor.can("dossier.approve", commune_id):
        return "cho-duyet"
    if actor.can("dossier.receive", commune_id):
        return "tiep-nhan"
    if actor.can("dossier.process", commune_id):
        return "cua-toi"
    return "tat-ca"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=workdays.VIETNAM)


def _queue_conditions(*, staff: Staff, now: datetime, calendar: workdays.Calendar) -> dict[str, Q]:
    today = calendar.local(now).date()
    # Due soon = at most one working day left after today (workdays.standing), i.e. due before the start of
    # the second working day from now.
    try:
        soon_before = _midnight(calendar.add_working_days(today, 2))
    except workdays.OutOfRange:
        soon_before = _midnight(today + timedelta(days=3))
    running = Q(status__in=CLOCK_RUNNING, due_at__isnull=False)
    return {
        "tiep-nhan": Q(status__in=[S.SUBMITTED, S.SUPPLEMENT_REQUESTED]),
        "tra-ket-qua": Q(status=S.RESULT_READY),
        "cua-toi": Q(assignee=staff, status__in=UNFINISHED),
        "sap-den-han": running & Q(due_at__gte=now, due_at__lt=soon_before),
        "tre-han": running & Q(due_at__lt=now),
        "cho-cong-dan": Q(status__in=WAITING),
        "cho-duyet": Q(status=S.FOR_APPROVAL),
        "tat-ca": Q(),
    }


def _search(qs: QuerySet, query: str) -> QuerySet:
    """Dossiers whose code contains the query, whose applicant's name contains each of its words (accents
    optional), or, when it looks like a phone number, whose phone contains it whatever the spacing."""
    text = query.strip()
    words = fold(text).split()
    condition = Q(code__icontains=text)
    if words:
        by_name = Q()
        for word in words:
            by_name &= Q(applicant_name_folded__contains=word)
        condition |= by_name
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if len(digits) >= 3 and digits.isdigit():
        compact = F("applicant_phone")
        for separator in (" ", ".", "-"):
            compact = Replace(compact, Value(separator), Value(""))
        qs = qs.annotate(phone_compact=compact)
        condition |= Q(phone_compact__contains=digits)
    return qs.filter(condition)


def dossier_queue(
    *,
    commune: Commune,
    queue: str,
    staff: Staff,
    now: datetime,
    calendar: workdays.Calendar,
    query: str = "",
    procedure: int | None = None,
    department_kind: str = "",
    status: str = "",
    received_from: date | None = None,
    received_to: date | None = None,
) -> QuerySet:
    """The dossiers of one tab of the commune's queues, filtered, with what a row shows joined in."""
    qs = Dossier.objects.filter(commune=commune).filter(
        _queue_conditions(staff=staff, now=now, calendar=calendar)[queue]
    )
    if query:
        qs = _search(qs, query)
    if procedure:
        qs = qs.filter(procedure_id=procedure)
    if department_kind:
        qs = qs.filter(procedure__department_kind=department_kind)
    if status:
        qs = qs.filter(status=status)
    if received_from:
        qs = qs.filter(received_at__gte=_midnight(received_from))
    if received_to:
        qs = qs.filter(received_at__lt=_midnight(received_to + timedelta(days=1)))
    return qs.select_related("procedure", "assignee").order_by(*QUEUES[queue].order)


def queue_counts(*, commune: Commune, staff: Staff, now: datetime, calendar: workdays.Calendar) -> dict[str, int]:
    """How many dossiers each tab holds (all but "all"), in one query."""
    conditions = _queue_conditions(staff=staff, now=now, calendar=calendar)
    del conditions["tat-ca"]
    counts = (
        Dossier.objects.filter(commune=commune)
        .exclude(status__in=CLOSED)
        .aggregate(**{slug.replace("-", "_"): Count("id", filter=cond) for slug, cond in conditions.items()})
    )
    return {slug: counts[slug.replace("-", "_")] for slug in conditions}


def dossier_standing(dossier: Dossier, calendar: workdays.Calendar, now: datetime) -> workdays.Standing | None:
    """Where a dossier stands against its due date, or None when its clock is not running."""
    if dossier.due_at is None or dossier.status not in CLOCK_RUNNING:
        return None
    try:
        return workdays.standing(calendar, dossier.due_at, now)
    except workdays.OutOfRange:
        return None


@dataclass(frozen=True)
class QueueRow:
    """A dossier as a row of a queue (or the head of its page): with where it stands."""

    dossier: Dossier
    standing: workdays.Standing | None

    @property
    def late_by(self) -> int:
        return -self.standing.remaining if self.standing and self.standing.late else 0

    @property
    def paused(self) -> bool:
        return self.dossier.status in WAITING


def queue_rows(dossiers, calendar: workdays.Calendar, now: datetime) -> list[QueueRow]:
    return [QueueRow(dossier, dossier_standing(dossier, calendar, now)) for dossier in dossiers]


def dossier_events(dossier: Dossier) -> QuerySet:
    return DossierEvent.objects.filter(dossier=dossier).select_related("actor").order_by("id")


def commune_specialists(commune: Commune) -> QuerySet:
    """The active specialists of the commune, who may be handed a dossier."""
    return (
        Staff.objects.filter(commune=commune, is_active=True, grants__role=Role.SPECIALIST)
        .select_related("department")
        .distinct()
        .order_by("full_name", "id")
    )
