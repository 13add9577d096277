"""Writing dossiers: receipt at the desk, every step of the lifecycle, the apology. One function a mutation,
each locking the dossier, enforcing every condition the transition table (vidan.onestop.lifecycle) writes for
its step, taking the clock's steps through the engine (vidan.workdays), writing the event and the audit entry.

Whoever calls them — a page, the API, a command, a test — gets the same refusals: a DomainError naming the
field at fault (a FieldsRefused when several are), a Conflict when the dossier moved on, PermissionDenied."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vidan import workdays
from vidan.audit.services import audit_record
from vidan.core.errors import Conflict, DomainError, FieldsRefused, PermissionDenied
from vidan.core.rows import row_insert
from vidan.onestop.applicant import applicant_clean
from vidan.onestop.codes import dossier_code, dossier_number_take, pin_new
from vidan.onestop.deadlines import dossier_clock, dossier_clock_keep
from vidan.onestop.fee_request import dossier_fee_work_out
from vidan.onestop.intake_items import HandedDocument, MissingItem, documents_data, items_checked, items_note
from vidan.onestop.lifecycle import (
    APOLOGY,
    APOLOGY_NOT_RUNNING,
    APOLOGY_ONCE,
    APOLOGY_TOO_LATE,
    ASSIGNEE_MISSING,
    ASSIGNEE_REFUSED,
    RECEIPT_AT_DESK,
    TRANSITIONS,
    ClockMove,
    Transition,
)
from vidan.onestop.models import Channel, Dossier, DossierEvent, Procedure, ResultDelivery
from vidan.onestop.notices import citizen_notify
from vidan.onestop.versions import desk_rules_in_force, dossier_rules
from vidan.org.actors import Actor
from vidan.org.models import Commune, Department, Staff
from vidan.org.selectors import province_of


def commune_calendar(commune: Commune) -> workdays.Calendar:
    province = province_of(commune.unit)
    return workdays.calendar_for(province.code if province else None)


def dossier_event_record(dossier: Dossier, actor: Actor, action: str, from_status: str, note: str = "", **data) -> None:
    """The event row and the audit entry of one step, written in the caller's transaction, last: the audit
    entry locks the head of the deployment's chain until the commit, so nothing else should wait behind it."""
    event = DossierEvent(
        dossier=dossier,
        commune_id=dossier.commune_id,
        at=timezone.now(),
        actor=actor.staff,
        actor_label=actor.label,
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        note=note,
        data=data,
    )
    event.full_clean(exclude=["dossier", "commune", "actor"])
    row_insert(event)
    audit_record(
        actor=actor,
        action=f"onestop.dossier.{action}",
        obj=dossier,
        commune=dossier.commune,
        data={"from": from_status, "to": dossier.status, **data},
    )


def _locked(dossier: Dossier) -> Dossier:
    """The dossier read again under its row lock. Only its own row is locked; its commune (with the unit and
    the unit's parent, so that the province's calendar costs no query) and its procedure are read with it."""
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("commune__unit__parent", "procedure")
        .get(pk=dossier.pk)
    )


def _working_days(procedure: Procedure, needs_verification: bool) -> int:
    """The time limit a dossier is received under: the procedure's, plus its days for verification when the
    facts must be verified and the procedure allows it."""
    extra = procedure.verification_extra_days
    if needs_verification and not extra:
        raise FieldsRefused(
            {"needs_verification": [_("This procedure allows no extra time for verification; untick the box.")]}
        )
    return procedure.time_limit_days + (extra if needs_verification else 0)


def dossier_agency_code(commune: Commune, procedure: Procedure) -> str:
    """The agency a dossier is numbered under: the commune's department that handles the procedure when it is an
    agency of its own (the commune police, for residence), otherwise the People's Committee."""
    own = (
        Department.objects.filter(commune=commune, kind=procedure.department_kind, agency_code__isnull=False)
        .order_by("pk")
        .values_list("agency_code", flat=True)
        .first()
    )
    return own or commune.agency_code


def _received(dossier: Dossier, actor: Actor, now, calendar: workdays.Calendar) -> list[str]:
    """The receipt (NĐ 61/2018 Art. 18): the official code, whose date is the day of receipt; who received it
    and when; the clock starts. Returns the fields it set."""
    agency, day = dossier_agency_code(dossier.commune, dossier.procedure), timezone.localdate(now)
    dossier.code = dossier_code(agency, day, dossier_number_take(agency_code=agency, day=day))
    dossier.received_at, dossier.received_by = now, actor.staff
    dossier.rules = desk_rules_in_force(day)
    clock = workdays.clock_start(calendar, now, workdays.Period.working(dossier.working_days))
    return ["code", "received_at", "received_by", "rules", *dossier_clock_keep(dossier, clock)]


