"""The commune's self-assessment, period by period, and its review by the supervisor above.

    draft ──submit──▶ submitted ──approve──▶ approved
      ▲                  │
      └── returned ◀─return (with a reason)
           └──submit──▶ submitted

The commune fills in declared values (with evidence) and a comment per criterion while the assessment is a
draft or returned; computed values are read from the indicator registry for the commune and the period and
frozen, with how each was computed, when it is submitted. Each step locks the row, checks the status the
client last saw against the table below, writes an event row and an audit entry in the same transaction.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vidan.audit.services import audit_record
from vidan.core.errors import Conflict, FieldsRefused, PermissionDenied
from vidan.core.uploads import CheckedFile
from vidan.model.criteria import CRITERIA
from vidan.model.files import FilesUndone, model_files_store
from vidan.model.frameworks import framework_for, framework_weights, reviewer_check
from vidan.model.launch import launch_of
from vidan.model.models import (
    Assessment,
    AssessmentCriterion,
    AssessmentEvent,
    AssessmentStatus,
    AssessmentValue,
    FileRole,
    FrameworkIndicator,
    ModelFile,
    Source,
)
from vidan.model.periods import period_containing, period_label
from vidan.model.scoring import IndicatorInput, scorecard
from vidan.org.actors import Actor
from vidan.org.indicators import INDICATORS
from vidan.org.models import Commune

S = AssessmentStatus


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    permission: str


# The audit code of each step (written out, so that each can be found and labelled: vidan/model/audit_actions.py).
STEP_ACTIONS = {
    "start": "model.assessment.start",
    "submit": "model.assessment.submit",
    "return": "model.assessment.return",
    "approve": "model.assessment.approve",
}
TRANSITIONS = {
    "submit": Transition("submit", frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, "model.assess"),
    "return": Transition("return", frozenset({S.SUBMITTED}), S.RETURNED, "model.review"),
    "approve": Transition("approve", frozenset({S.SUBMITTED}), S.APPROVED, "model.review"),
}


def _event(assessment: Assessment, actor: Actor, action: str, before: str, note: str = "") -> None:
    AssessmentEvent.objects.create(
        assessment=assessment,
        commune_id=assessment.commune_id,
        action=action,
        from_status=before,
        to_status=assessment.status,
        actor=actor.staff,
        actor_label=actor.label,
        at=timezone.now(),
        note=note,
    )
    audit_record(
        actor=actor,
        action=STEP_ACTIONS[action],
        obj=assessment,
        data={"from": before, "to": assessment.status, "period": assessment.period_start.isoformat(), "note": note},
    )


def _locked(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("framework__publisher", "commune__unit", "reviewed_by", "submitted_by")
        .get(pk=assessment.pk)
    )


def _stale_message(locked: Assessment) -> str:
    """Why a step the client asked for no longer applies: the assessment is not as they last saw it."""
    by_reviewer = locked.status in (S.APPROVED, S.RETURNED)
    who = locked.reviewed_by if by_reviewer else locked.submitted_by
    when = locked.reviewed_at if by_reviewer else locked.submitted_at
    values = {
        "status": locked.get_status_display(),
        "who": str(who) if who else "—",
        "when": date_format(timezone.localtime(when), "d/m/Y H:i") if when else "—",
    }
    if locked.status == S.APPROVED:
        return _("This self-assessment was already approved by %(who)s at %(when)s: nothing more can be done.") % values
    if locked.status == S.SUBMITTED:
        return (
            _(
                "This self-assessment was submitted by %(who)s at %(when)s and waits for review: "
                "it can no longer be changed."
            )
            % values
        )
    if locked.status == S.RETURNED:
        return _("This self-assessment was returned by %(who)s at %(when)s: it is being corrected.") % values
    return _("This self-assessment is “%(status)s” now: reload the page.") % values


def _expect(locked: Assessment, expected_status: str | None, allowed: frozenset[str]) -> None:
    if (expected_status is not None and locked.status != expected_status) or locked.status not in allowed:
        raise Conflict(_stale_message(locked))


@transaction.atomic
def assessment_start(*, actor: Actor, commune: Commune, period_day: date) -> Assessment:
    """Open the self-assessment of the period holding `period_day`, under the framework in force at its start."""
    if not actor.can("model.assess", commune.pk):
        raise PermissionDenied()
    launch = launch_of(commune)
    if launch is None:
        raise Conflict(_("The commune has not launched the model yet: record the launch first."))
    framework = framework_for(commune, period_day) or launch.framework
    start, end = period_containing(period_day, framework.period_months)
    framework = framework_for(commune, start) or framework
    if end < launch.held_on:
        raise FieldsRefused(
            {
                "period": [
                    _("The model was launched on %(day)s, after this period ended.")
                    % {"day": launch.held_on.strftime("%d/%m/%Y")}
                ]
            }
        )
    if start > timezone.localdate():
        raise FieldsRefused({"period": [_("This period has not begun yet.")]})
    existing = Assessment.objects.filter(commune=commune, period_start=start).first()
    if existing is not None:
        raise Conflict(
            _("The self-assessment of %(period)s is already open (%(status)s).")
            % {"period": period_label(start, end), "status": existing.get_status_display()}
        )
    assessment = Assessment(commune=commune, framework=framework, period_start=start, period_end=end)
    assessment.full_clean()
    assessment.save()
    AssessmentValue.objects.bulk_create(
        AssessmentValue(assessment=assessment, indicator=indicator) for indicator in framework.indicators.all()
    )
    AssessmentCriterion.objects.bulk_create(
        AssessmentCriterion(assessment=assessment, number=number) for number in CRITERIA
    )
    _event(assessment, actor, "start", "")
    return assessment


def _decimal(text: str, indicator: FrameworkIndicator, errors: dict, field: str) -> Decimal | None:
    text = (text or "").strip().replace(" ", "")
    if not text:
        return None
    # Vietnamese writes 97,5: a comma before at most two digits at the end is the decimal mark.
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors[field] = [_("“%(value)s” is not a number.") % {"value": text}]
        return None
    if not value.is_finite() or value < 0:
        errors[field] = [_("Enter a number of 0 or more.")]
        return None
    if indicator.unit == "percent" and value > 100:
        errors[field] = [_("A percentage is at most 100.")]
        return None
    if value != value.quantize(Decimal("0.01")):
        errors[field] = [_("Give at most two decimals.")]
        return None
    if value >= Decimal("1e12"):
        errors[field] = [_("The number is too large.")]
        return None
    return value


def assessment_save(
    *,
    actor: Actor,
    assessment: Assessment,
    expected_status: str | None,
    declared: dict[int, tuple[str, str]],
    comments: dict[int, str],
    evidence: dict[int, list[CheckedFile]] | None = None,
) -> Assessment:
    """Save the commune's declared values (value id → (value as typed, explanation)), their new evidence files
    and the comments per criterion, while the assessment is a draft or returned. Every wrong value is refused
    at once and nothing is saved."""
    if not actor.can("model.assess", assessment.commune_id):
        raise PermissionDenied()
    evidence = evidence or {}
    with FilesUndone() as written, transaction.atomic():
        locked = _locked(assessment)
        _expect(locked, expected_status, frozenset({S.DRAFT, S.RETURNED}))
        values = {v.pk: v for v in locked.values.select_related("indicator").select_for_update(of=("self",))}
        errors: dict[str, list] = {}
        changed = []
        for value_id, (text, note) in declared.items():
            row = values.get(value_id)
            if row is None or row.indicator.source != Source.DECLARED:
                errors[f"value-{value_id}"] = [_("This indicator is not declared by the commune.")]
                continue
            number = _decimal(text, row.indicator, errors, f"value-{value_id}")
            if f"value-{value_id}" in errors:
                continue
            if number != row.value or note.strip() != row.note:
                row.value, row.note = number, note.strip()
                changed.append(row)
        for value_id in evidence:
            row = values.get(value_id)
            if row is None or row.indicator.source != Source.DECLARED:
                errors[f"evidence-{value_id}"] = [_("Evidence is given for a declared indicator only.")]
        if errors:
            raise FieldsRefused(errors)
        for row in changed:
            row.save(update_fields=["value", "note"])
        criteria = {c.number: c for c in locked.criteria.all()}
        for number, text in comments.items():
            criterion = criteria.get(number)
            if criterion is not None and criterion.comment != text.strip():
                criterion.comment = text.strip()
                criterion.save(update_fields=["comment"])
        files = []
        for value_id, checked in evidence.items():
            files += model_files_store(
                actor=actor,
                commune=locked.commune,
                role=FileRole.EVIDENCE,
                checked=checked,
                written=written,
                value=values[value_id],
            )
        locked.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action="model.assessment.save",
            obj=locked,
            data={
                "values": {str(r.indicator.code): str(r.value) if r.value is not None else None for r in changed},
                "files": [f.pk for f in files],
            },
        )
    return locked


@dataclass(frozen=True)
class Computed:
    value: Decimal | None
    how: str


def computed_value(indicator: FrameworkIndicator, commune: Commune, start: date, end: date) -> Computed:
    """A computed indicator's value for the commune and the period, with how it was computed."""
    values = {"key": indicator.indicator_key, "from": start.strftime("%d/%m/%Y"), "to": end.strftime("%d/%m/%Y")}
    if indicator.indicator_key not in INDICATORS:
        return Computed(None, _("The indicator %(key)s is not installed on this platform.") % values)
    registered = INDICATORS.get(indicator.indicator_key)
    raw = registered.value(commune=commune, date_from=start, date_to=end)
    values["label"] = str(registered.label)
    if raw is None:
        how = _("%(label)s (%(key)s), %(from)s–%(to)s: nothing to measure in the period.") % values
    else:
        values["value"] = raw
        how = _("%(label)s (%(key)s), %(from)s–%(to)s: %(value)s.") % values
    return Computed(None if raw is None else Decimal(str(raw)).quantize(Decimal("0.01")), how)


