"""The citizen's lookup of a dossier by its code: the status and the appointment for anyone who has the code,
everything else (the procedure, the commune, the dates, the steps, the applicant) only with the PIN. Codes follow
one another, so the lookups from one address are counted too, the codes that match nothing more strictly. Wrong
PINs are counted per dossier and address, per address and per dossier, audited, and stopped for a while after a
few from one address (a stranger who knows the code cannot lock the citizen out of their own details)."""

import contextlib
import functools
import weakref
from dataclasses import dataclass
from datetime import datetime, tzinfo
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vidan import workdays
from vidan.audit.services import audit_record
from vidan.core.throttle import counters, window_count
from vidan.onestop.codes import REFERENCE, pin_matches
from vidan.onestop.models import Dossier, DossierEvent, DossierStatus, FeeStatus, Procedure, ResultDelivery
from vidan.onestop.services import commune_calendar
from vidan.org.actors import Actor
from vidan.org.models import Commune
from vidan.org.selectors import PUBLIC_COMMUNE_TTL

# Wrong PINs allowed in a window: from one address for one dossier, from one address in all, and for one dossier
# from every address together. The first is the one a citizen meets; the last bounds guessing from many
# addresses, high enough that a stranger who knows the code cannot lock the citizen out of their own details.
MAX_WRONG_PER_DOSSIER_AND_ADDRESS = 5
MAX_WRONG_PER_ADDRESS = 20
MAX_WRONG_PER_DOSSIER = 100
WINDOW_SECONDS = 15 * 60
# Seconds a new name of a procedure or a commune may take to show on the lookup page, as on the commune's site.
RELATED_TTL = PUBLIC_COMMUNE_TTL
STATUS_LABELS = dict(DossierStatus.choices)
# The columns the lookup page, the API's lookup and the PIN check read. Any other is loaded when first used.
PUBLIC_FIELDS = (
    "id", "commune_id", "procedure_id", "code", "reference", "pin_hash", "status", "applicant_name",
    "applicant_phone", "applicant_address", "result_delivery", "submitted_at", "received_at", "due_at", "apologised",
    "finished_at", "returned_at", "fee_amount", "fee_pages", "fee_copies", "fee_exemption", "fee_status",
    "fee_paid_at", "fee_payment_method",
)  # fmt: skip
# The same, in the order of the model's columns, as Model.from_db() takes them.
_COLUMNS = tuple(f.attname for f in Dossier._meta.concrete_fields if f.attname in PUBLIC_FIELDS)
_STEP_COLUMNS = ("events__at", "events__to_status", "events__note", "events__action")
# Steps that change no status and are the desk's bookkeeping: not on the citizen's timeline (the fee has its line).
QUIET_ACTIONS = frozenset({"fee_paid"})


def local_text(moment: datetime | None, zone: tzinfo | None = None) -> str:
    """A moment as the citizen reads it: dd/mm/yyyy hh:mm in `zone`, by default the current time zone, as the
    `date:"d/m/Y H:i"` filter writes it. Field by field, with the zone looked up once a page: the filter cost
    more than anything else on a line of the lookup page."""
    if moment is None:
        return ""
    local = moment.astimezone(zone or timezone.get_current_timezone())
    return f"{local.day:02}/{local.month:02}/{local.year:04} {local.hour:02}:{local.minute:02}"