@transaction.atomic
def dossier_receive_at_desk(
    *,
    actor: Actor,
    commune: Commune,
    procedure: Procedure,
    applicant_name: str,
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    result_delivery: str = ResultDelivery.DESK,
    needs_verification: bool = False,
    fee_pages: int | str | None = None,
    fee_copies: int | str | None = None,
    fee_exemption: str = "",
    documents: Sequence[HandedDocument] = (),
) -> tuple[Dossier, str]:
    """A dossier handed in at the desk and found complete: received, numbered, with its due date and its fee.

    `documents` are the papers actually handed in, with their form and number, as the receipt (form 01) lists
    them.

    Returns the dossier and the citizen's PIN (shown on the receipt once, stored only as a hash). The
    applicant's particulars are cleaned as every door cleans them (vidan.onestop.applicant); what is wrong
    with them, with the verification box and with the fee's pages, copies and exemption is refused at once,
    field by field.
    """
    step = RECEIPT_AT_DESK
    if not actor.can(step.permission, commune.id):
        raise PermissionDenied()
    errors: dict[str, list] = {}
    try:
        applicant = applicant_clean(
            channel=Channel.DESK,
            name=applicant_name,
            phone=applicant_phone,
            email=applicant_email,
            address=applicant_address,
            result_delivery=result_delivery,
        )
    except FieldsRefused as refused:
        errors.update(refused.fields)
    try:
        working_days = _working_days(procedure, needs_verification)
    except FieldsRefused as refused:
        errors.update(refused.fields)
    try:
        fee = dossier_fee_work_out(procedure, online=False, pages=fee_pages, copies=fee_copies, exemption=fee_exemption)
    except FieldsRefused as refused:
        errors.update({f"fee_{name}" if name in ("pages", "copies") else name: m for name, m in refused.fields.items()})
    if errors:
        raise FieldsRefused(errors)
    now = timezone.now()
    pin, pin_hash = pin_new()
    dossier = Dossier(
        commune=commune,
        procedure=procedure,
        pin_hash=pin_hash,
        channel=Channel.DESK,
        status=step.target,
        **applicant.columns(),
        working_days=working_days,
        submitted_at=now,
        **fee.columns(),
    )
    _received(dossier, actor, now, commune_calendar(commune))
    dossier.full_clean(exclude=["commune", "procedure", "assignee", "received_by"])
    dossier.save()
    citizen_notify(dossier, step.notice)
    handed = {"documents": documents_data(documents)} if documents else {}
    dossier_event_record(
        dossier,
        actor,
        "receive",
        "",
        procedure=procedure.code,
        due=dossier.due_at.isoformat(),
        fee=dossier.fee_amount,
        fee_exemption=dossier.fee_exemption,
        **handed,
    )
    return dossier, pin


def _assignee(dossier: Dossier, transition: Transition, assignee: Staff | int | None) -> Staff:
    """The staff member a step hands the dossier to, looked up among the active staff of the dossier's commune
    who hold one of the step's roles: an id from a form or the API, or a staff member, is checked the same."""
    assignee_id = assignee.pk if isinstance(assignee, Staff) else assignee
    if assignee_id is None:
        raise DomainError(ASSIGNEE_MISSING, field="assignee")
    try:
        found = (
            Staff.objects.filter(
                pk=int(assignee_id),
                commune_id=dossier.commune_id,
                is_active=True,
                grants__role__in=transition.assignee_roles,
            )
            .only("pk", "username")
            .first()
        )
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise DomainError(ASSIGNEE_REFUSED, field="assignee")
    return found


def _clock_moved(dossier: Dossier, move: ClockMove, actor: Actor, now) -> list[str]:
    """The step's move of the legal clock, through the engine. Returns the fields it set."""
    calendar = commune_calendar(dossier.commune)
    if move == ClockMove.START:
        return _received(dossier, actor, now, calendar)
    if move == ClockMove.PAUSE:
        event = workdays.Pause(now)
    elif move == ClockMove.RESUME:
        # Whether the time already spent counts is the rule of the version the dossier was received under.
        event = workdays.Resume(now, restart=dossier_rules(dossier).return_restarts)
    else:
        raise ValueError(f"{move} is not a step's move")
    return dossier_clock_keep(dossier, workdays.clock_apply(calendar, dossier_clock(dossier), event))


