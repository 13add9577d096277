"""Reading dossiers for the back office: the queues an officer works from, and what a dossier's page shows.

Where a dossier stands against its due date is worked out in Python from the commune's calendar, once the
page of dossiers is loaded, so a queue page runs the same few queries whatever its length.

The tabs' counts aggregate every open dossier of the commune, which costs more than the rest of the page: each
process keeps them per commune for QUEUE_COUNTS_TTL seconds, and drops them whenever it saves a dossier of the
commune; another process's may be that many seconds behind.
"""

import functools
import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.cache import caches
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from vidan import workdays
from vidan.core.text import fold
from vidan.onestop.lifecycle import CLOCK_RUNNING
from vidan.onestop.models import Dossier, DossierEvent, Procedure
from vidan.onestop.models import DossierStatus as S
from vidan.onestop.selectors import procedures_in_force, procedures_listed
from vidan.org.actors import Actor
from vidan.org.models import Commune, DepartmentKind, Role, Staff
from vidan.org.selectors import staff_sorted

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


def _queue_conditions(*, staff: Staff | None, now: datetime, calendar: workdays.Calendar) -> dict[str, Q]:
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
    """Dossiers whose code or tracking reference contains the query, whose applicant's name contains each of
    its words (accents optional), or, when it looks like a phone number, whose phone contains it whatever the
    spacing."""
    text = query.strip()
    words = fold(text).split()
    condition = Q(code__icontains=text) | Q(reference__icontains=text)
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


# Seconds the tabs' counts may be served from a process's memory. A save of a dossier drops its commune's entry
# at once in the saving process, and "due soon" and "late" follow the clock, so a count is never older than this.
QUEUE_COUNTS_TTL = 5


def queue_counts_key(commune_id: int) -> str:
    return f"vidan:onestop:queue-counts:{commune_id}"


def _queue_counts_read(*, commune: Commune, now: datetime, calendar: workdays.Calendar) -> dict:
    """Every open tab's count but "mine", and "mine" for each assignee, in one query grouped by assignee; and
    "all", closed dossiers included, in a second."""
    conditions = _queue_conditions(staff=None, now=now, calendar=calendar)
    del conditions["tat-ca"], conditions["cua-toi"]
    groups = (
        Dossier.objects.filter(commune=commune)
        .exclude(status__in=CLOSED)
        .values("assignee_id")
        .annotate(
            mine=Count("id", filter=Q(status__in=UNFINISHED)),
            **{slug.replace("-", "_"): Count("id", filter=cond) for slug, cond in conditions.items()},
        )
        .order_by()
    )
    tabs, mine = dict.fromkeys(conditions, 0), {}
    for group in groups:
        for slug in conditions:
            tabs[slug] += group[slug.replace("-", "_")]
        if group["assignee_id"] is not None:
            mine[group["assignee_id"]] = group["mine"]
    tabs["tat-ca"] = Dossier.objects.filter(commune=commune).count()
    return {"tabs": tabs, "mine": mine}


def queue_counts(*, commune: Commune, staff: Staff, now: datetime, calendar: workdays.Calendar) -> dict[str, int]:
    """How many dossiers each tab holds: at most QUEUE_COUNTS_TTL seconds old (a dossier's save drops them),
    two queries when they are not cached."""
    key = queue_counts_key(commune.pk)
    counts = caches["local"].get(key)
    if counts is None:
        counts = _queue_counts_read(commune=commune, now=now, calendar=calendar)
        caches["local"].set(key, counts, QUEUE_COUNTS_TTL)
    return {**counts["tabs"], "cua-toi": counts["mine"].get(staff.pk, 0)}


@receiver(post_save, sender=Dossier, dispatch_uid="onestop-queue-counts-saved")
@receiver(post_delete, sender=Dossier, dispatch_uid="onestop-queue-counts-deleted")
def queue_counts_forget(sender, instance: Dossier, **kwargs) -> None:
    """Drop the commune's cached counts when one of its dossiers changes: now, and again after the commit, so
    that a page computed from the old rows while the transaction was open is not kept either.

    A cache, not domain flow: a signal catches every save (services, admin, tests) without their knowing."""
    queue_counts_drop(instance.commune_id)


def queue_counts_drop(commune_id: int) -> None:
    """Forget a commune's counts, now and after the commit (also for writes that bypass save(): bulk updates)."""
    key, local = queue_counts_key(commune_id), caches["local"]
    local.delete(key)
    transaction.on_commit(lambda: local.delete(key))


# Seconds the procedures offered by the queue's filter may lag behind the catalogue.
FILTER_PROCEDURES_TTL = 60


def filter_procedures() -> list[Procedure]:
    """The procedures in force today, with their field's name, for the queue's filter: cached for a minute."""
    key = f"vidan:onestop:filter-procedures:{timezone.localdate():%Y%m%d}"
    procedures = caches["local"].get(key)
    if procedures is None:
        procedures = procedures_listed(procedures_in_force().only("id", "name", "field__name"))
        caches["local"].set(key, procedures, FILTER_PROCEDURES_TTL)
    return procedures