# The lookup page's fixed texts, as its template reads them ({{ texts.procedure }}). The page is the platform's
# busiest, and a {% translate %} tag costs a few times a dictionary lookup (a lazy string made, translated,
# localized and escaped on every request): these are translated once per language and process.
PAGE_TEXTS = {
    "title": gettext_lazy("Look up a dossier"),
    "code_label": gettext_lazy("Dossier code (on your receipt)"),
    "look_up": gettext_lazy("Look up"),
    "not_found": gettext_lazy(
        "No dossier has this code. Check it against your receipt: it looks like 000.25.31.H44-260312-0001."
    ),
    "reference_only": gettext_lazy(
        "Tracking reference of an online dossier: the one-stop desk gives the official code when it receives the "
        "dossier."
    ),
    "procedure": gettext_lazy("Procedure"),
    "commune": gettext_lazy("Commune"),
    "status": gettext_lazy("Status"),
    "received": gettext_lazy("Received"),
    "appointment": gettext_lazy("Appointment for the result"),
    "apologised": gettext_lazy("moved once, with an apology"),
    "time_left": gettext_lazy("Time left"),
    "late": gettext_lazy("Late"),
    "returned": gettext_lazy("Result returned"),
    "applicant": gettext_lazy("Applicant"),
    "address": gettext_lazy("Address"),
    "delivery": gettext_lazy("Result received"),
    "fee": gettext_lazy("Fee"),
    "supplement_title": gettext_lazy("The desk needs more documents"),
    "supplement_lead": gettext_lazy(
        "Everything missing was listed in one notice to your phone or e-mail. Send it online with your PIN; the desk "
        "checks the dossier again."
    ),
    "supplement_send": gettext_lazy("Send a supplement"),
    "steps": gettext_lazy("Steps"),
    "details_title": gettext_lazy("See the whole dossier and the officers' notes"),
    "pin_blocked": gettext_lazy(
        "Too many wrong PINs. For your safety, try again in 15 minutes, or ask at the one-stop desk."
    ),
    "pin_label": gettext_lazy("PIN (6 digits, on your receipt)"),
    "show": gettext_lazy("Show"),
    "throttled": gettext_lazy(
        "Too many lookups from your connection. Try again in an hour, or ask at the one-stop desk."
    ),
}


def page_texts() -> dict[str, SafeString]:
    """PAGE_TEXTS in the active language, escaped."""
    return _translated(translation.get_language())[0]


def _delivery_names() -> dict[str, str]:
    """Where a result is received, in the active language."""
    return {value: str(label) for value, label in ResultDelivery.choices}


def _status_names() -> dict[str, SafeString]:
    """The statuses' names in the active language, escaped."""
    return _translated(translation.get_language())[1]


@functools.cache
def _translated(language: str | None) -> tuple[dict[str, SafeString], dict[str, SafeString]]:
    """The page's texts and the statuses' names, translated and escaped once per language and process."""
    with translation.override(language):
        return (
            {key: format_html("{}", text) for key, text in PAGE_TEXTS.items()},
            {status: format_html("{}", name) for status, name in STATUS_LABELS.items()},
        )


@dataclass(frozen=True)
class PublicStep:
    """A step of the dossier's life as the citizen sees it: when, the status it led to, the officer's note."""

    at: datetime
    to_status: str
    note: str
    action: str = ""

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


def lookup_page(view: PublicDossier) -> dict[str, object]:
    """What the lookup page shows of the dossier, its texts and dates written out.

    A dict, because Django's templates look a key up at once but an attribute only after trying it as a key
    and catching the TypeError: with the dates and labels the template's filters and tags worked out, that was
    most of the time the page took to render.
    """
    dossier, standing, zone, names = view.dossier, view.standing, timezone.get_current_timezone(), _status_names()
    time_left = ""
    if standing is not None and standing.late:
        n = view.late_days
        time_left = ngettext("%(n)s working day past the appointment", "%(n)s working days past the appointment", n) % {
            "n": n
        }
    elif standing is not None:
        n = standing.remaining
        time_left = ngettext("%(n)s working day left", "%(n)s working days left", n) % {"n": n} if n else _("Due today")
    return {
        "label": dossier.label,
        "code": dossier.code,
        "reference": dossier.reference,
        "status": dossier.status,
        "status_label": names.get(dossier.status, dossier.status),
        "procedure": dossier.procedure.name if view.with_details else "",
        "commune": f"{capfirst(dossier.commune.unit.kind)} {dossier.commune.name}" if view.with_details else "",
        "received": local_text(dossier.received_at, zone) if view.with_details else "",
        "due": local_text(dossier.due_at, zone),
        "apologised": dossier.apologised,
        "late": standing is not None and standing.late,
        "time_left": time_left,  # "" without an appointment running
        "returned": local_text(dossier.returned_at, zone) if view.with_details else "",
        "with_details": view.with_details,
        "applicant_name": dossier.applicant_name if view.with_details else "",
        "applicant_address": dossier.applicant_address if view.with_details else "",
        "delivery": _delivery_names().get(dossier.result_delivery, "") if view.with_details else "",
        "fee": fee_text(dossier, zone) if view.with_details else "",
        # when, the status it led to, and with the PIN the officer's note
        "steps": [
            (local_text(step.at, zone), names.get(step.to_status, step.to_status), step.note)
            for step in (view.events if view.with_details else ())
        ],
    }


