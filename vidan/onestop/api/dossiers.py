"""A commune's one-stop dossiers for its staff: the queues, a dossier with its steps, receipt at the desk, a step
of the lifecycle, the apology. Authentication: staff token; access per commune and role.

The endpoints call the services the back office's pages call, so the same rules, events and audit entries
apply: the endpoints parse the request and leave every rule of a step to the service. A field a service
refuses is reported as 422 under the name the request body gave it.
"""

import re
from contextlib import contextmanager
from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator, PlainValidator
from pydantic_core import PydanticCustomError

from vidan.audit.services import audit_record
from vidan.core.api import may_refuse
from vidan.core.days import DAY_OUT_OF_RANGE, day_in_range
from vidan.core.errors import DomainError, FieldsRefused, refusal_fields
from vidan.onestop.access import access_dossier
from vidan.onestop.applicant import applicant_clean
from vidan.onestop.dossier_fees import FEE_PAY_PERMISSION, dossier_fee_mark_paid
from vidan.onestop.intake_items import HANDED_FORMS, HandedDocument, MissingItem
from vidan.onestop.lifecycle import TRANSITIONS, apology_offered
from vidan.onestop.models import Channel, Dossier, DossierStatus, FeeExemption, PaymentMethod
from vidan.onestop.queues import (
    QUEUES,
    default_queue,
    dossier_events,
    dossier_queue,
    dossier_standing,
)
from vidan.onestop.selectors import dossier_actions_offered, procedure_in_force
from vidan.onestop.services import commune_calendar, dossier_apologise, dossier_receive_at_desk, dossier_transition
from vidan.onestop.staff_forms import STEPS, step_done_label
from vidan.org.access import access_commune
from vidan.org.models import DepartmentKind
from vidan.org.rules import needs
from vidan.workdays import VIETNAM, Calendar

router = Router(tags=["dossiers"])  # every operation needs a staff token (vidan/onestop/api/__init__.py)