@transaction.atomic
def dossier_transition(
    *,
    actor: Actor,
    dossier: Dossier,
    action: str,
    expected_status: str,
    note: str = "",
    assignee: Staff | int | None = None,
    needs_verification: bool = False,
    items: Sequence[MissingItem] = (),
    documents: Sequence[HandedDocument] = (),
) -> Dossier:
    """Take one step of the lifecycle, on every condition the transition table writes for it.

    `items` are what a supplement request or a return asks for, each with its reason (every one is refused
    without its reason); they open the note the citizen receives. `documents` are the papers handed in with
    a receipt.

    `expected_status` is the status the actor saw: if someone else moved the dossier in the meantime, the
    step is refused with a Conflict and nothing changes. `assignee` (a staff member or their id) is for the
    steps that hand the dossier on; `needs_verification` for those that may add the procedure's extra days."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise DomainError(_("Unknown action."), field="action")
    dossier = _locked(dossier)
    if not actor.can(transition.permission, dossier.commune_id):
        raise PermissionDenied()
    if dossier.status != expected_status or dossier.status not in transition.sources:
        raise Conflict(
            _("This dossier is now “%(status)s”; the step you chose is no longer possible. Reload the page.")
            % {"status": dossier.get_status_display()}
        )
    note = (note or "").strip()
    before, now = dossier.status, timezone.now()
    changed = ["status"]
    data = {}
    if transition.assignee_required:
        dossier.assignee = _assignee(dossier, transition, assignee)
        changed.append("assignee")
        data["assignee"] = dossier.assignee.username
    if items:
        items = items_checked(items)
        note = items_note(items, note)
        data["items"] = [{"name": item.name, "reason": item.reason} for item in items]
    if documents and transition.clock == ClockMove.START:
        data["documents"] = documents_data(documents)
    if transition.note_required and not note:
        raise DomainError(transition.note_missing, field="note")
    # NĐ 61/2018 Art. 17: everything missing goes in one notice; after it, the desk receives or refuses.
    if transition.once and DossierEvent.objects.filter(dossier=dossier, action=action).exists():
        raise Conflict(transition.once)
    if transition.limit:
        allowed = getattr(dossier_rules(dossier), transition.limit.rule)
        if allowed and DossierEvent.objects.filter(dossier=dossier, action=action).count() >= allowed:
            raise Conflict(transition.limit.refusal % {"n": allowed})
    if transition.verification:
        dossier.working_days = _working_days(dossier.procedure, needs_verification)
        changed.append("working_days")
    if transition.clock:
        changed += _clock_moved(dossier, transition.clock, actor, now)
    if transition.stamp:
        setattr(dossier, transition.stamp, now)
        changed.append(transition.stamp)
    dossier.status = transition.target
    dossier.save(update_fields=[*changed, "updated_at"])
    if transition.notice:
        citizen_notify(dossier, transition.notice, note)
    dossier_event_record(dossier, actor, action, before, note, **data)
    return dossier


# The engine's refusals of a new appointment (vidan.workdays.ClockError codes), in the desk's words.
_APPOINTMENT_REFUSED = {
    "not_later": gettext_lazy("The new appointment must be later than the current one."),
    "not_working_day": gettext_lazy("The new appointment must fall on a working day."),
    "out_of_range": gettext_lazy("The new appointment is too far ahead: the working calendar does not reach it."),
}


@transaction.atomic
def dossier_apologise(*, actor: Actor, dossier: Dossier, reason: str, new_due) -> Dossier:
    """Form 04: a written apology with a new appointment, at most once (NĐ 61/2018 Art. 19(9)).

    The clock decides on the new appointment (later than the current one, on a working day, once); a missing
    reason and a refused appointment are reported together."""
    step = APOLOGY
    dossier = _locked(dossier)
    if not actor.can(step.permission, dossier.commune_id):
        raise PermissionDenied()
    if dossier.status not in step.sources or dossier.due_at is None:
        raise Conflict(APOLOGY_NOT_RUNNING)
    reason = (reason or "").strip()
    errors = {} if reason else {"reason": [step.note_missing]}
    try:
        clock = workdays.clock_apply(
            commune_calendar(dossier.commune), dossier_clock(dossier), workdays.Apologise(timezone.now(), new_due)
        )
    except workdays.ClockError as refusal:
        if refusal.code == "apologised":
            raise Conflict(APOLOGY_ONCE) from None
        if refusal.code == "too_late":
            raise Conflict(APOLOGY_TOO_LATE) from None
        if refusal.code not in _APPOINTMENT_REFUSED:
            raise Conflict(APOLOGY_NOT_RUNNING) from None
        errors.setdefault("new_due", []).append(_APPOINTMENT_REFUSED[refusal.code])
    if errors:
        raise FieldsRefused(errors)
    old_due = dossier.due_at
    changed = dossier_clock_keep(dossier, clock)
    dossier.save(update_fields=[*changed, "updated_at"])
    citizen_notify(dossier, step.notice, reason)
    dossier_event_record(
        dossier, actor, "apologise", dossier.status, reason, old_due=old_due.isoformat(), new_due=new_due.isoformat()
    )
    return dossier