def fee_text(dossier: Dossier, zone: tzinfo | None = None) -> str:
    """The dossier's fee and its standing in a line: "12.000 đ — Paid 10/03/2026 10:05 (in cash at the desk)",
    "0 đ — Exempt: member of a poor household"."""
    amount = (
        _("at the rate set by the province")
        if dossier.fee_amount is None
        else f"{dossier.fee_amount:,} đ".replace(",", ".")
    )
    standing = str(dossier.get_fee_status_display())
    if dossier.fee_exemption:
        standing += f": {dossier.get_fee_exemption_display()}"
    elif dossier.fee_status == FeeStatus.PAID:
        if dossier.fee_paid_at:
            standing += f" {local_text(dossier.fee_paid_at, zone)}"
        if dossier.fee_payment_method:
            standing += f" ({dossier.get_fee_payment_method_display()})"
    return f"{amount} — {standing}"


# A line of the dossier's details: a term and its value.
_DETAIL = "    <dt>{}</dt><dd>{}</dd>\n"


def lookup_card(page: dict[str, object], texts: dict[str, SafeString]) -> SafeString:
    """The dossier's cards on the lookup page (what it is and where it stands, what the desk asks for, the
    steps), from lookup_page()'s dict and the page's texts.

    Written here rather than by the template, as the queue's rows are: the page is the platform's busiest, and
    its two dozen tags cost as much as reading the dossier. The cards are one format_html call, its format
    made of the literal pieces below alone and every value an argument, which format_html escapes (the texts
    and the statuses' names come escaped already, once per language).
    """
    formats, values = ['<section class="card">\n  <h2>{}</h2>\n'], [page["label"]]
    if not page["code"]:
        formats.append('  <p class="muted">{}</p>\n')
        values.append(texts["reference_only"])
    elif page["reference"]:
        formats.append('  <p class="muted">{}</p>\n')
        values.append(_("Sent online as %(reference)s.") % {"reference": page["reference"]})
    formats.append('  <dl class="details">\n')
    if page["with_details"]:
        formats += (_DETAIL, _DETAIL)
        values += (texts["procedure"], page["procedure"], texts["commune"], page["commune"])
    formats.append("    <dt>{}</dt><dd><strong>{}</strong></dd>\n")
    values += (texts["status"], page["status_label"])
    if page["with_details"] and page["received"]:
        formats.append(_DETAIL)
        values += (texts["received"], page["received"])
    if page["due"] and page["apologised"]:
        formats.append("    <dt>{}</dt><dd>{} ({})</dd>\n")
        values += (texts["appointment"], page["due"], texts["apologised"])
    elif page["due"]:
        formats.append(_DETAIL)
        values += (texts["appointment"], page["due"])
    if page["time_left"]:
        if page["late"]:
            formats.append('    <dt>{}</dt><dd><strong class="badge late">{}</strong> {}</dd>\n')
            values += (texts["time_left"], texts["late"], page["time_left"])
        else:
            formats.append(_DETAIL)
            values += (texts["time_left"], page["time_left"])
    if page["with_details"] and page["returned"]:
        formats.append(_DETAIL)
        values += (texts["returned"], page["returned"])
    if page["with_details"]:
        formats.append(_DETAIL)
        values += (texts["applicant"], page["applicant_name"])
        if page["applicant_address"]:
            formats.append(_DETAIL)
            values += (texts["address"], page["applicant_address"])
        formats.append(_DETAIL)
        values += (texts["delivery"], page["delivery"])
        formats.append(_DETAIL)
        values += (texts["fee"], page["fee"])
    formats.append("  </dl>\n</section>\n")
    if page["status"] == DossierStatus.SUPPLEMENT_REQUESTED:
        formats.append(
            '<section class="card notice">\n  <h2>{}</h2>\n  <p>{}</p>\n'
            '  <p><a class="button" href="{}">{}</a></p>\n</section>\n'
        )
        href = f"{reverse('onestop:supplement')}?{urlencode({'ma': page['label']})}"
        values += (texts["supplement_title"], texts["supplement_lead"], href, texts["supplement_send"])
    if page["with_details"]:
        formats.append('<section class="card">\n  <h2>{}</h2>\n  <ol class="timeline">\n')
        values.append(texts["steps"])
        for when, label, note in page["steps"]:
            if note:
                formats.append('    <li><span class="muted">{}</span> — {}<br><span class="muted">{}</span></li>\n')
                values += (when, label, note)
            else:
                formats.append('    <li><span class="muted">{}</span> — {}</li>\n')
                values += (when, label)
        formats.append("  </ol>\n</section>\n")
    return format_html("".join(formats), *values)


