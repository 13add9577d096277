"""What the official forms of a dossier say: a dossier, its events and its commune turned into the records of
`vidan.onestop.paperwork`, and the dossiers of the tracking book read in one query.

The forms are issued in Vietnamese whatever the language of the page, so the few labels taken from model
choices are read in Vietnamese here. Nothing is written.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone, translation

from vidan import workdays
from vidan.onestop import paperwork
from vidan.onestop.lifecycle import CLOCK_RUNNING
from vidan.onestop.models import DocumentForm as Kept
from vidan.onestop.models import (
    Dossier,
    DossierEvent,
    DossierFile,
    DossierStatus,
    FeeExemption,
    FeeKind,
    FeeStatus,
    PaymentMethod,
    RequiredDocument,
    ResultDelivery,
)
from vidan.onestop.step_times import DEFAULT_SPLIT, office_time_between, split_parse
from vidan.onestop.versions import desk_rules_in_force, dossier_rules
from vidan.org.models import Commune, Department, DepartmentKind, Staff
from vidan.org.selectors import province_of

APPLICANT = "Người nộp hồ sơ"
PIN_GIVEN = {
    "desk": "(đã cấp khi tiếp nhận)",
    "online": "(đã cấp khi nộp hồ sơ trực tuyến)",
}
DOCUMENT_FORMS = {
    Kept.ORIGINAL: paperwork.DocumentForm.ORIGINAL,
    Kept.COPY: paperwork.DocumentForm.COPY,
    Kept.CERTIFIED_COPY: paperwork.DocumentForm.CERTIFIED_COPY,
}
# The reason column of an item recorded before each item carried its reason (or sent without one by the API).
NO_REASON = "—"
# The catalogue accepts either; the slip says so rather than guess which one was handed in.
EITHER_FORM = "Bản chính hoặc bản sao chứng thực"

# "- ", "• ", "1. ", "2) " at the start of a line typed as a list.
LIST_MARK = re.compile(r"^(?:[-•*+–]+|\d{1,2}[.)])\s+")

# Which events carry which paper: forms 02, 03 and 04, the return notice, the refusal after processing.
SUPPLEMENT_ACTIONS = ("request_supplement",)
REFUSAL_ACTIONS = ("refuse_intake",)
APOLOGY_ACTIONS = ("apologise",)
RETURN_ACTIONS = ("return_incomplete",)
DECISION_REFUSAL_ACTIONS = ("reject",)


# -- the commune and the applicant -----------------------------------------------------------------------


def letterhead_of(commune: Commune, dossier: Dossier | None = None) -> paperwork.Letterhead:
    """The committee issuing the forms, and its desk named as the rules of `dossier` (else today's) name it.
    `commune.unit` (and ideally its parents) should be loaded."""
    unit = commune.unit
    province = province_of(unit)
    rules = dossier_rules(dossier) if dossier is not None else desk_rules_in_force(timezone.localdate())
    return paperwork.Letterhead(
        commune_name=unit.name,
        commune_kind=unit.kind or "xã",
        province_name=province.name if province is not None else "",
        address=commune.address,
        phone=commune.phone,
        desk_name=rules.desk_name,
    )


def applicant_of(dossier: Dossier) -> paperwork.Applicant:
    return paperwork.Applicant(
        name=dossier.applicant_name,
        address=dossier.applicant_address,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
    )


def department_label(kind: str, departments: dict[str, str]) -> str:
    """The commune's own name for the department of that kind, else the kind's name in Vietnamese."""
    if kind in departments:
        return departments[kind]
    with translation.override("vi"):
        return str(DepartmentKind(kind).label) if kind in DepartmentKind.values else kind


def commune_departments(commune: Commune) -> dict[str, str]:
    """Kind → the name the commune gives its department of that kind (the first by name), in one query."""
    names: dict[str, str] = {}
    for kind, name in Department.objects.filter(commune=commune).order_by("name").values_list("kind", "name"):
        names.setdefault(kind, name)
    return names


def _person(event: DossierEvent) -> str:
    actor = event.actor
    return actor.full_name if actor is not None and actor.full_name else event.actor_label


def _moment(text) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


def _lines(note: str) -> list[str]:
    """A note typed one item a line, without the bullets or numbers people type (the form numbers them)."""
    lines = []
    for line in (note or "").splitlines():
        text = LIST_MARK.sub("", line.strip()).strip()
        if text:
            lines.append(text)
    return lines


# -- the papers of one dossier ---------------------------------------------------------------------------


def paper_event(dossier: Dossier, actions: Sequence[str], event_id: int | None = None) -> DossierEvent | None:
    """The dossier's latest event among `actions` (or the one named, if it is one of them), with its actor."""
    events = DossierEvent.objects.filter(dossier=dossier, action__in=actions).select_related("actor")
    if event_id is not None:
        events = events.filter(pk=event_id)
    return events.order_by("-id").first()


# How the receipt words the fee's standing; the exemption reasons are those of Luật Hộ tịch Art. 11(1)(a).
EXEMPTION_WORDS = {
    FeeExemption.MERIT_FAMILY: "người thuộc gia đình có công với cách mạng",
    FeeExemption.POOR_HOUSEHOLD: "người thuộc hộ nghèo",
    FeeExemption.DISABILITY: "người khuyết tật",
}
PAYMENT_WORDS = {
    PaymentMethod.CASH: "tiền mặt",
    PaymentMethod.TRANSFER: "chuyển khoản",
    PaymentMethod.ONLINE: "trực tuyến",
}


def fee_status_words(dossier: Dossier) -> str:
    """'chưa nộp', 'đã nộp ngày 10/03/2026, tiền mặt', 'miễn lệ phí: người thuộc hộ nghèo (Luật Hộ tịch Điều 11)'."""
    if dossier.fee_exemption:
        return f"miễn lệ phí: {EXEMPTION_WORDS.get(dossier.fee_exemption, '')} (Luật Hộ tịch Điều 11)"
    if dossier.fee_status == FeeStatus.EXEMPT:
        return ""
    if dossier.fee_status == FeeStatus.PAID:
        words = ["đã nộp"]
        if dossier.fee_paid_at:
            words[0] += f" ngày {timezone.localtime(dossier.fee_paid_at):%d/%m/%Y}"
        if dossier.fee_payment_method:
            words.append(PAYMENT_WORDS.get(dossier.fee_payment_method, ""))
        return ", ".join(words)
    return "chưa nộp"


def receipt_documents(dossier: Dossier) -> list[paperwork.ReceivedDocument]:
    """The documents handed in, as the officer listed them at receipt; for an online dossier received without
    that list, the files the citizen sent (electronic copies) by document; for a dossier received before the
    desk listed them, the documents the procedure requires."""
    event = paper_event(dossier, ("receive",))
    handed = event.data.get("documents") if event is not None else None
    if handed:
        return [
            paperwork.ReceivedDocument(item["name"], DOCUMENT_FORMS.get(item["form"], EITHER_FORM), item["count"])
            for item in handed
        ]
    files: dict[str, int] = {}
    for name in (
        DossierFile.objects.filter(dossier=dossier).order_by("round", "id").values_list("document_name", flat=True)
    ):
        files[name] = files.get(name, 0) + 1
    if files:
        return [
            paperwork.ReceivedDocument(name, paperwork.DocumentForm.ELECTRONIC, number)
            for name, number in files.items()
        ]
    return [
        paperwork.ReceivedDocument(document.name, DOCUMENT_FORMS.get(document.form, EITHER_FORM), document.count)
        for document in RequiredDocument.objects.filter(procedure_id=dossier.procedure_id, required=True).order_by(
            "position", "id"
        )
    ]


def tracking_line(dossier: Dossier) -> tuple[str, int] | None:
    """The dossier's volume and line in the tracking book (form 06): a volume a year of receipt, lines in the
    order of receipt. One query; None before the dossier is received."""
    if dossier.received_at is None:
        return None
    year = timezone_local(dossier.received_at).year
    before = Dossier.objects.filter(
        commune_id=dossier.commune_id,
        received_at__gte=_midnight(date(year, 1, 1)),
        received_at__lte=dossier.received_at,
    ).exclude(received_at=dossier.received_at, id__gt=dossier.pk)
    return str(year), before.count()


def tracking_lines(commune: Commune, dossiers: Sequence[Dossier]) -> dict[int, int]:
    """The line of each dossier in its year's volume of the tracking book, in one query whatever their number:
    the ids of the commune's dossiers received in the years the dossiers span, in the order of receipt."""
    if not dossiers:
        return {}
    years = [timezone_local(dossier.received_at).year for dossier in dossiers]
    rows = (
        Dossier.objects.filter(
            commune=commune,
            received_at__gte=_midnight(date(min(years), 1, 1)),
            received_at__lt=_midnight(date(max(years) + 1, 1, 1)),
        )
        .order_by("received_at", "id")
        .values_list("id", "received_at")
    )
    lines, counted = {}, {}
    for pk, received_at in rows.iterator(chunk_size=5000):
        year = timezone_local(received_at).year
        counted[year] = counted.get(year, 0) + 1
        lines[pk] = counted[year]
    return lines


def timezone_local(moment: datetime) -> datetime:
    return moment.astimezone(workdays.VIETNAM)


def receipt_of(
    dossier: Dossier,
    *,
    documents: Sequence[paperwork.ReceivedDocument],
    pin: str | None,
    lookup_url: str,
    book: tuple[str, int] | None = None,
    extra_codes: Sequence[tuple[str, str]] = (),
) -> paperwork.ReceiptSlip | None:
    """Form 01 for a received dossier (None before it is received). Without the PIN (it is stored only as a
    hash) the slip says when it was given."""
    if not dossier.code or dossier.received_at is None or dossier.due_at is None:
        return None
    procedure = dossier.procedure
    received_by = dossier.received_by
    return paperwork.ReceiptSlip(
        letterhead=letterhead_of(dossier.commune, dossier),
        dossier_code=dossier.code,
        pin=pin or PIN_GIVEN.get(dossier.channel, PIN_GIVEN["desk"]),
        applicant=applicant_of(dossier),
        procedure_name=procedure.name,
        documents=list(documents),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        officer_name=received_by.full_name if received_by is not None else "",
        lookup_url=lookup_url,
        time_limit_workdays=dossier.working_days,
        fee=dossier.fee_amount,
        # An amount the catalogue could not give (pages not recorded before fees were kept) is not printed.
        fee_status=fee_status_words(dossier)
        if dossier.fee_amount is not None or procedure.fee_kind == FeeKind.PROVINCE_RATE
        else "",
        book_volume=book[0] if book else "",
        book_line=book[1] if book else None,
        extra_codes=tuple(extra_codes),
        collect_at=f"qua dịch vụ bưu chính, đến địa chỉ {dossier.applicant_address}"
        if dossier.result_delivery == ResultDelivery.POST
        else "",
    )


def _items(event: DossierEvent) -> list[paperwork.MissingItem]:
    """What a supplement request or a return asked for, each with its reason, as the step recorded them; for
    a step recorded with a note alone, each line of it, split at its first ':' into the item and its reason."""
    recorded = event.data.get("items")
    if recorded:
        return [paperwork.MissingItem(name=item["name"], reason=item["reason"]) for item in recorded]
    items = []
    for line in _lines(event.note) or [event.note.strip() or "—"]:
        name, colon, reason = line.partition(":")
        if colon and name.strip() and reason.strip():
            items.append(paperwork.MissingItem(name=name.strip(), reason=reason.strip()))
        else:
            items.append(paperwork.MissingItem(name=line, reason=NO_REASON))
    return items


def supplement_request_of(dossier: Dossier, event: DossierEvent) -> paperwork.SupplementRequest:
    """Form 02 from a supplement request: every item asked for, with its reason."""
    actor = event.actor
    return paperwork.SupplementRequest(
        letterhead=letterhead_of(dossier.commune, dossier),
        applicant=applicant_of(dossier),
        procedure_name=dossier.procedure.name,
        items=_items(event),
        legal_basis=dossier.procedure.legal_basis,
        officer_name=_person(event),
        issued_at=event.at,
        dossier_code=dossier.code or "",
        submitted_at=dossier.submitted_at,
        officer_phone=actor.phone if actor is not None else "",
    )


def refusal_of(dossier: Dossier, event: DossierEvent) -> paperwork.Refusal:
    """Form 03 from the desk's refusal to receive: each line of its note is one reason."""
    return paperwork.Refusal(
        letterhead=letterhead_of(dossier.commune, dossier),
        applicant=applicant_of(dossier),
        procedure_name=dossier.procedure.name,
        reasons=_lines(event.note) or [event.note.strip() or "—"],
        officer_name=_person(event),
        issued_at=event.at,
        legal_basis=dossier.procedure.legal_basis,
        dossier_code=dossier.code or "",
    )


def _time_spent(dossier: Dossier, events: Sequence[DossierEvent], until: DossierEvent, calendar) -> timedelta:
    """Working time counted on the dossier up to the step `until`: from its receipt, or from the last restart
    of its time limit (a dossier whose clock restarts when completed), less the time it waited for the citizen."""
    restarting = dossier.restarts > 0
    spent, since = timedelta(), dossier.received_at
    for event in events:
        if event.pk == until.pk:
            break
        if event.action == "return_incomplete" and since is not None:
            spent += office_time_between(calendar, since, event.at)
            since = None
        elif event.action == "resume_complete":
            spent = timedelta() if restarting else spent
            since = event.at
    if since is not None:
        spent += office_time_between(calendar, since, until.at)
    return spent


def return_notice_of(
    dossier: Dossier, event: DossierEvent, *, events: Sequence[DossierEvent], calendar: workdays.Calendar
) -> paperwork.ReturnNotice | None:
    """The notice of a return during processing: what to complete, with the reasons, and the time spent."""
    if not dossier.code or dossier.received_at is None:
        return None
    return paperwork.ReturnNotice(
        letterhead=letterhead_of(dossier.commune, dossier),
        applicant=applicant_of(dossier),
        dossier_code=dossier.code,
        procedure_name=dossier.procedure.name,
        received_at=dossier.received_at,
        items=_items(event),
        time_spent=_time_spent(dossier, events, event, calendar),
        time_limit_workdays=dossier.working_days,
        officer_name=_person(event),
        issued_at=event.at,
        legal_basis=dossier.procedure.legal_basis,
    )


# How a leader's position names them: the chairman, or a vice-chairman who signs for the chairman.
VICE_CHAIRMAN = ("phó chủ tịch", "pho chu tich")
CHAIRMAN = ("chủ tịch", "chu tich")


def signatory_of(staff: Staff | None) -> paperwork.Signatory:
    """Who signs the committee's refusal: the Chairman ('CHỦ TỊCH'), or a Vice-Chairman for the Chairman
    ('KT. CHỦ TỊCH' / 'PHÓ CHỦ TỊCH'), as the position recorded for the leader who refused says. A leader whose
    position says neither is shown under the Chairman's block without a name: the Chairman signs by hand."""
    position = (staff.position if staff is not None else "").casefold()
    name = staff.full_name if staff is not None else ""
    if any(words in position for words in VICE_CHAIRMAN):
        return paperwork.Signatory(name=name, position="PHÓ CHỦ TỊCH", on_behalf="KT. CHỦ TỊCH")
    if any(words in position for words in CHAIRMAN):
        return paperwork.Signatory(name=name, position="CHỦ TỊCH", on_behalf="")
    return paperwork.Signatory(name="", position="CHỦ TỊCH", on_behalf="")


def decision_refusal_of(dossier: Dossier, event: DossierEvent) -> paperwork.DecisionRefusal | None:
    """The committee's refusal after processing, signed by its Chairman or a Vice-Chairman for him."""
    if not dossier.code or dossier.received_at is None:
        return None
    return paperwork.DecisionRefusal(
        letterhead=letterhead_of(dossier.commune, dossier),
        applicant=applicant_of(dossier),
        dossier_code=dossier.code,
        procedure_name=dossier.procedure.name,
        received_at=dossier.received_at,
        reasons=_lines(event.note) or [event.note.strip() or "—"],
        signatory=signatory_of(event.actor),
        issued_at=event.at,
        legal_basis=dossier.procedure.legal_basis,
    )


def apology_of(dossier: Dossier, event: DossierEvent) -> paperwork.Apology | None:
    """Form 04 from the apology event, with the appointments it moved (None if they were not recorded)."""
    old_due, new_due = _moment(event.data.get("old_due")), _moment(event.data.get("new_due"))
    if old_due is None or new_due is None or dossier.received_at is None or not dossier.code:
        return None
    return paperwork.Apology(
        letterhead=letterhead_of(dossier.commune, dossier),
        applicant=applicant_of(dossier),
        dossier_code=dossier.code,
        procedure_name=dossier.procedure.name,
        received_at=dossier.received_at,
        old_due=old_due,
        new_due=new_due,
        reason=event.note.strip() or "—",
        # Signed by hand by the chairman or a deputy; the name is written under the signature.
        signatory=paperwork.Signatory(name=""),
        issued_at=event.at,
    )


# -- form 05, the control sheet ----------------------------------------------------------------------------

# Who acts when a step is taken: the desk, the department that processes the dossier, the commune's leaders.
ACTING_PARTY = {
    "receive": "desk",
    "request_supplement": "desk",
    "refuse_intake": "desk",
    "assign": "desk",
    "resume_complete": "desk",
    "return_result": "desk",
    "withdraw": "desk",
    "start": "department",
    "consult": "department",
    "return_incomplete": "department",
    "submit_for_approval": "department",
    "mark_result_ready": "department",
    "approve": "leader",
    "reject": "leader",
    "send_back": "leader",
}
# The steps that hand the dossier from one party to another: (from, to). The others stay within a party.
HANDOVERS = {
    "assign": ("desk", "department"),
    "submit_for_approval": ("department", "leader"),
    "approve": ("leader", "department"),
    "reject": ("leader", "department"),
    "send_back": ("leader", "department"),
    "mark_result_ready": ("department", "desk"),
    "return_result": ("desk", "citizen"),
    "return_incomplete": ("department", "citizen"),
    "resume_complete": ("desk", "department"),
    "withdraw": ("desk", "citizen"),
}
CLOCK_SETTERS = ("receive", "resume_complete", "apologise")


def _dues_in_force(dossier: Dossier, events: Sequence[DossierEvent], calendar: workdays.Calendar) -> list:
    """The due date in force at each event: set at receipt, again when the clock restarts, moved by the apology.

    The last of these is the dossier's own due date; earlier ones come from what the events recorded, or are
    worked out again from the calendar as the services did.
    """
    setters = [index for index, event in enumerate(events) if event.action in CLOCK_SETTERS]
    last = setters[-1] if setters else None
    due, dues = None, []
    for index, event in enumerate(events):
        if index == last:
            due = dossier.due_at
        elif event.action == "apologise":
            due = _moment(event.data.get("new_due")) or due
        elif event.action in CLOCK_SETTERS:
            due = _moment(event.data.get("due"))
            if due is None:
                try:
                    due = workdays.due(calendar, event.at, workdays.Period.working(dossier.working_days))
                except workdays.OutOfRange:
                    due = dossier.due_at
        dues.append(due if due is not None else dossier.due_at)
    return dues


def _outcome(at: datetime, due: datetime | None, *, result: bool) -> paperwork.StepOutcome | None:
    if due is None:
        return None
    if at > due:
        return paperwork.StepOutcome.LATE
    if result and at.astimezone(workdays.VIETNAM).date() < due.astimezone(workdays.VIETNAM).date():
        return paperwork.StepOutcome.EARLY
    return paperwork.StepOutcome.ON_TIME


def control_sheet_of(
    dossier: Dossier,
    events: Sequence[DossierEvent],
    *,
    calendar: workdays.Calendar,
    departments: dict[str, str],
    assignees: dict[str, str],
) -> paperwork.ControlSheet | None:
    """Form 05: one row per hand-over, judged against the due date in force at the time (None before receipt).

    `events` are the dossier's, in order, with their actors; `assignees` maps the usernames the assign events
    recorded to full names.
    """
    if not dossier.code or dossier.received_at is None or dossier.due_at is None:
        return None
    letterhead = letterhead_of(dossier.commune, dossier)
    lead = department_label(dossier.procedure.department_kind, departments)
    parties = {
        "desk": letterhead.desk_name,
        "department": lead,
        "leader": f"Lãnh đạo {letterhead.committee}",
        "citizen": APPLICANT,
    }
    dues = _dues_in_force(dossier, events, calendar)
    judge = _StepJudge(dossier, calendar)
    steps = []
    for index, event in enumerate(events):
        if event.action not in HANDOVERS:
            judge.passing(event)
            continue
        giver, taker = HANDOVERS[event.action]
        allowed = used = None
        if event.action == "withdraw":
            outcome = None  # the citizen's choice, not a step of the processing
        elif event.action == "return_result":
            # When the citizen comes for the result is theirs to choose: the step is judged by when it was ready.
            outcome = _outcome(dossier.finished_at or event.at, dues[index], result=True)
        else:
            allowed, used = judge.handover(event, giver)
            outcome = paperwork.StepOutcome.LATE if used > allowed else paperwork.StepOutcome.ON_TIME
        judge.handed(event, taker)
        steps.append(
            paperwork.ControlStep(
                from_party=parties[giver],
                to_party=parties[taker],
                handed_at=event.at,
                from_person=_person(event),
                to_person=_receiver(dossier, events, index, taker, assignees),
                outcome=outcome,
                note=event.note.strip(),
                allowed=allowed,
                used=used,
            )
        )
    return paperwork.ControlSheet(
        letterhead=letterhead,
        dossier_code=dossier.code,
        procedure_name=dossier.procedure.name,
        applicant_name=dossier.applicant_name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        lead_agency=lead,
        steps=steps,
    )


class _StepJudge:
    """Each hand-over against its own step's time in the internal procedure (vidan.onestop.step_times): the
    working time the giver held the dossier, added up over the times it came back to them, against the share
    of the time limit the procedure's split gives their step. The count starts again when the time limit
    restarts; the time the dossier waits for the citizen is nobody's step."""

    def __init__(self, dossier: Dossier, calendar: workdays.Calendar):
        self.dossier, self.calendar = dossier, calendar
        try:
            self.split = split_parse(dossier.procedure.step_split)
        except ValueError:
            self.split = dict(DEFAULT_SPLIT)
        self.restarting = dossier.restarts > 0
        self._start(dossier.received_at)
        self.decided = False

    def _start(self, moment: datetime) -> None:
        """The count from `moment`: nothing used yet, the time limit's working time to share out."""
        self.used = {kind: timedelta() for kind in self.split}
        self.since = moment
        try:
            due = workdays.due(self.calendar, moment, workdays.Period.working(self.dossier.working_days))
        except workdays.OutOfRange:
            due = self.dossier.due_at
        self.limit = office_time_between(self.calendar, moment, due)

    def passing(self, event: DossierEvent) -> None:
        if event.action == "receive":
            self.since = event.at

    def _step(self, giver: str) -> str:
        if giver == "department":
            return "result" if self.decided else "department"
        return giver

    def handover(self, event: DossierEvent, giver: str) -> tuple[timedelta, timedelta]:
        """(the step's own time, the time its party held the dossier) at this hand-over."""
        if event.action == "resume_complete" and self.restarting:
            self._start(event.at)
        kind = self._step(giver)
        if self.since is not None:
            self.used[kind] += office_time_between(self.calendar, self.since, event.at)
        allowed = self.limit * self.split[kind] / 100
        if event.action in ("approve", "reject"):
            self.decided = True
        elif event.action == "send_back":
            self.decided = False
        return _minute(allowed), _minute(self.used[kind])

    def handed(self, event: DossierEvent, taker: str) -> None:
        self.since = None if taker == "citizen" else event.at


def _minute(span: timedelta) -> timedelta:
    return timedelta(minutes=round(span.total_seconds() / 60))


def _receiver(dossier, events, index: int, taker: str, assignees: dict[str, str]) -> str:
    """Who took the dossier: the citizen, the specialist it was assigned to, or whoever of the receiving party
    acted on it next."""
    if taker == "citizen":
        return dossier.applicant_name
    event = events[index]
    if event.action == "assign" and event.data.get("assignee") in assignees:
        return assignees[event.data["assignee"]]
    for later in events[index + 1 :]:
        if ACTING_PARTY.get(later.action) == taker:
            return _person(later)
    return ""


def assignee_names(commune: Commune, events: Sequence[DossierEvent]) -> dict[str, str]:
    """The full names of the officers the assign events name (by username), in one query."""
    usernames = {event.data.get("assignee") for event in events if event.action == "assign"} - {None}
    if not usernames:
        return {}
    return dict(Staff.objects.filter(username__in=usernames, commune=commune).values_list("username", "full_name"))


# -- form 06, the tracking book ----------------------------------------------------------------------------


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=workdays.VIETNAM)