# The queue a search runs in when the caller names none, as on the back office's page (without a search, the
# caller's own default queue).
ALL_QUEUE = "tat-ca"
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _appointment(value) -> date | datetime:
    """A day (the appointment is then at the close of office hours) or a moment (Vietnamese time if naive)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            # A day is written yyyy-mm-dd; anything else must be a moment with its time ("T" or a space).
            if DAY.fullmatch(text):
                return date.fromisoformat(text)
            if re.search(r"\d[T ]\d", text):
                return datetime.fromisoformat(text)
        except ValueError:
            pass
    raise PydanticCustomError(
        "appointment",
        str(_("Give the new appointment as a day (2026-12-15) or a day and time (2026-12-15T16:00:00+07:00).")),
    )


def _day(value: date) -> date:
    if not day_in_range(value):
        raise PydanticCustomError("day_out_of_range", str(DAY_OUT_OF_RANGE))
    return value


Day = Annotated[date, AfterValidator(_day)]
# Further than any commune's dossiers go: a larger offset is refused before it reaches the database.
MAX_OFFSET = 10_000_000

Appointment = Annotated[date | datetime, PlainValidator(_appointment, json_schema_input_type=date | datetime)]


class ProcedureOut(Schema):
    code: str
    name: str


class DossierItemOut(Schema):
    id: int
    code: str | None
    reference: str | None = Field(
        None, description="An online dossier's tracking reference (its code comes at receipt)"
    )
    procedure: ProcedureOut
    status: str
    status_label: str
    channel: str
    applicant_name: str
    received_at: datetime | None
    due_at: datetime | None
    apologised: bool
    late: bool
    working_days_left: int | None = Field(description="Working days left after today; negative when late")
    assignee: str | None = Field(description="The assigned specialist's username")


class DossierPageOut(Schema):
    queue: str
    count: int
    limit: int
    offset: int
    next_offset: int | None
    items: list[DossierItemOut]


class EventOut(Schema):
    at: datetime
    action: str
    action_label: str
    from_status: str
    to_status: str
    to_label: str
    actor: str
    actor_name: str
    note: str


class ActionOut(Schema):
    action: str
    label: str
    permission: str
    note_required: bool
    needs_assignee: bool


class DossierFeeOut(Schema):
    amount: int | None = Field(description="In đồng; null for the province's rate until the fee is taken")
    pages: int | None
    copies: int
    exemption: str = Field(description="Luật Hộ tịch Art. 11(1)(a) reason, or empty")
    status: str = Field(description="unpaid, paid or exempt")
    status_label: str
    paid_at: datetime | None
    payment_method: str


class DossierOut(DossierItemOut):
    fee: DossierFeeOut
    applicant_phone: str
    applicant_email: str
    applicant_address: str
    result_delivery: str = Field(description="Where the result is received: desk, or post")
    working_days: int
    submitted_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    received_by: str | None
    events: list[EventOut]
    actions: list[ActionOut] = Field(description="The steps the caller may take now")
    may_apologise: bool = Field(description="Whether the caller may give the apology with a new appointment now")


class ReceivedOut(DossierOut):
    pin: str = Field(description="The citizen's PIN for the lookup: shown once, stored only as a hash")


class QueueQuery(Schema):
    queue: Literal[tuple(QUEUES)] | None = Field(
        None, description="The tab; by default the caller's own (all dossiers when searching)"
    )
    q: str = Field("", max_length=100, description="Code, applicant's name (accents optional) or phone")
    procedure: str = Field("", max_length=40, description="A procedure code")
    department_kind: DepartmentKind | None = None
    status: DossierStatus | None = None
    received_from: Day | None = None
    received_to: Day | None = None
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ItemIn(Schema):
    name: str = Field(..., max_length=255, description="A document to add or correct")
    reason: str = Field(..., max_length=500, description="Why: the citizen receives it in writing")


class DocumentIn(Schema):
    name: str = Field(..., max_length=255)
    form: str = Field("original", json_schema_extra={"enum": list(HANDED_FORMS)})
    count: int = Field(1, ge=1, le=99)


class ReceiveIn(Schema):
    procedure: str = Field(..., min_length=1, max_length=40, description="The procedure code (HT-04, …)")
    applicant_name: str = Field(..., max_length=120)
    applicant_phone: str = Field("", max_length=24)
    applicant_email: str = Field("", max_length=254)
    applicant_address: str = Field("", max_length=255)
    result_delivery: str = Field(
        "desk",
        description="Where the result is received: desk, or post (to the applicant's address)",
        json_schema_extra={"enum": ["desk", "post"]},
    )
    needs_verification: bool = False
    fee_pages: int | None = Field(None, description="Pages of the original, when the fee is counted per page")
    fee_copies: int | None = Field(None, description="Copies asked for, when the fee is counted per copy")
    fee_exemption: FeeExemption | None = Field(None, description="Luật Hộ tịch Art. 11(1)(a): the fee becomes 0")
    documents: list[DocumentIn] = Field(
        [], max_length=50, description="The documents actually handed in (form 01 lists them; none: the catalogue's)"
    )


class FeePaymentIn(Schema):
    method: PaymentMethod
    amount: int | None = Field(None, description="Only for a fee at the province's rate: the amount taken, in đồng")


class StepIn(Schema):
    action: str = Field(..., max_length=40, json_schema_extra={"enum": list(TRANSITIONS)})
    expected_status: DossierStatus = Field(..., description="The status the caller saw; if it changed: 409")
    note: str = Field("", max_length=2000)
    assignee_id: int | None = Field(None, description="For `assign`: the specialist of the commune")
    needs_verification: bool = Field(False, description="For `receive`: add the procedure's verification days")
    items: list[ItemIn] = Field(
        [], max_length=50, description="For `request_supplement` and `return_incomplete`: each item with its reason"
    )
    documents: list[DocumentIn] = Field(
        [], max_length=50, description="For `receive`: the documents actually handed in (form 01 lists them)"
    )


class ApologyIn(Schema):
    reason: str = Field(..., max_length=2000)
    new_due: Appointment = Field(..., description="A working day (then at the close of office hours) or a moment")


@contextmanager
def _fields_as_sent(**renames: str):
    """A field a service refused becomes a 422 naming the field of the request body (`renames`: service's name
    → body's name). Conflicts, refusals and "not found" keep their own status."""
    try:
        yield
    except DomainError as error:
        if error.status != DomainError.status:
            raise
        fields: dict[str, list[str]] = {}
        for field, messages in refusal_fields(error).items():
            fields.setdefault(renames.get(field, field) or "body", []).extend(messages)
        raise ValidationError(fields) from error


def _item(dossier: Dossier, calendar: Calendar, now: datetime) -> dict:
    standing = dossier_standing(dossier, calendar, now)
    return {
        "id": dossier.id,
        "code": dossier.code,
        "reference": dossier.reference,
        "procedure": ProcedureOut(code=dossier.procedure.code, name=dossier.procedure.name),
        "status": dossier.status,
        "status_label": str(dossier.get_status_display()),
        "channel": dossier.channel,
        "applicant_name": dossier.applicant_name,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "apologised": dossier.apologised,
        "late": bool(standing and standing.late),
        "working_days_left": standing.remaining if standing else None,
        "assignee": dossier.assignee.username if dossier.assignee else None,
    }


def _detail(actor, dossier: Dossier) -> dict:
    """A dossier as its page shows it: the steps taken so far and those the actor may take now."""
    labels = dict(DossierStatus.choices)
    events = [
        EventOut(
            at=event.at,
            action=event.action,
            action_label=str(step_done_label(event.action)),
            from_status=event.from_status,
            to_status=event.to_status,
            to_label=str(labels.get(event.to_status, event.to_status)),
            actor=event.actor_label,
            actor_name=event.actor.full_name if event.actor else "",
            note=event.note,
        )
        for event in dossier_events(dossier)
    ]
    actions = [
        ActionOut(
            action=action,
            label=str(STEPS[action].button),
            permission=TRANSITIONS[action].permission,
            note_required=TRANSITIONS[action].note_required,
            needs_assignee=TRANSITIONS[action].assignee_required,
        )
        for action in dossier_actions_offered(actor, dossier)
    ]
    return {
        **_item(dossier, commune_calendar(dossier.commune), timezone.now()),
        "applicant_phone": dossier.applicant_phone,
        "applicant_email": dossier.applicant_email,
        "applicant_address": dossier.applicant_address,
        "result_delivery": dossier.result_delivery,
        "working_days": dossier.working_days,
        "submitted_at": dossier.submitted_at,
        "finished_at": dossier.finished_at,
        "returned_at": dossier.returned_at,
        "received_by": dossier.received_by.username if dossier.received_by else None,
        "fee": DossierFeeOut(
            amount=dossier.fee_amount,
            pages=dossier.fee_pages,
            copies=dossier.fee_copies,
            exemption=dossier.fee_exemption,
            status=dossier.fee_status,
            status_label=str(dossier.get_fee_status_display()),
            paid_at=dossier.fee_paid_at,
            payment_method=dossier.fee_payment_method,
        ),
        "events": events,
        "actions": actions,
        "may_apologise": apology_offered(actor, dossier, timezone.now()),
    }


@router.get(
    "communes/{commune_id}/dossiers",
    response=DossierPageOut,
    summary="A queue of a commune's dossiers, filtered",
    openapi_extra=needs("dossier.view"),
)
def dossier_list(request, commune_id: int, filters: Query[QueueQuery]):
    actor = request.actor
    commune = access_commune(actor, commune_id, permission="dossier.view")
    if filters.received_from and filters.received_to and filters.received_from > filters.received_to:
        raise ValidationError({"received_to": [_("The start date is after the end date.")]})
    query = filters.q.strip()
    queue = filters.queue or (ALL_QUEUE if query else default_queue(actor, commune.id))
    now, calendar = timezone.now(), commune_calendar(commune)
    dossiers = dossier_queue(
        commune=commune,
        queue=queue,
        staff=actor.staff,
        now=now,
        calendar=calendar,
        query=query,
        department_kind=filters.department_kind or "",
        status=filters.status or "",
        received_from=filters.received_from,
        received_to=filters.received_to,
    )
    if filters.procedure.strip():
        # Every version of the procedure: the catalogue keeps one row per period of validity.
        dossiers = dossiers.filter(procedure__code=filters.procedure.strip())
    page = list(dossiers[filters.offset : filters.offset + filters.limit])
    count = dossiers.count()
    end = filters.offset + len(page)
    return DossierPageOut(
        queue=queue,
        count=count,
        limit=filters.limit,
        offset=filters.offset,
        next_offset=end if end < count else None,
        items=[DossierItemOut(**_item(dossier, calendar, now)) for dossier in page],
    )


@router.get(
    "dossiers/{int:dossier_id}",
    response=DossierOut,
    summary="A dossier with its steps and the steps the caller may take (audited)",
    openapi_extra=needs("dossier.view"),
)
def dossier_detail(request, dossier_id: int):
    dossier = access_dossier(request.actor, dossier_id)
    # It shows the applicant's personal data: every view is recorded, as on the dossier's page (docs/legal.md §5).
    with transaction.atomic():
        audit_record(actor=request.actor, action="onestop.dossier.view", obj=dossier, commune=dossier.commune)
    return DossierOut(**_detail(request.actor, dossier))


@router.post(
    "communes/{commune_id}/dossiers",
    response={201: ReceivedOut},
    summary="Receive a complete dossier at the desk; the PIN is shown this once",
    openapi_extra=needs("dossier.receive"),
)
def dossier_receive(request, commune_id: int, payload: ReceiveIn):
    commune = access_commune(request.actor, commune_id, permission="dossier.receive")
    procedure = procedure_in_force(payload.procedure.strip())
    # Every field at fault at once. With a known procedure the service checks the particulars and the
    # verification days itself; without one it is never called, so the particulars are checked here, as it would.
    if procedure is None:
        problems: dict[str, list] = {"procedure": [_("No procedure in force has this code.")]}
        try:
            applicant_clean(
                channel=Channel.DESK,
                name=payload.applicant_name,
                phone=payload.applicant_phone,
                email=payload.applicant_email,
                address=payload.applicant_address,
                result_delivery=payload.result_delivery,
            )
        except FieldsRefused as refused:
            problems.update(refused.fields)
        raise ValidationError(problems)
    with _fields_as_sent():
        dossier, pin = dossier_receive_at_desk(
            actor=request.actor,
            commune=commune,
            procedure=procedure,
            applicant_name=payload.applicant_name,
            applicant_phone=payload.applicant_phone,
            applicant_email=payload.applicant_email,
            applicant_address=payload.applicant_address,
            result_delivery=payload.result_delivery,
            needs_verification=payload.needs_verification,
            fee_pages=payload.fee_pages,
            fee_copies=payload.fee_copies,
            fee_exemption=payload.fee_exemption or "",
            documents=[HandedDocument(doc.name, doc.form, doc.count) for doc in payload.documents],
        )
    return Status(201, ReceivedOut(**_detail(request.actor, access_dossier(request.actor, dossier.pk)), pin=pin))


@router.post(
    "dossiers/{int:dossier_id}/steps",
    response=DossierOut,
    summary="Take a step of the dossier's life; each action needs its own permission (x-permission-by-action)",
    # One permission cannot say it: x-permission names the desk's (withdraw, return the result, …), the one the
    # permission matrix tries; x-permission-by-action lists every action's.
    openapi_extra={
        **needs("dossier.receive"),
        **may_refuse(409),
        "x-permission-by-action": {action: step.permission for action, step in TRANSITIONS.items()},
    },
)
def dossier_step(request, dossier_id: int, payload: StepIn):
    actor = request.actor
    dossier = access_dossier(actor, dossier_id)
    with _fields_as_sent(assignee="assignee_id"):
        dossier_transition(
            actor=actor,
            dossier=dossier,
            action=payload.action,
            expected_status=payload.expected_status,
            note=payload.note,
            assignee=payload.assignee_id,
            needs_verification=payload.needs_verification,
            items=[MissingItem(item.name, item.reason) for item in payload.items],
            documents=[HandedDocument(doc.name, doc.form, doc.count) for doc in payload.documents],
        )
    return DossierOut(**_detail(actor, access_dossier(actor, dossier_id)))


@router.post(
    "dossiers/{int:dossier_id}/apology",
    response=DossierOut,
    summary="The written apology with a new appointment (form 04), once per dossier",
    openapi_extra={**needs("dossier.apologise"), **may_refuse(409)},
)
def dossier_apology(request, dossier_id: int, payload: ApologyIn):
    actor = request.actor
    dossier = access_dossier(actor, dossier_id, permission="dossier.apologise")
    new_due = payload.new_due
    if not isinstance(new_due, datetime):
        new_due = commune_calendar(dossier.commune).end_of_day(new_due)
    elif timezone.is_naive(new_due):
        new_due = new_due.replace(tzinfo=VIETNAM)
    with _fields_as_sent():
        dossier_apologise(actor=actor, dossier=dossier, reason=payload.reason.strip(), new_due=new_due)
    return DossierOut(**_detail(actor, access_dossier(actor, dossier_id)))


@router.post(
    "dossiers/{int:dossier_id}/fee-payment",
    response=DossierOut,
    summary="The desk took the dossier's fee: marked paid, now, by the method given",
    openapi_extra={**needs(FEE_PAY_PERMISSION), **may_refuse(409)},
)
def dossier_fee_payment(request, dossier_id: int, payload: FeePaymentIn):
    actor = request.actor
    dossier = access_dossier(actor, dossier_id, permission=FEE_PAY_PERMISSION)
    with _fields_as_sent():
        dossier_fee_mark_paid(actor=actor, dossier=dossier, method=payload.method, amount=payload.amount)
    return DossierOut(**_detail(actor, access_dossier(actor, dossier_id)))
