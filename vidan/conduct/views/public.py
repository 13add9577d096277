"""Office culture on the commune's public site: the code of conduct (every published version, the one in force
marked, each with its signed decision), the officers by name, and an officer's profile, which the QR code of the
badge opens. A badge no longer valid opens a page saying so, with the day, never a "not found"."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vidan.conduct.models import CodeVersion
from vidan.conduct.selectors import public_badge, public_officers, published_versions, version_in_force
from vidan.conduct.views.code import signed_file_response
from vidan.org.gate import commune_or_404


def _published(commune, version_id: int) -> CodeVersion:
    version = published_versions(commune).filter(pk=version_id).first()
    if version is None:
        raise Http404
    return version


@require_http_methods(["GET"])
def code_public(request, slug: str):
    commune = commune_or_404(slug)
    versions = list(published_versions(commune))
    in_force = version_in_force(commune)
    return render(
        request,
        "conduct/public/code.html",
        {
            "commune": commune,
            "versions": versions,
            "in_force": in_force,
            "shown": in_force or (versions[0] if versions else None),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET"])
def code_version_public(request, slug: str, version_id: int):
    commune = commune_or_404(slug)
    version = _published(commune, version_id)
    return render(
        request,
        "conduct/public/code.html",
        {
            "commune": commune,
            "versions": list(published_versions(commune)),
            "in_force": version_in_force(commune),
            "shown": version,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET"])
def code_file_public(request, slug: str, version_id: int):
    commune = commune_or_404(slug)
    return signed_file_response(_published(commune, version_id), inline=request.GET.get("xem") == "1")


@require_http_methods(["GET"])
def officers_public(request, slug: str):
    commune = commune_or_404(slug)
    return render(request, "conduct/public/officers.html", {"commune": commune, "badges": public_officers(commune)})


@require_http_methods(["GET"])
def officer_public(request, slug: str, number: str):
    """The officer a badge names. The badge's QR code opens this page: a badge revoked, or of an officer whose
    account is switched off or who moved to another commune, says the officer no longer serves here."""
    commune = commune_or_404(slug)
    badge = public_badge(commune, number)
    if badge is None:
        raise Http404
    member = badge.staff
    serving = badge.is_valid and member.is_active and member.commune_id == commune.pk
    profile = getattr(member, "conduct_profile", None) if serving else None
    return render(
        request,
        "conduct/public/officer.html",
        {
            "commune": commune,
            "badge": badge,
            "member": member if serving else None,
            "serving": serving,
            "name": member.full_name if serving else (badge.name_when_revoked or member.full_name),
            "position": member.position if serving else badge.position_when_revoked,
            "reception_hours": profile.reception_hours if profile else "",
        },
    )
