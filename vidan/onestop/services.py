"""Writing dossiers: receipt at the desk, every step of the lifecycle, the apology. One function a mutation,
each locking the dossier, checking the transition table, writing the event and the audit entry."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan import workdays
from vidan.audit.services import audit_record
from vidan.core.errors import Conflict, DomainError, PermissionDenied
from vidan.core.rows import row_insert
from vidan.core.text import clean_text, fold
from vidan.onestop.codes import dossier_code, dossier_number_take, pin_new
from vidan.onestop.lifecycle import CLOCK_RUNNING, TRANSITIONS
from vidan.onestop.models import Channel, Dossier, DossierEvent, DossierStatus, Procedure
from vidan.onestop.notices import citizen_notify
from vidan.onestop.selectors import supplement_requested
from vidan.org.actors import Actor
from vidan.org.models import Commune, Staff
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


def _start_clock(dossier: Dossier, moment) -> None:
    calendar = commune_calendar(dossier.commune)
    dossier.due_at = workdays.due(calendar, moment, workdays.Period.working(dossier.working_days))


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
    needs_verification: bool = False,
) -> tuple[Dossier, str]:
    """A dossier handed in at the desk and found complete: received, numbered, with its due date.

    Caller has checked `dossier.receive` on the commune. Returns the dossier and the citizen's PIN (shown on
    the receipt once, stored only as a hash).
    """
    if not actor.can("dossier.receive", commune.id):
        raise PermissionDenied()
    now = timezone.now()
    number = dossier_number_take(agency_code=commune.agency_code, day=timezone.localdate(now))
    pin, pin_hash = pin_new()
    dossier = Dossier(
        commune=commune,
        procedure=procedure,
        code=dossier_code(commune.agency_code, timezone.localdate(now), number),
        pin_hash=pin_hash,
        channel=Channel.DESK,
        status=DossierStatus.RECEIVED,
        applicant_name=clean_text(applicant_name),
        applicant_name_folded=fold(applicant_name),
        applicant_phone=clean_text(applicant_phone),
        applicant_email=applicant_email.strip(),
        applicant_address=clean_text(applicant_address),
        working_days=procedure.time_limit_days + (procedure.verification_extra_days if needs_verification else 0),
        submitted_at=now,
        received_at=now,
        received_by=actor.staff,
    )
    _start_clock(dossier, now)
    dossier.full_clean(exclude=["commune", "procedure", "assignee", "received_by"])
    dossier.save()
    citizen_notify(dossier, "received")
    dossier_event_record(dossier, actor, "receive", "", procedure=procedure.code, due=dossier.due_at.isoformat())
    return dossier, pin


@transaction.atomic
def dossier_transition(
    *,
    actor: Actor,
    dossier: Dossier,
    action: str,
    expected_status: str,
    note: str = "",
    assignee: Staff | None = None,
    needs_verification: bool = False,
) -> Dossier:
    """Take one step of the lifecycle. `expected_status` is the status the actor saw: if someone else moved
    the dossier in the meantime, the step is refused with a Conflict and nothing changes.

    `needs_verification` (at the receipt of an online dossier) adds the procedure's extra working days."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise DomainError(_("Unknown action."), field="action")
    dossier = Dossier.objects.select_for_update().select_related("commune__unit", "procedure").get(pk=dossier.pk)
    if not actor.can(transition.permission, dossier.commune_id):
        raise PermissionDenied()
    if dossier.status != expected_status or dossier.status not in transition.sources:
        raise Conflict(
            _("This dossier is now “%(status)s”; the step you chose is no longer possible. Reload the page.")
            % {"status": dossier.get_status_display()}
        )
    before, now = dossier.status, timezone.now()
    changed = ["status"]
    data = {}
    if action == "assign":
        if assignee is None or assignee.commune_id != dossier.commune_id or not assignee.is_active:
            raise DomainError(_("Choose an officer of this commune."), field="assignee")
        dossier.assignee = assignee
        changed.append("assignee")
        data["assignee"] = assignee.username
    elif action in ("request_supplement", "refuse_intake", "return_incomplete", "reject", "withdraw") and not note:
        raise DomainError(_("Give the reasons: the citizen receives them in writing."), field="note")
    elif action == "request_supplement" and supplement_requested(dossier):
        # NĐ 61/2018 Art. 17: everything missing goes in one notice; after it, the desk receives or refuses.
        raise Conflict(_("A supplement was already requested once, listing everything missing: receive or refuse."))
    elif action == "receive":
        # The official code is given on receipt: its date is the day of receipt, and the clock starts now.
        extra = dossier.procedure.verification_extra_days
        if needs_verification and not extra:
            raise DomainError(
                _("This procedure allows no extra time for verification; untick the box."),
                field="needs_verification",
            )
        number = dossier_number_take(agency_code=dossier.commune.agency_code, day=timezone.localdate(now))
        dossier.code = dossier_code(dossier.commune.agency_code, timezone.localdate(now), number)
        dossier.working_days = dossier.procedure.time_limit_days + (extra if needs_verification else 0)
        dossier.received_at, dossier.received_by = now, actor.staff
        _start_clock(dossier, now)
        changed += ["code", "working_days", "received_at", "received_by", "due_at"]
    if action == "return_incomplete":
        dossier.paused_since = now
        changed.append("paused_since")
    elif action == "resume_complete":
        # NĐ 61/2018 Art. 19(4): the time limit counts again from zero when the completed dossier comes back.
        dossier.paused_since, dossier.restarted_at = None, now
        dossier.restarts += 1
        _start_clock(dossier, now)
        changed += ["paused_since", "restarted_at", "restarts", "due_at"]
    elif action == "mark_result_ready":
        dossier.finished_at = now
        changed.append("finished_at")
    elif action == "return_result":
        dossier.returned_at = now
        changed.append("returned_at")
    dossier.status = transition.target
    dossier.save(update_fields=[*changed, "updated_at"])
    notice = {
        "receive": "received",
        "request_supplement": "supplement",
        "refuse_intake": "refused",
        "mark_result_ready": "result_ready",
    }
    if action in notice:
        citizen_notify(dossier, notice[action], note)
    dossier_event_record(dossier, actor, action, before, note, **data)
    return dossier