def filters_key(form, procedures: list[Procedure]) -> str:
    """All the queue's filter fields are rendered from: the values asked for, the language, the procedures
    offered. The page keeps the rendered fields under this key, since Django's widgets render each <option>
    through a template of its own (a few milliseconds for the filter)."""
    asked = [(name, form.data.getlist(name)) for name in form.fields]
    offered = [(p.pk, p.name, p.field.name) for p in procedures]
    return hashlib.md5(repr((get_language(), asked, offered)).encode(), usedforsecurity=False).hexdigest()


def dossier_standing(dossier: Dossier, calendar: workdays.Calendar, now: datetime) -> workdays.Standing | None:
    """Where a dossier stands against its due date, or None when its clock is not running."""
    return _standing(dossier.status, dossier.due_at, calendar, now)


def _standing(
    status: str, due_at: datetime | None, calendar: workdays.Calendar, now: datetime
) -> workdays.Standing | None:
    if due_at is None or status not in CLOCK_RUNNING:
        return None
    try:
        return workdays.standing(calendar, due_at, now)
    except workdays.OutOfRange:
        return None


STATUS_LABELS = dict(S.choices)


@dataclass(frozen=True)
class QueueRow:
    """A dossier with where it stands, as the head of its page shows it."""

    dossier: Dossier
    standing: workdays.Standing | None

    @property
    def paused(self) -> bool:
        return self.dossier.status in WAITING

    @property
    def badge(self) -> SafeString:
        return standing_badge(self.standing, paused=self.paused)


# What a queue's row shows, and what its standing needs: the rest of a dossier's columns stay in the database,
# and no model instance is built (dossier_queue(...).values(*QUEUE_ROW_FIELDS)).
QUEUE_ROW_FIELDS = (
    "id", "code", "reference", "status", "applicant_name", "applicant_phone", "submitted_at", "received_at", "due_at",
    "procedure__name", "assignee__full_name",
)  # fmt: skip


def _local(moment: datetime, zone) -> str:
    """dd/mm/yyyy hh:mm in `zone`, as the date filter "d/m/Y H:i" writes it in the current time zone (field by
    field: strftime takes twice as long)."""
    local = moment.astimezone(zone)
    return "%02d/%02d/%04d %02d:%02d" % (local.day, local.month, local.year, local.hour, local.minute)  # noqa: UP031


def standing_badge(standing: workdays.Standing | None, *, paused: bool) -> SafeString:
    """Where a dossier stands, as the queue's rows and the dossier's page show it: a badge when it is late, due
    soon or paused waiting for the citizen, and the working days it is late by or has left; "—" when its clock
    is not running for another reason."""
    return _standing_badge(get_language(), _shown(standing, paused))


def _shown(standing: workdays.Standing | None, paused: bool) -> tuple[int, bool, bool] | bool:
    """What the badge shows of a standing: it is the same for every dossier as far behind or ahead."""
    return (standing.remaining, standing.late, standing.due_soon) if standing is not None else paused


@functools.lru_cache(maxsize=1024)
def _standing_badge(language: str | None, shown: tuple[int, bool, bool] | bool) -> SafeString:
    """The badge in a language, made once per process (a few hundred differ at most)."""
    with translation.override(language):
        if shown is True:
            return format_html(
                '<span class="badge paused">{}</span> {}', gettext("Paused"), gettext("waiting for the citizen")
            )
        if shown is False:
            return format_html("{}", "—")
        remaining, late, due_soon = shown
        if late:
            n = -remaining
            text = ngettext("by %(n)s working day", "by %(n)s working days", n) % {"n": n}
            return format_html('<span class="badge late">{}</span> {}', gettext("Late"), text)
        if due_soon and remaining == 0:
            text = gettext("due today")
        else:
            text = ngettext("%(n)s working day left", "%(n)s working days left", remaining) % {"n": remaining}
        if due_soon:
            return format_html('<span class="badge soon">{}</span> {}', gettext("Due soon"), text)
        return format_html("{}", text)


_ROW_STARTS = {"": "<tr>", "late": '<tr class="late">', "soon": '<tr class="soon">'}

# A queue row's formats, by the row's class (late, due soon), whether the applicant left a phone, and whether
# the dossier was sent online and not yet received: the dossier's address and code, the applicant and their
# phone, the procedure, when it was received (or sent), when it is due, where it stands, its status, its
# assignee.
# Each cell carries its column's name (data-label), which a phone shows beside the value when the rows become
# cards (site.css): the names are the language's, so the formats are made once per language.
COLUMN_LABELS = (
    _("Code"),
    _("Applicant"),
    _("Procedure"),
    _("Received"),
    _("Due"),
    _("Time left"),
    _("Status"),
    _("Assignee"),
)