def assessment_scores(assessment: Assessment, values: list[AssessmentValue]):
    """The scorecard of the values as they stand (computed ones as given in `values`)."""
    inputs = [
        IndicatorInput(
            key=v.pk,
            criterion=v.indicator.criterion,
            weight=v.indicator.weight,
            target=v.indicator.target,
            direction=v.indicator.direction,
            value=v.value,
        )
        for v in values
    ]
    return scorecard(inputs, framework_weights(assessment.framework))


def assessment_submit(*, actor: Actor, assessment: Assessment, expected_status: str | None) -> Assessment:
    """Submit to the supervisor: every declared value entered with its evidence; the computed values frozen."""
    transition = TRANSITIONS["submit"]
    if not actor.can(transition.permission, assessment.commune_id):
        raise PermissionDenied()
    with transaction.atomic():
        locked = _locked(assessment)
        _expect(locked, expected_status, transition.sources)
        if locked.period_end >= timezone.localdate():
            raise Conflict(
                _("%(period)s has not ended yet: the self-assessment is submitted from %(day)s.")
                % {
                    "period": period_label(locked.period_start, locked.period_end),
                    "day": date.fromordinal(locked.period_end.toordinal() + 1).strftime("%d/%m/%Y"),
                }
            )
        values = list(locked.values.select_related("indicator").select_for_update(of=("self",)))
        with_files = set(ModelFile.objects.filter(value__in=values).values_list("value_id", flat=True))
        errors: dict[str, list] = {}
        for row in values:
            if row.indicator.source != Source.DECLARED:
                continue
            if row.value is None:
                errors.setdefault(f"value-{row.pk}", []).append(
                    _("Enter the value of “%(label)s”.") % {"label": row.indicator.label}
                )
            if row.pk not in with_files:
                errors.setdefault(f"evidence-{row.pk}", []).append(
                    _("Upload the evidence for “%(label)s”.") % {"label": row.indicator.label}
                )
        if errors:
            raise FieldsRefused(errors)
        now = timezone.now()
        for row in values:
            if row.indicator.source == Source.COMPUTED:
                computed = computed_value(row.indicator, locked.commune, locked.period_start, locked.period_end)
                row.value, row.how, row.computed_at = computed.value, computed.how, now
        card = assessment_scores(locked, values)
        for row in values:
            row.score = card.indicators[row.pk]
            row.save(update_fields=["value", "how", "computed_at", "score"])
        for criterion in locked.criteria.all():
            criterion.score = card.criteria.get(criterion.number)
            criterion.save(update_fields=["score"])
        before = locked.status
        locked.status, locked.total_score = transition.target, card.total
        locked.submitted_at, locked.submitted_by = now, actor.staff
        locked.save(update_fields=["status", "total_score", "submitted_at", "submitted_by", "updated_at"])
        _event(locked, actor, "submit", before)
    return locked


def assessment_review(
    *, actor: Actor, assessment: Assessment, expected_status: str | None, decision: str, comment: str = ""
) -> Assessment:
    """The supervisor approves the submitted assessment, or returns it with the reason (`comment`)."""
    transition = TRANSITIONS.get(decision)
    if transition is None or transition.permission != "model.review":
        raise FieldsRefused({"decision": [_("Choose to approve or to return.")]})
    comment = comment.strip()
    if decision == "return" and not comment:
        raise FieldsRefused({"comment": [_("Say why the self-assessment is returned, so the commune can correct it.")]})
    with transaction.atomic():
        locked = _locked(assessment)
        reviewer_check(actor, locked.framework, locked.commune)
        _expect(locked, expected_status, transition.sources)
        before = locked.status
        locked.status, locked.reviewed_at, locked.reviewed_by = transition.target, timezone.now(), actor.staff
        if decision == "return":
            locked.return_reason = comment
        else:
            locked.review_comment = comment
        locked.save(
            update_fields=["status", "reviewed_at", "reviewed_by", "return_reason", "review_comment", "updated_at"]
        )
        _event(locked, actor, decision, before, comment)
    return locked