@transaction.atomic
def dossier_apologise(*, actor: Actor, dossier: Dossier, reason: str, new_due) -> Dossier:
    """Form 04: a written apology with a new appointment, at most once (NĐ 61/2018 Art. 19(9))."""
    dossier = Dossier.objects.select_for_update().select_related("commune").get(pk=dossier.pk)
    if not actor.can("dossier.apologise", dossier.commune_id):
        raise PermissionDenied()
    if dossier.status not in CLOCK_RUNNING or dossier.due_at is None:
        raise Conflict(_("Only a dossier whose time limit is running can be given a new appointment."))
    if dossier.apologised:
        raise Conflict(_("The appointment has already been moved once; the law allows it only once."))
    if not reason.strip():
        raise DomainError(_("Give the reason for the delay."), field="reason")
    if new_due <= dossier.due_at:
        raise DomainError(_("The new appointment must be later than the current one."), field="new_due")
    calendar = commune_calendar(dossier.commune)
    if not calendar.is_working_day(calendar.local(new_due).date()):
        raise DomainError(_("The new appointment must fall on a working day."), field="new_due")
    old_due = dossier.due_at
    dossier.due_at, dossier.apologised = new_due, True
    dossier.save(update_fields=["due_at", "apologised", "updated_at"])
    citizen_notify(dossier, "apology", reason)
    dossier_event_record(
        dossier, actor, "apologise", dossier.status, reason, old_due=old_due.isoformat(), new_due=new_due.isoformat()
    )
    return dossier