def tracking_book_dossiers(
    *,
    commune: Commune,
    received_from: date,
    received_to: date,
    department_kind: str = "",
    procedure_code: str = "",
) -> QuerySet:
    """The commune's dossiers received in the period (both days included), in the order of receipt, with
    their procedure and the moment each was first handed to a specialist: one query, whatever the number."""
    first_assigned = (
        DossierEvent.objects.filter(dossier=OuterRef("pk"), action="assign").order_by("id").values("at")[:1]
    )
    qs = Dossier.objects.filter(
        commune=commune,
        received_at__gte=_midnight(received_from),
        received_at__lt=_midnight(received_to + timedelta(days=1)),
    )
    if department_kind:
        qs = qs.filter(procedure__department_kind=department_kind)
    if procedure_code:
        # Every version of the procedure: the book covers a period, and the catalogue may have changed in it.
        qs = qs.filter(procedure__code=procedure_code)
    return (
        qs.select_related("procedure").annotate(transferred_at=Subquery(first_assigned)).order_by("received_at", "id")
    )


@dataclass(frozen=True)
class BookScope:
    received_from: date
    received_to: date
    department: str = ""  # as printed; empty for every department


def _note(dossier: Dossier, now: datetime) -> str:
    notes = []
    if dossier.status == DossierStatus.WITHDRAWN:
        notes.append("Công dân rút hồ sơ")
    elif dossier.status == DossierStatus.WAITING_CITIZEN:
        notes.append("Chờ công dân bổ sung")
    due = dossier.due_at
    if due is not None:
        finished = dossier.finished_at
        if (finished is not None and finished > due) or (
            finished is None and dossier.status in CLOCK_RUNNING and now > due
        ):
            notes.append("Quá hạn")
    if dossier.apologised:
        notes.append("Đã xin lỗi, hẹn lại ngày trả kết quả")
    return "; ".join(notes)


