"""Departments' commitments to the model: drawn up as a draft, signed (and then fixed: a new version supersedes
it), and each item followed up period by period with a status, a comment and evidence."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.audit.services import audit_record
from vidan.core.errors import Conflict, FieldsRefused, PermissionDenied
from vidan.core.uploads import CheckedFile
from vidan.model.files import FilesUndone, model_files_store
from vidan.model.models import (
    Commitment,
    CommitmentItem,
    CommitmentStatus,
    FileRole,
    FollowUp,
    FollowUpStatus,
    ModelFile,
    Signatory,
)
from vidan.model.periods import period_containing
from vidan.org.actors import Actor
from vidan.org.models import Department, Role


@dataclass(frozen=True)
class Signer:
    full_name: str
    position: str


def may_act_for(actor: Actor, department: Department) -> bool:
    """The commune's leader or administrator acts for any department; another officer for their own only."""
    if actor.is_system:
        return True
    if not actor.can("model.commit", department.commune_id):
        return False
    if actor.roles_in(department.commune_id) & {Role.LEADER, Role.ADMIN}:
        return True
    return actor.staff is not None and actor.staff.department_id == department.pk


def _act_for_check(actor: Actor, department: Department) -> None:
    if not may_act_for(actor, department):
        raise PermissionDenied(
            _("You act for your own department's commitment only; the commune's leader acts for every department.")
        )


def _contents_check(items: list[str], signers: list[Signer]) -> tuple[list[str], list[Signer]]:
    items = [text.strip() for text in items if text.strip()]
    signers = [
        Signer(s.full_name.strip(), s.position.strip()) for s in signers if s.full_name.strip() or s.position.strip()
    ]
    errors: dict[str, list] = {}
    if not items:
        errors["items"] = [_("Write at least one thing the department commits to.")]
    if not signers:
        errors["signatories"] = [_("Name at least one signatory, with their position.")]
    elif any(not s.full_name or not s.position for s in signers):
        errors["signatories"] = [_("Each signatory needs a name and a position.")]
    if errors:
        raise FieldsRefused(errors)
    return items, signers


def _contents_write(commitment: Commitment, items: list[str], signers: list[Signer]) -> None:
    commitment.items.all().delete()
    commitment.signatories.all().delete()
    CommitmentItem.objects.bulk_create(
        CommitmentItem(commitment=commitment, number=n, text=text) for n, text in enumerate(items, start=1)
    )
    Signatory.objects.bulk_create(
        Signatory(commitment=commitment, full_name=s.full_name, position=s.position, order=n)
        for n, s in enumerate(signers)
    )


@transaction.atomic
def commitment_draft(*, actor: Actor, department: Department, items: list[str], signers: list[Signer]) -> Commitment:
    """A new draft of the department's commitment (version 1, or the next after the signed one)."""
    _act_for_check(actor, department)
    items, signers = _contents_check(items, signers)
    Department.objects.select_for_update().get(pk=department.pk)  # one draft at a time per department
    if Commitment.objects.filter(department=department, status=CommitmentStatus.DRAFT).exists():
        raise Conflict(
            _("%(department)s already has a draft commitment: finish that one.") % {"department": department}
        )
    last = Commitment.objects.filter(department=department).aggregate(last=Max("version"))["last"] or 0
    commitment = Commitment(commune_id=department.commune_id, department=department, version=last + 1)
    commitment.full_clean()
    commitment.save()
    _contents_write(commitment, items, signers)
    audit_record(
        actor=actor,
        action="model.commitment.draft",
        obj=commitment,
        data={"department": department.pk, "version": commitment.version, "items": len(items)},
    )
    return commitment


def _locked(commitment: Commitment) -> Commitment:
    return Commitment.objects.select_for_update().select_related("department").get(pk=commitment.pk)


def _fixed_message(commitment: Commitment) -> str:
    if commitment.status == CommitmentStatus.SIGNED:
        return _(
            "This commitment was signed on %(day)s and can no longer be changed: draw up a new version instead."
        ) % {"day": commitment.signed_on.strftime("%d/%m/%Y")}
    return _("This version was superseded by a later one and can no longer be changed.")


@transaction.atomic
def commitment_draft_update(
    *, actor: Actor, commitment: Commitment, items: list[str], signers: list[Signer]
) -> Commitment:
    _act_for_check(actor, commitment.department)
    items, signers = _contents_check(items, signers)
    locked = _locked(commitment)
    if locked.status != CommitmentStatus.DRAFT:
        raise Conflict(_fixed_message(locked))
    _contents_write(locked, items, signers)
    locked.save(update_fields=["updated_at"])
    audit_record(actor=actor, action="model.commitment.edit", obj=locked, data={"items": len(items)})
    return locked