def dossier_by_code(code: str) -> Dossier | None:
    """The dossier with this code (or tracking reference): PUBLIC_FIELDS, with its procedure and its commune
    (with the commune's unit and the two above it) attached from the cache."""
    found = dossier_and_steps_by_code(code)
    return found[0] if found is not None else None


def dossier_and_steps_by_code(code: str) -> tuple[Dossier, list[PublicStep]] | None:
    """The dossier as dossier_by_code() gives it, and its steps oldest first, read in one query."""
    code = (code or "").strip().upper()
    if not code or len(code) > 40:
        return None
    # An online dossier before its receipt is known by its tracking reference (and keeps it afterwards).
    found = (_BY_REFERENCE if REFERENCE.match(code) else _BY_CODE).read(code)
    if found is None:
        return None
    dossier = Dossier.from_db(Dossier.objects.db, _COLUMNS, found[0])
    _related_attach(dossier)
    return dossier, [PublicStep(*step) for step in found[1] if step[3] not in QUIET_ACTIONS]


class _DossierRead:
    """The read of a dossier and its steps by a unique key, its SQL written by the ORM once per connection.

    Building and compiling the QuerySet took most of the time of the lookup's query, several times what the
    database takes to find the rows by the key's index. The SQL, and the converters the backend applies to its
    columns (on SQLite, text to aware datetimes), are the same on every request: only the code changes.
    """

    _PLACEHOLDER = "?placeholder?"

    def __init__(self, key: str):
        self._key = key
        self._compiled = weakref.WeakKeyDictionary()  # connection (one per thread) -> (sql, converters)

    def _queryset(self, value: str) -> QuerySet:
        # No get() or first(): they would add a LIMIT, which cuts the steps, or ORDER BY the dossier's id.
        return (
            Dossier.objects.filter(**{self._key: value}).values_list(*_COLUMNS, *_STEP_COLUMNS).order_by("events__id")
        )

    def _compile(self, connection):
        compiler = self._queryset(self._PLACEHOLDER).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        if tuple(params) != (self._PLACEHOLDER,):
            raise ValueError(f"the read must take the code as its one parameter, not {params!r}")
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
        compiled = self._compiled[connection] = (sql, list(converters.items()))
        return compiled

    def read(self, value: str) -> tuple[list, list[list]] | None:
        """The dossier's columns (_COLUMNS) and its steps' (_STEP_COLUMNS), or None without a dossier."""
        connection = connections[Dossier.objects.db]
        sql, converters = self._compiled.get(connection) or self._compile(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, (value,))
            rows = cursor.fetchall()
        if not rows:
            return None
        # The dossier's columns repeat on every row of the join: converted once. A dossier has a step from its
        # first day; without one, the left join gives a single row of nulls for it.
        width = len(_COLUMNS)
        dossier = _converted(rows[0], converters, connection)[:width]
        steps = [_converted(row, converters, connection, start=width)[width:] for row in rows if row[width] is not None]
        return dossier, steps


def _converted(row, converters, connection, start=0) -> list:
    row = list(row)
    for position, (functions, expression) in converters:
        if position >= start:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
    return row


_BY_CODE = _DossierRead("code")
_BY_REFERENCE = _DossierRead("reference")


