"""The self-assessment: the list and the opening of a period, the form, the submission, the supervisor's review
and queue, and the model's files."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vidan.audit.services import audit_record
from vidan.core.errors import DomainError, refusal_fields
from vidan.core.uploads import UploadRefused, upload_check, upload_too_large_message, uploads_total_check
from vidan.model.access import access_assessment, access_model_file
from vidan.model.assessments import (
    assessment_review,
    assessment_save,
    assessment_scores,
    assessment_start,
    assessment_submit,
    computed_value,
)
from vidan.model.criteria import CRITERIA
from vidan.model.files import stored_file_response
from vidan.model.forms import ReviewForm, StartAssessmentForm
from vidan.model.frameworks import framework_for
from vidan.model.launch import launch_of
from vidan.model.models import AssessmentStatus, Source
from vidan.model.periods import period_label
from vidan.model.selectors import assessment_page_data, assessments_of, review_queue, reviewed_lately
from vidan.model.views.launch import refusal_to_form
from vidan.org.gate import staff_page

EVENT_LABELS = {
    "start": gettext_lazy("Opened"),
    "submit": gettext_lazy("Submitted to the supervisor"),
    "return": gettext_lazy("Returned for correction"),
    "approve": gettext_lazy("Approved"),
}


@require_http_methods(["GET", "POST"])
@staff_page("model.view")
def assessments_page(request):
    commune = request.commune
    can_assess = request.actor.can("model.assess", commune.pk)
    form = StartAssessmentForm(request.POST or None) if can_assess else None
    status = 200
    if request.method == "POST" and form is not None:
        if form.is_valid():
            try:
                assessment = assessment_start(
                    actor=request.actor, commune=commune, period_day=form.cleaned_data["period_day"]
                )
            except DomainError as error:
                if error.status in (403, 404):
                    raise
                refusal_to_form(form, error)
            else:
                return redirect("model:assessment", assessment_id=assessment.pk)
        status = 422
    elif request.method == "POST":
        return render(request, "web/errors/403.html", status=403)
    rows = [{"assessment": a, "period": period_label(a.period_start, a.period_end)} for a in assessments_of(commune)]
    context = {
        "rows": rows,
        "form": form,
        "launch": launch_of(commune),
        "framework": framework_for(commune, timezone.localdate()),
    }
    return render(request, "model/staff/assessments.html", context, status=status)


def _sections(assessment, data, live: dict, preview):
    """The criteria in order, each with its weight, comment, score and values (a draft's computed values shown
    live, as they would be frozen now)."""
    sections = []
    for number, label in CRITERIA.items():
        values = []
        for row in data["values"]:
            if row.indicator.criterion != number:
                continue
            shown = live.get(row.pk)
            values.append(
                {
                    "row": row,
                    "value": shown.value if shown else row.value,
                    "how": shown.how if shown else row.how,
                    "declared": row.indicator.source == Source.DECLARED,
                }
            )
        criterion = data["criteria"].get(number)
        score = preview.criteria.get(number) if preview is not None else (criterion.score if criterion else None)
        sections.append(
            {
                "number": number,
                "label": label,
                "weight": data["weights"].get(number),
                "criterion": criterion,
                "score": score,
                "values": values,
            }
        )
    return sections


def _page(request, assessment, *, errors=None, review_form=None, status=200):
    data = assessment_page_data(assessment)
    live, preview = {}, None
    if assessment.editable:
        for row in data["values"]:
            if row.indicator.source == Source.COMPUTED:
                live[row.pk] = computed_value(
                    row.indicator, assessment.commune, assessment.period_start, assessment.period_end
                )
        shown = []
        for row in data["values"]:
            if row.pk in live:
                row.value = live[row.pk].value
            shown.append(row)
        preview = assessment_scores(assessment, shown)
    actor = request.actor
    can_edit = assessment.editable and actor.can("model.assess", assessment.commune_id)
    can_review = assessment.status == AssessmentStatus.SUBMITTED and actor.can("model.review", assessment.commune_id)
    context = {
        "assessment": assessment,
        "period": period_label(assessment.period_start, assessment.period_end),
        "sections": _sections(assessment, data, live, preview),
        "events": [(event, EVENT_LABELS.get(event.action, event.action)) for event in data["events"]],
        "preview": preview,
        "can_edit": can_edit,
        "can_review": can_review,
        "review_form": review_form or (ReviewForm(initial={"expected": assessment.status}) if can_review else None),
        "errors": errors or {},
        "general_errors": (errors or {}).get(None, []),
    }
    return render(request, "model/staff/assessment.html", context, status=status)


@require_GET
@staff_page("model.view")
def assessment_page(request, assessment_id: int):
    assessment = access_assessment(request.actor, assessment_id)
    return _page(request, assessment)


def _checked_evidence(request, errors: dict) -> dict:
    evidence, everything = {}, []
    if getattr(request, "upload_too_large", False):
        errors.setdefault(None, []).append(upload_too_large_message())
        return {}
    for name in request.FILES:
        if not name.startswith("evidence-"):
            continue
        try:
            value_id = int(name.removeprefix("evidence-"))
        except ValueError:
            continue
        for upload in request.FILES.getlist(name):
            try:
                checked = upload_check(upload, field=name)
            except UploadRefused as refused:
                errors.setdefault(name, []).append(refused.message)
                continue
            evidence.setdefault(value_id, []).append(checked)
            everything.append(checked)
    try:
        uploads_total_check(everything)
    except UploadRefused as refused:
        errors.setdefault(None, []).append(refused.message)
    return evidence


@require_POST
@staff_page("model.assess")
def assessment_save_view(request, assessment_id: int):
    """Save the form; with `submit` in the request, then submit it to the supervisor."""
    assessment = access_assessment(request.actor, assessment_id, permission="model.assess")
    post = request.POST
    declared, comments = {}, {}
    for key in post:
        if key.startswith("value-"):
            try:
                value_id = int(key.removeprefix("value-"))
            except ValueError:
                continue
            declared[value_id] = (post.get(key, ""), post.get(f"note-{value_id}", ""))
    for number in CRITERIA:
        if f"comment-{number}" in post:
            comments[number] = post.get(f"comment-{number}", "")
    errors: dict = {}
    evidence = _checked_evidence(request, errors)
    expected = post.get("expected") or None
    if errors:
        return _page(request, assessment, errors=errors, status=422)
    try:
        assessment = assessment_save(
            actor=request.actor,
            assessment=assessment,
            expected_status=expected,
            declared=declared,
            comments=comments,
            evidence=evidence,
        )
        if "submit" in post:
            assessment = assessment_submit(
                actor=request.actor, assessment=assessment, expected_status=assessment.status
            )
    except DomainError as error:
        if error.status in (403, 404):
            raise
        assessment = access_assessment(request.actor, assessment_id)
        return _page(request, assessment, errors=refusal_fields(error), status=409 if error.status == 409 else 422)
    if "submit" in post:
        messages.success(request, _("The self-assessment is submitted to the supervisor."))
    else:
        messages.success(request, _("The self-assessment is saved."))
    return redirect("model:assessment", assessment_id=assessment.pk)


@require_POST
@staff_page("model.review")
def assessment_review_view(request, assessment_id: int):
    assessment = access_assessment(request.actor, assessment_id, permission="model.review")
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            assessment = assessment_review(
                actor=request.actor,
                assessment=assessment,
                expected_status=form.cleaned_data["expected"] or None,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            if error.status == 404:
                raise
            refusal_to_form(form, error)
            assessment = access_assessment(request.actor, assessment_id)
            return _page(
                request, assessment, review_form=form, status=error.status if error.status in (403, 409) else 422
            )
        if assessment.status == AssessmentStatus.APPROVED:
            messages.success(request, _("The self-assessment is approved."))
        else:
            messages.success(request, _("The self-assessment is returned to the commune."))
        return redirect("model:review-queue")
    return _page(request, assessment, review_form=form, status=422)


@require_GET
@staff_page("model.review")
def review_queue_page(request):
    rows = [
        {"assessment": a, "period": period_label(a.period_start, a.period_end)} for a in review_queue(request.actor)
    ]
    done = [
        {"assessment": a, "period": period_label(a.period_start, a.period_end)} for a in reviewed_lately(request.actor)
    ]
    return render(request, "model/staff/review_queue.html", {"rows": rows, "done": done})


@require_GET
@staff_page("model.view")
def model_file(request, model_file_id: int):
    """A file of the model, downloaded or (?xem=1) shown; every download audited."""
    stored = access_model_file(request.actor, model_file_id)
    preview = request.GET.get("xem") == "1"
    with transaction.atomic():
        audit_record(
            actor=request.actor,
            action="model.file.view" if preview else "model.file.download",
            obj=stored,
            commune=stored.commune,
            data={"sha256": stored.sha256},
        )
    return stored_file_response(stored, inline=preview)
