"""The gate in front of every back-office page (logged in, second factor given where required, a commune chosen
among those the actor serves, and the named permission held there), and the commune a public address names.

Below every module that has pages, so that each can use it; it names templates of the web layer by path only.
"""

from functools import wraps

from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from vidan.core.errors import DomainError
from vidan.org.auth import staff_access
from vidan.org.login import otp_required
from vidan.org.models import Commune
from vidan.org.selectors import public_commune

SESSION_COMMUNE = "vidan_commune_id"


def current_commune(request):
    """The commune the actor is working in: the one chosen last, else the first they serve."""
    chosen = request.session.get(SESSION_COMMUNE)
    communes = list(staff_access(request.user).communes)
    request.staff_communes = communes
    for commune in communes:
        if commune.id == chosen:
            return commune
    return communes[0] if communes else None


def render_error(request, error: DomainError):
    template = "web/errors/404.html" if error.status == 404 else "web/errors/403.html"
    return render(request, template, {"message": error.message}, status=error.status)


def staff_page(permission: str = "backoffice.view"):
    """The gate around a back-office view. Every answer behind it carries personal data or may, so no browser or
    proxy keeps a copy (after logout, a shared computer's back button or cache shows nothing)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = _gated(request, view, permission, *args, **kwargs)
            add_never_cache_headers(response)
            return response

        wrapped.staff_permission = permission
        return wrapped

    return decorator


def _gated(request, view, permission, *args, **kwargs):
    user = request.user
    if not user.is_authenticated:
        return redirect(f"{reverse('web:login')}?{urlencode({'next': request.get_full_path()})}")
    has_device = staff_access(user).has_device
    if otp_required(user, request.actor.all_roles, has_device=has_device) and not user.is_verified():
        # A session that skipped the second step (or lost it) starts again.
        logout(request)
        return redirect(f"{reverse('web:login')}?{urlencode({'next': request.get_full_path()})}")
    request.commune = current_commune(request)
    if request.commune is None and user.is_staff:
        # An administrator of the installation who serves no commune yet (the account `vidan createsuperuser`
        # makes): their work starts in the admin, where communes and roles are made, not at a refusal.
        return redirect("admin:index")
    if request.commune is None or not request.actor.can(permission, request.commune.id):
        return render(request, "web/errors/403.html", status=403)
    try:
        return view(request, *args, **kwargs)
    except DomainError as error:
        return render_error(request, error)


def commune_or_404(slug: str) -> Commune:
    """The public commune of this address, or a 404."""
    commune = public_commune(slug)
    if commune is None:
        raise Http404
    return commune