def tracking_row_of(
    dossier: Dossier, *, agencies: dict[str, str], now: datetime, line: int | None = None
) -> paperwork.TrackingRow:
    """One line of the book. `dossier` comes from `tracking_book_dossiers` (procedure joined, transferred_at);
    `agencies` names the department of each kind; `line` is its line in its year's volume."""
    contact = ", ".join(part for part in (dossier.applicant_address, dossier.applicant_phone) if part)
    result_on = dossier.finished_at
    if result_on is None and dossier.status == DossierStatus.WAITING_CITIZEN:
        result_on = dossier.paused_since  # sent back to the citizen to complete
    return paperwork.TrackingRow(
        dossier_code=dossier.code or "",
        procedure_name=dossier.procedure.name,
        applicant_name=dossier.applicant_name,
        applicant_contact=contact,
        lead_agency=agencies.get(dossier.procedure.department_kind, dossier.procedure.department_kind),
        received_on=dossier.received_at,
        due_on=dossier.due_at,
        transferred_on=getattr(dossier, "transferred_at", None),
        result_on=result_on,
        returned_on=dossier.returned_at,
        note=_note(dossier, now),
        line=line,
    )


def tracking_book_of(
    commune: Commune, dossiers: Sequence[Dossier], *, scope: BookScope, departments: dict[str, str], now: datetime
) -> paperwork.TrackingBook:
    agencies = {kind: department_label(kind, departments) for kind in DepartmentKind.values}
    lines = tracking_lines(commune, dossiers)
    return paperwork.TrackingBook(
        letterhead=letterhead_of(commune),
        period_from=scope.received_from,
        period_to=scope.received_to,
        rows=[tracking_row_of(dossier, agencies=agencies, now=now, line=lines.get(dossier.pk)) for dossier in dossiers],
        department=scope.department,
    )