def commitment_sign(*, actor: Actor, commitment: Commitment, signed_on: date, scan: CheckedFile | None) -> Commitment:
    """Sign the draft with the day it was signed and the scan of the signed paper. The version signed before it,
    if any, is superseded."""
    _act_for_check(actor, commitment.department)
    errors: dict[str, list] = {}
    if scan is None:
        errors["scan"] = [_("Upload the scan of the signed commitment.")]
    if signed_on > timezone.localdate():
        errors["signed_on"] = [_("The day is in the future.")]
    if errors:
        raise FieldsRefused(errors)
    with FilesUndone() as written, transaction.atomic():
        locked = _locked(commitment)
        if locked.status != CommitmentStatus.DRAFT:
            raise Conflict(_fixed_message(locked))
        previous = (
            Commitment.objects.select_for_update()
            .filter(department_id=locked.department_id, status=CommitmentStatus.SIGNED)
            .first()
        )
        if previous is not None and signed_on < previous.signed_on:
            raise FieldsRefused(
                {
                    "signed_on": [
                        _("The version it replaces was signed on %(day)s: this one cannot be signed before it.")
                        % {"day": previous.signed_on.strftime("%d/%m/%Y")}
                    ]
                }
            )
        if previous is not None:
            previous.status, previous.superseded_by = CommitmentStatus.SUPERSEDED, locked
            previous.save(update_fields=["status", "superseded_by", "updated_at"])
        model_files_store(
            actor=actor, commune=locked.commune, role=FileRole.SCAN, checked=[scan], written=written, commitment=locked
        )
        locked.status, locked.signed_on, locked.signed_at, locked.signed_by = (
            CommitmentStatus.SIGNED,
            signed_on,
            timezone.now(),
            actor.staff,
        )
        locked.save(update_fields=["status", "signed_on", "signed_at", "signed_by", "updated_at"])
        audit_record(
            actor=actor,
            action="model.commitment.sign",
            obj=locked,
            data={
                "signed_on": signed_on.isoformat(),
                "version": locked.version,
                "supersedes": previous.pk if previous else None,
                "scan_sha256": scan.sha256,
            },
        )
    return locked


@transaction.atomic
def commitment_revise(*, actor: Actor, commitment: Commitment) -> Commitment:
    """A new draft version starting from the signed one's items and signatories."""
    locked = _locked(commitment)
    if locked.status != CommitmentStatus.SIGNED:
        raise Conflict(_("Only the signed, current version of a commitment can be revised."))
    items = list(locked.items.values_list("text", flat=True))
    signers = [Signer(s.full_name, s.position) for s in locked.signatories.all()]
    return commitment_draft(actor=actor, department=locked.department, items=items, signers=signers)


def follow_up_record(
    *,
    actor: Actor,
    item: CommitmentItem,
    period_day: date,
    status: str,
    comment: str = "",
    evidence: list[CheckedFile] = (),
    period_months: int = 3,
) -> FollowUp:
    """Record how an item of a signed commitment stood in the period holding `period_day` (a new record, or the
    period's record corrected). Done needs evidence: a file now or one recorded before."""
    commitment = item.commitment
    _act_for_check(actor, commitment.department)
    period_start, period_end = period_containing(period_day, period_months)
    errors: dict[str, list] = {}
    if status not in FollowUpStatus.values:
        errors["status"] = [_("Choose done, in progress or not done.")]
    if period_start > timezone.localdate():
        errors["period"] = [_("This period has not begun yet.")]
    if errors:
        raise FieldsRefused(errors)
    with FilesUndone() as written, transaction.atomic():
        locked = _locked(commitment)
        if locked.status != CommitmentStatus.SIGNED:
            raise Conflict(
                _("Only the signed, current version of a commitment is followed up.")
                if locked.status == CommitmentStatus.DRAFT
                else _("This version was superseded by a later one: follow up the current version.")
            )
        if period_end < locked.signed_on:
            raise FieldsRefused(
                {
                    "period": [
                        _("The commitment was signed on %(day)s, after this period ended.")
                        % {"day": locked.signed_on.strftime("%d/%m/%Y")}
                    ]
                }
            )
        row = FollowUp.objects.select_for_update().filter(item=item, period_start=period_start).first()
        had_files = row is not None and ModelFile.objects.filter(follow_up=row).exists()
        if status == FollowUpStatus.DONE and not evidence and not had_files:
            raise FieldsRefused({"evidence": [_("An item marked done needs its evidence: upload a file.")]})
        before = row.status if row else ""
        if row is None:
            row = FollowUp(commune_id=locked.commune_id, item=item, period_start=period_start, period_end=period_end)
        row.status, row.comment, row.recorded_by = status, comment.strip(), actor.staff
        row.full_clean()
        row.save()
        files = model_files_store(
            actor=actor,
            commune=locked.commune,
            role=FileRole.EVIDENCE,
            checked=list(evidence),
            written=written,
            follow_up=row,
        )
        audit_record(
            actor=actor,
            action="model.commitment.follow_up",
            obj=locked,
            data={
                "item": item.number,
                "period": period_start.isoformat(),
                "from": before,
                "to": status,
                "files": [f.pk for f in files],
            },
        )
    return row
