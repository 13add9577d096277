"""Staff login in two steps (password, then TOTP where required), setting up TOTP, and logout."""

import time
from base64 import b32encode
from io import BytesIO

import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from vidan.audit.services import audit_record
from vidan.core.errors import DomainError
from vidan.org.actors import Actor
from vidan.org.gate import staff_page
from vidan.org.login import (
    LoginRefused,
    login_check_password,
    login_check_token,
    login_succeeded,
    otp_required,
    totp_device,
    totp_device_confirm,
    totp_device_start,
)
from vidan.org.middleware import client_ip
from vidan.org.models import Staff
from vidan.org.recovery import RECOVERY_CODES, recovery_codes_issue, recovery_codes_left
from vidan.org.selectors import staff_roles_by_commune
from vidan.web.forms import LoginForm, SecondFactorForm, TokenForm

PENDING = "vidan_pending_staff"
OTP_SETUP = "vidan_otp_setup_device"  # the authenticator key this session is setting up
BACKEND = "vidan.org.auth.StaffBackend"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("web:staff-home")


PENDING_SECONDS = 5 * 60  # between the password and the code


def _pending_start(request, staff: Staff) -> None:
    request.session.cycle_key()
    request.session[PENDING] = {"id": staff.pk, "at": time.time(), "hash": staff.get_session_auth_hash()}


def _pending_staff(request) -> Staff | None:
    """Who gave the right password in this browser a moment ago, if the password has not changed since."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    staff = Staff.objects.filter(pk=pending.get("id"), is_active=True).first()
    if staff is None or not constant_time_compare(staff.get_session_auth_hash(), pending.get("hash", "")):
        return None
    return staff


@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        try:
            staff = login_check_password(
                username=form.cleaned_data["username"], password=form.cleaned_data["password"], ip=ip
            )
        except LoginRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if otp_required(staff, _roles(staff)):
                _pending_start(request, staff)
                step = "web:login-otp" if totp_device(staff) else "web:otp-setup"
                return redirect(f"{reverse(step)}?{urlencode({'next': _next_url(request)})}")
            login(request, staff, backend=BACKEND)
            login_succeeded(staff=staff, ip=ip, second_factor=False)
            return redirect(_next_url(request))
    return render(request, "web/staff/login.html", {"form": form, "next": _next_url(request)})


def _roles(staff: Staff) -> frozenset[str]:
    return frozenset().union(*staff_roles_by_commune(staff).values())


@never_cache
@require_http_methods(["GET", "POST"])
def login_otp_view(request):
    staff = _pending_staff(request)
    if staff is None:
        return redirect("web:login")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        try:
            second = login_check_token(staff=staff, token=form.cleaned_data["token"], ip=ip)
        except LoginRefused as refusal:
            form.add_error("token", refusal.message)
        else:
            request.session.pop(PENDING, None)
            login(request, staff, backend=BACKEND)
            otp_login(request, second.device)
            login_succeeded(staff=staff, ip=ip, second_factor=True)
            if second.recovery_codes_left is not None:
                messages.warning(request, _recovery_used_message(second.recovery_codes_left))
            return redirect(_next_url(request))
    return render(request, "web/staff/login_otp.html", {"form": form, "next": _next_url(request)})


@never_cache
@require_http_methods(["GET", "POST"])
def otp_setup_view(request):
    """Set up an authenticator app: during a login that requires it, or later from the staff menu."""
    staff = request.user if request.user.is_authenticated else _pending_staff(request)
    if staff is None:
        return redirect("web:login")
    if totp_device(staff) is not None and not (request.user.is_authenticated and request.user.is_verified()):
        # Replacing an authenticator takes the code of the current one: the password alone is not enough.
        return redirect(f"{reverse('web:login-otp')}?{urlencode({'next': _next_url(request)})}")
    # The key belongs to this browser session: a fresh one for any other (org.login.totp_device_start).
    device = totp_device_start(staff=staff, device_id=request.session.get(OTP_SETUP))
    request.session[OTP_SETUP] = device.pk
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = Actor(staff=staff, ip=client_ip(request))
        try:
            codes = totp_device_confirm(actor=actor, device=device, token=form.cleaned_data["token"])
        except DomainError as error:
            form.add_error("token", error.message)
        else:
            request.session.pop(OTP_SETUP, None)
            if not request.user.is_authenticated:
                request.session.pop(PENDING, None)
                login(request, staff, backend=BACKEND)
                login_succeeded(staff=staff, ip=actor.ip, second_factor=True)
            otp_login(request, device)
            messages.success(request, _("Your authenticator app is set up."))
            # Shown in this answer only: the database keeps their hashes, and the page is never cached.
            return render(request, "web/staff/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
    buffer = BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=4, xmldecl=False, svgns=True)
    return render(
        request,
        "web/staff/otp_setup.html",
        {"form": form, "qr_svg": buffer.getvalue().decode(), "secret": _base32(device), "next": _next_url(request)},
    )


def _base32(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it typed, in groups of four so that it can be read out and typed
    without losing one's place (the apps ignore the spaces)."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _recovery_used_message(left: int) -> str:
    return ngettext(
        "You logged in with a recovery code, which cannot be used again. %(left)d recovery code is left.",
        "You logged in with a recovery code, which cannot be used again. %(left)d recovery codes are left.",
        left,
    ) % {"left": left}


@staff_page()
@require_http_methods(["GET", "POST"])
def recovery_codes_view(request):
    """How many recovery codes are left, and new ones on request (the old ones stop working), shown once."""
    staff = request.user
    if totp_device(staff) is None:
        return redirect("web:otp-setup")
    if request.method == "POST":
        codes = recovery_codes_issue(actor=Actor(staff=staff, ip=client_ip(request)), staff=staff)
        return render(request, "web/staff/recovery_codes.html", {"codes": codes, "next": reverse("web:staff-home")})
    return render(
        request, "web/staff/recovery_codes.html", {"left": recovery_codes_left(staff), "issued": RECOVERY_CODES}
    )


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        with transaction.atomic():
            audit_record(
                actor=Actor(staff=request.user, ip=client_ip(request)),
                action="auth.logout",
                obj=request.user,
                commune=request.user.commune,
            )
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("web:login")