def _related_attach(dossier: Dossier) -> None:
    """Give the dossier its procedure and commune from the cache, reading only what is not there.

    Joining them in the dossier's query builds four more model instances from some sixty columns on every
    lookup; a million dossiers share a few hundred procedures and communes. Each process keeps them in its own
    memory (RELATED_TTL), which costs less than a round trip to a shared cache.
    """
    procedure_key = f"vidan:onestop:public-procedure:{dossier.procedure_id}"
    commune_key = f"vidan:onestop:public-commune:{dossier.commune_id}"
    local = caches["local"]
    found = local.get_many([procedure_key, commune_key])
    procedure, commune = found.get(procedure_key), found.get(commune_key)
    if procedure is None:
        procedure = Procedure.objects.get(pk=dossier.procedure_id)
        local.set(procedure_key, procedure, RELATED_TTL)
    if commune is None:
        commune = Commune.objects.select_related("unit", "unit__parent", "unit__parent__parent").get(
            pk=dossier.commune_id
        )
        local.set(commune_key, commune, RELATED_TTL)
    dossier.procedure, dossier.commune = procedure, commune


def public_view(dossier: Dossier, *, with_details: bool, steps: list[PublicStep] | None = None) -> PublicDossier:
    """What anyone with the code sees, and with the PIN the details. `steps`, if the caller read them with
    the dossier (dossier_and_steps_by_code), saves their query."""
    events = steps
    if events is None:
        events = [
            PublicStep(*step)
            for step in DossierEvent.objects.filter(dossier_id=dossier.pk)
            .exclude(action__in=QUIET_ACTIONS)
            .order_by("id")
            .values_list("at", "to_status", "note", "action")
        ]
    standing = None
    if dossier.due_at is not None and dossier.returned_at is None and dossier.finished_at is None:
        standing = workdays.standing(commune_calendar(dossier.commune), dossier.due_at, timezone.now())
    return PublicDossier(dossier, events, standing, with_details)


def lookup_counted(ip: str | None, *, found: bool) -> bool:
    """Count a lookup of a code from this address; False once the address has looked up more codes in the hour
    than VIDAN_LOOKUPS_PER_HOUR, or more codes that match nothing than VIDAN_LOOKUP_MISSES_PER_HOUR (0: no
    limit). The caller then shows nothing of the dossier, not even whether the code exists, or an address past
    its misses would still learn which codes exist."""
    address = ip or "-"
    every, misses = f"vidan:lookups:ip:{address}", f"vidan:lookup-misses:ip:{address}"
    allowed, missed = settings.VIDAN_LOOKUPS_PER_HOUR, settings.VIDAN_LOOKUP_MISSES_PER_HOUR
    # A look at a dossier, the page's everyday use, makes one round trip to the shared cache.
    if allowed and window_count(every, 3600) > allowed:
        return False
    if not missed:
        return True
    if found:
        # Past its misses, an address is stopped by its count of every lookup (one round trip), when it has one.
        return bool(allowed) or (counters.get(misses) or 0) <= missed
    if window_count(misses, 3600) <= missed:
        return True
    if allowed:
        counters.set(every, allowed + 1, 3600)
    return False


def _limits(dossier: Dossier, ip: str | None) -> dict[str, int]:
    """The wrong-PIN counters a check counts in, each with its limit."""
    address = ip or "-"
    return {
        f"vidan:pin-wrong:dossier:{dossier.pk}:ip:{address}": MAX_WRONG_PER_DOSSIER_AND_ADDRESS,
        f"vidan:pin-wrong:ip:{address}": MAX_WRONG_PER_ADDRESS,
        f"vidan:pin-wrong:dossier:{dossier.pk}": MAX_WRONG_PER_DOSSIER,
    }


def pin_blocked(dossier: Dossier, ip: str | None) -> bool:
    limits = _limits(dossier, ip)
    wrong = counters.get_many(list(limits))
    return any(wrong.get(key, 0) >= limit for key, limit in limits.items())


def pin_check(*, dossier: Dossier, pin: str, ip: str | None) -> bool:
    """Whether `pin` opens this dossier's details. Every attempt within the limits is compared and audited.

    The attempt is counted before the PIN is compared, and taken back if it was right: requests sent all at
    once each see the others' attempts, so a burst cannot slip past the limit between a check and a count.
    """
    limits = _limits(dossier, ip)
    counts = {key: window_count(key, WINDOW_SECONDS) for key in limits}  # every counter counts the attempt
    if any(counts[key] > limit for key, limit in limits.items()):
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
        for key in limits:
            with contextlib.suppress(ValueError):  # the window closed meanwhile
                counters.decr(key)
    return ok