@functools.cache
def _row_formats(language: str | None) -> dict:
    with translation.override(language):
        # Escaped once, and their braces doubled: they become part of format_html's format, not arguments.
        cells = [
            f'<td data-label="{conditional_escape(label)}">'.replace("{", "{{").replace("}", "}}")
            for label in COLUMN_LABELS
        ]
    return {
        (kind, phone, online): (
            start
            + cells[0]
            + '<a href="{}">{}</a></td>'
            + cells[1]
            + "{}"
            + ('<br><span class="muted">{}</span>' if phone else "")
            + "</td>"
            + cells[2]
            + "{}</td>"
            + cells[3]
            + "{}"
            + (' <span class="muted">({})</span>' if online else "")
            + "</td>"
            + "".join(cell + "{}</td>" for cell in cells[4:])
            + "</tr>"
        )
        for kind, start in _ROW_STARTS.items()
        for phone in (False, True)
        for online in (False, True)
    }


@functools.cache
def _row_words(language: str | None) -> dict:
    """What rows repeat, escaped once per language and process."""
    with translation.override(language):
        return {
            "nothing": format_html("{}", ""),
            "unnumbered": format_html("{}", gettext("Not yet numbered")),
            "online": format_html("{}", gettext("submitted online")),
            "statuses": {value: format_html("{}", label) for value, label in STATUS_LABELS.items()},
        }


def queue_rows(dossiers, calendar: workdays.Calendar, now: datetime) -> SafeString:
    """The rows (<tr>) of a queue page from the dossiers' QUEUE_ROW_FIELDS values; "" for none.

    A row's eight cells (code linked, applicant and phone, procedure, received, due, time left, status,
    assignee) are written here rather than by template tags, as Django's admin writes its change lists: a page
    has fifty rows of a dozen values, and the template engine's cost per tag was most of the page.

    The page is one format_html call: its format is made of the rows' formats alone (_row_formats), and every
    value is an argument, which format_html escapes. Escaping through it costs a few times what the standard
    library's escape does, so what rows repeat is escaped once per process: the words, the statuses, the
    badges, the names of the procedures and assignees.
    """
    # One reverse() for the page; the rows' addresses differ only by the id.
    head, tail = reverse("onestop:desk-dossier", args=[0]).rsplit("0", 1)
    zone, language = timezone.get_current_timezone(), get_language()
    words = _row_words(language)
    row_formats = _row_formats(language)
    unnumbered, online, statuses = words["unnumbered"], words["online"], words["statuses"]
    shown_by_due = {}  # due date -> what the badge shows of a running dossier due then
    formats, values = [], []
    for d in dossiers:
        status, due_at, received, phone = d["status"], d["due_at"], d["received_at"], d["applicant_phone"]
        if due_at is not None and status in CLOCK_RUNNING:
            shown = shown_by_due.get(due_at)
            if shown is None:
                shown = shown_by_due[due_at] = _shown(_standing(status, due_at, calendar, now), False)
        else:
            shown = status in WAITING
        kind = "" if shown is True or shown is False else "late" if shown[1] else "soon" if shown[2] else ""
        submitted = None if received else d["submitted_at"]
        formats.append(row_formats[kind, bool(phone), submitted is not None])
        values += (f"{head}{d['id']}{tail}", d["code"] or d["reference"] or unnumbered, d["applicant_name"])
        if phone:
            values.append(phone)
        values.append(_name(d["procedure__name"]))
        if submitted is not None:
            values += (_local(submitted, zone), online)
        else:
            values.append(_local(received, zone) if received else "—")
        values += (
            _local(due_at, zone) if due_at else "—",
            _standing_badge(language, shown),
            statuses.get(status) or status,
            _name(d["assignee__full_name"] or "—"),
        )
    return format_html("\n".join(formats), *values) if formats else words["nothing"]


@functools.lru_cache(maxsize=4096)
def _name(name: str) -> SafeString:
    """A procedure's or an officer's name, escaped once per process: a commune's rows repeat a few of them."""
    return format_html("{}", name)


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


def assignee_groups(dossier: Dossier) -> list[tuple[str, list[Staff]]]:
    """The specialists who may be handed the dossier, those of its procedure's department first, then those of
    other departments (a commune may lend a specialist to another department; the service accepts any active
    specialist of the commune). Each group in Vietnamese alphabetical order; an empty group is left out."""
    kind = dossier.procedure.department_kind
    own, others = [], []
    for member in staff_sorted(commune_specialists(dossier.commune)):
        (own if member.department_id and member.department.kind == kind else others).append(member)
    department = DepartmentKind(kind).label if kind in DepartmentKind.values else kind
    groups = [(department, own), (_("Other departments") if own else _("Specialists of the commune"), others)]
    return [(label, members) for label, members in groups if members]
