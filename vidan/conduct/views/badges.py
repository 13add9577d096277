"""Badges in the back office: the commune's officers with their badges, one officer's page (issue, revoke,
print, reception hours, photo), and the badge as a card-size PDF."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vidan.conduct.badge_pdf import BadgeCard, render_badge
from vidan.conduct.badges import (
    BadgeRevoked,
    badge_for_print,
    badge_issue,
    badge_revoke,
    officer_photo_set,
    officer_profile_save,
)
from vidan.conduct.forms import PhotoForm, ProfileForm, RevokeForm, refusal_show
from vidan.conduct.models import Badge, OfficerProfile
from vidan.conduct.selectors import badges_of, officers, valid_badges
from vidan.core.errors import Conflict, DomainError, NotFound
from vidan.org.access import access_staff_member
from vidan.org.gate import staff_page


@require_http_methods(["GET"])
@staff_page("badge.manage")
def badge_list(request):
    commune = request.commune
    badges = valid_badges(commune)
    rows = [(member, badges.get(member.pk)) for member in officers(commune)]
    return render(
        request,
        "conduct/staff/badges.html",
        {"rows": rows, "without": sum(1 for _m, badge in rows if badge is None)},
    )


def _officer_page(request, member, *, revoke_form=None, profile_form=None, photo_form=None, problem="", status=200):
    profile = OfficerProfile.objects.filter(staff=member).first()
    history = badges_of(member)
    valid = next((b for b in history if b.is_valid), None)
    return render(
        request,
        "conduct/staff/officer.html",
        {
            "member": member,
            "valid": valid,
            "history": history,
            "revoke_form": revoke_form or RevokeForm(),
            "profile_form": profile_form
            or ProfileForm(initial={"reception_hours": profile.reception_hours if profile else ""}),
            "photo_form": photo_form or PhotoForm(),
            "problem": problem,
            "profile_url": reverse("conduct:officer-public", args=[request.commune.slug, valid.number])
            if valid
            else "",
        },
        status=status,
    )


def _member(request, staff_id):
    return access_staff_member(request.actor, staff_id, permission="badge.manage")


@require_http_methods(["GET"])
@staff_page("badge.manage")
def officer(request, staff_id: int):
    return _officer_page(request, _member(request, staff_id))


@require_POST
@staff_page("badge.manage")
def officer_badge_issue(request, staff_id: int):
    member = _member(request, staff_id)
    try:
        badge = badge_issue(actor=request.actor, staff=member)
    except Conflict as conflict:
        return _officer_page(request, member, problem=conflict.message, status=409)
    messages.success(request, _("Badge %(number)s is issued: print it.") % {"number": badge.number})
    return redirect("conduct:officer", member.pk)


@require_POST
@staff_page("badge.manage")
def officer_badge_revoke(request, staff_id: int):
    member = _member(request, staff_id)
    badge = Badge.objects.filter(staff=member, revoked_on__isnull=True).first()
    if badge is None:
        return _officer_page(request, member, problem=_("This officer holds no valid badge."), status=409)
    form = RevokeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            badge_revoke(
                actor=request.actor, badge=badge, reason=data["reason"], on=data["revoked_on"], note=data["note"]
            )
        except Conflict as conflict:
            return _officer_page(request, member, problem=conflict.message, status=409)
        except DomainError as error:
            if error.status in (403, 404):
                raise
            refusal_show(form, error)
        else:
            messages.success(request, _("Badge %(number)s is revoked.") % {"number": badge.number})
            return redirect("conduct:officer", member.pk)
    return _officer_page(request, member, revoke_form=form, status=422)


@require_POST
@staff_page("badge.manage")
def officer_profile(request, staff_id: int):
    member = _member(request, staff_id)
    form = ProfileForm(request.POST)
    if form.is_valid():
        officer_profile_save(actor=request.actor, staff=member, reception_hours=form.cleaned_data["reception_hours"])
        messages.success(request, _("The public profile is saved."))
        return redirect("conduct:officer", member.pk)
    return _officer_page(request, member, profile_form=form, status=422)


@require_POST
@staff_page("badge.manage")
def officer_photo(request, staff_id: int):
    member = _member(request, staff_id)
    form = PhotoForm(request.POST, request.FILES)
    if getattr(request, "upload_too_large", False):
        form.add_error(None, _("The photo is too large: choose a smaller file."))
    elif form.is_valid():
        try:
            officer_photo_set(actor=request.actor, staff=member, checked=form.checked)
        except DomainError as error:
            if error.status in (403, 404):
                raise
            refusal_show(form, error)
        else:
            messages.success(request, _("The photo is saved: it shows on the badge and the public profile."))
            return redirect("conduct:officer", member.pk)
    return _officer_page(request, member, photo_form=form, status=422)


def badge_card(request, badge: Badge) -> BadgeCard:
    member, commune = badge.staff, badge.commune
    photo = None
    if member.photo:
        with member.photo.open("rb") as stored:
            photo = stored.read()
    return BadgeCard(
        commune_kind_line=f"Ủy ban nhân dân {commune.unit.kind}",
        commune_name=commune.unit.name,
        full_name=member.full_name,
        position=member.position,
        department=member.department.name if member.department_id else "",
        number=badge.number,
        profile_url=request.build_absolute_uri(reverse("conduct:officer-public", args=[commune.slug, badge.number])),
        photo=photo,
    )


@require_http_methods(["GET"])
@staff_page("badge.manage")
def officer_badge_pdf(request, staff_id: int):
    """The officer's valid badge, card size, to print. A revoked badge is refused: it is never printed again."""
    member = _member(request, staff_id)
    badge = (
        Badge.objects.select_related("commune__unit", "staff__department").filter(staff=member).order_by("-id").first()
    )
    if badge is None:
        raise NotFound(_("This officer has no badge yet: issue one first."))
    try:
        badge_for_print(actor=request.actor, badge=badge)
    except BadgeRevoked as refused:
        return _officer_page(request, member, problem=refused.message, status=409)
    response = HttpResponse(render_badge(badge_card(request, badge)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="the-can-bo-{badge.number}.pdf"'
    return response
