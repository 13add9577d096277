"""Departments' commitments: the draft, its signing, a new version, and the follow-up of each item."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vidan.core.errors import DomainError, NotFound
from vidan.model.access import access_commitment
from vidan.model.commitments import (
    commitment_draft,
    commitment_draft_update,
    commitment_revise,
    commitment_sign,
    follow_up_record,
    may_act_for,
)
from vidan.model.forms import CommitmentForm, FollowUpForm, SignForm
from vidan.model.frameworks import framework_for
from vidan.model.models import CommitmentStatus
from vidan.model.periods import period_containing, period_label
from vidan.model.selectors import commitment_page_data
from vidan.model.views.launch import refusal_to_form
from vidan.org.access import access_department
from vidan.org.gate import staff_page


def _raise_access(error: DomainError) -> None:
    if error.status in (403, 404):
        raise error


@require_http_methods(["GET", "POST"])
@staff_page("model.commit")
def commitment_new(request, department_id: int):
    """Draw up a department's commitment (a first version, or the next)."""
    department = access_department(request.actor, department_id, permission="model.commit")
    form = CommitmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                commitment = commitment_draft(
                    actor=request.actor,
                    department=department,
                    items=form.cleaned_data["items"],
                    signers=form.cleaned_data["signatories"],
                )
            except DomainError as error:
                _raise_access(error)
                refusal_to_form(form, error)
            else:
                messages.success(request, _("The draft is saved. Sign it once the paper is signed."))
                return redirect("model:commitment", commitment_id=commitment.pk)
        status = 422
    return render(request, "model/staff/commitment_new.html", {"department": department, "form": form}, status=status)


def _page(request, commitment, *, form=None, sign_form=None, follow_form=None, status=200):
    today = timezone.localdate()
    framework = framework_for(commitment.commune, today)
    months = framework.period_months if framework else 3
    start, end = period_containing(today, months)
    may_act = may_act_for(request.actor, commitment.department)
    is_draft = commitment.status == CommitmentStatus.DRAFT
    data = commitment_page_data(commitment)
    if is_draft and form is None and may_act:
        form = CommitmentForm(
            initial={
                "items": "\n".join(item.text for item in data["items"]),
                "signatories": "\n".join(f"{s.full_name} | {s.position}" for s in data["signatories"]),
            }
        )
    context = {
        "commitment": commitment,
        "may_act": may_act,
        "form": form if is_draft and may_act else None,
        "sign_form": (sign_form or SignForm()) if is_draft and may_act else None,
        "follow_form": follow_form,
        "follow_item": int(follow_form.data.get("item", 0) or 0) if follow_form is not None else None,
        "period": period_label(start, end),
        "today": today,
        "status_choices": FollowUpForm.base_fields["status"].choices,
        **data,
    }
    return render(request, "model/staff/commitment.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_page("model.view")
def commitment_page(request, commitment_id: int):
    """A commitment: its items, signatories and scan; a draft is edited and signed here."""
    commitment = access_commitment(request.actor, commitment_id)
    if request.method == "GET":
        return _page(request, commitment)
    commitment = access_commitment(request.actor, commitment_id, permission="model.commit")
    form = CommitmentForm(request.POST)
    if form.is_valid():
        try:
            commitment_draft_update(
                actor=request.actor,
                commitment=commitment,
                items=form.cleaned_data["items"],
                signers=form.cleaned_data["signatories"],
            )
        except DomainError as error:
            _raise_access(error)
            refusal_to_form(form, error)
            return _page(request, commitment, form=form, status=error.status if error.status == 409 else 422)
        messages.success(request, _("The draft is saved."))
        return redirect("model:commitment", commitment_id=commitment.pk)
    return _page(request, commitment, form=form, status=422)


@require_POST
@staff_page("model.commit")
def commitment_sign_view(request, commitment_id: int):
    commitment = access_commitment(request.actor, commitment_id, permission="model.commit")
    form = SignForm(request.POST, request.FILES, request=request)
    if form.is_valid():
        try:
            commitment_sign(
                actor=request.actor,
                commitment=commitment,
                signed_on=form.cleaned_data["signed_on"],
                scan=(form.checked["scan"] or [None])[0],
            )
        except DomainError as error:
            _raise_access(error)
            if error.status == 409:
                messages.error(request, error.message)
                return redirect("model:commitment", commitment_id=commitment.pk)
            refusal_to_form(form, error)
        else:
            messages.success(request, _("The commitment is signed. From now on it is followed up period by period."))
            return redirect("model:commitment", commitment_id=commitment.pk)
    return _page(request, commitment, sign_form=form, status=422)


@require_POST
@staff_page("model.commit")
def commitment_revise_view(request, commitment_id: int):
    commitment = access_commitment(request.actor, commitment_id, permission="model.commit")
    try:
        draft = commitment_revise(actor=request.actor, commitment=commitment)
    except DomainError as error:
        _raise_access(error)
        messages.error(request, error.message)
        return redirect("model:commitment", commitment_id=commitment.pk)
    messages.success(request, _("A new version is drafted from the signed one."))
    return redirect("model:commitment", commitment_id=draft.pk)


@require_POST
@staff_page("model.commit")
def commitment_follow_up(request, commitment_id: int):
    commitment = access_commitment(request.actor, commitment_id, permission="model.commit")
    form = FollowUpForm(request.POST, request.FILES, request=request)
    if form.is_valid():
        item = commitment.items.filter(pk=form.cleaned_data["item"]).first()
        if item is None:
            raise NotFound()
        framework = framework_for(commitment.commune, form.cleaned_data["period_day"])
        try:
            follow_up_record(
                actor=request.actor,
                item=item,
                period_day=form.cleaned_data["period_day"],
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                evidence=form.checked["evidence"],
                period_months=framework.period_months if framework else 3,
            )
        except DomainError as error:
            _raise_access(error)
            refusal_to_form(form, error)
        else:
            messages.success(request, _("The follow-up of item %(number)s is recorded.") % {"number": item.number})
            return redirect("model:commitment", commitment_id=commitment.pk)
    return _page(request, commitment, follow_form=form, status=422)
