"""Staff login: password, lock-out after repeated failures, and the TOTP second factor.

A failed attempt is committed (counter, lock, audit entry) before the refusal is raised, so a refused
login still leaves its trace.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from vidan.audit.services import audit_record
from vidan.core.errors import DomainError
from vidan.org.actors import Actor
from vidan.org.models import Staff


class LoginRefused(DomainError):
    code = "login_refused"
    status = 401


# Checked against when the username does not exist, so that both cases take as long.
_DUMMY_HASH = None


def _dummy_check(password: str) -> None:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = make_password("vidan-dummy-password")
    Staff(password=_DUMMY_HASH).check_password(password)


def _locked_message(staff: Staff) -> str:
    until = timezone.localtime(staff.locked_until)
    return _("This account is locked for a while after too many failed attempts. Try again after %(time)s.") % {
        "time": date_format(until, "H:i")
    }


def _record_failure(staff: Staff, ip: str | None, reason: str) -> str:
    """Count one failure, locking the account at the limit. Returns the message to show."""
    with transaction.atomic():
        staff = Staff.objects.select_for_update().get(pk=staff.pk)
        staff.failed_logins += 1
        actor = Actor(ip=ip, label_override=staff.username)
        if staff.failed_logins >= settings.VIDAN_LOGIN_MAX_FAILURES:
            staff.locked_until = timezone.now() + timedelta(minutes=settings.VIDAN_LOGIN_LOCK_MINUTES)
            staff.failed_logins = 0
            staff.save(update_fields=["failed_logins", "locked_until"])
            audit_record(actor=actor, action="auth.locked", obj=staff, commune=staff.commune, data={"reason": reason})
            return _locked_message(staff)
        staff.save(update_fields=["failed_logins"])
        audit_record(actor=actor, action="auth.login_failed", obj=staff, commune=staff.commune, data={"reason": reason})
        left = settings.VIDAN_LOGIN_MAX_FAILURES - staff.failed_logins
    if reason == "token":
        wrong = _("The verification code is wrong or has expired.")
    else:
        wrong = _("The username or password is wrong.")
    return (
        wrong
        + " "
        + ngettext(
            "%(count)d attempt left before the account is locked.",
            "%(count)d attempts left before the account is locked.",
            left,
        )
        % {"count": left}
    )


def login_check_password(*, username: str, password: str, ip: str | None) -> Staff:
    """The staff member these credentials name, or LoginRefused with a message that says what to do."""
    username = (username or "").strip()
    staff = Staff.objects.select_related("commune").filter(username__iexact=username).first()
    if staff is None or not staff.is_active:
        _dummy_check(password or "")
        with transaction.atomic():
            audit_record(
                actor=Actor(ip=ip, label_override=username[:150] or "?"),
                action="auth.login_failed",
                data={"reason": "unknown user" if staff is None else "inactive"},
            )
        raise LoginRefused(_("The username or password is wrong."))
    if staff.is_locked():
        with transaction.atomic():
            audit_record(
                actor=Actor(ip=ip, label_override=staff.username),
                action="auth.login_blocked",
                obj=staff,
                commune=staff.commune,
            )
        raise LoginRefused(_locked_message(staff))
    if not staff.check_password(password or ""):
        raise LoginRefused(_record_failure(staff, ip, "password"))
    return staff


def totp_device(staff: Staff) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=staff, confirmed=True).order_by("id").first()


def otp_required(staff: Staff, roles: frozenset[str]) -> bool:
    """Whether this staff member must give a TOTP code: they set one up, or a role of theirs demands it."""
    required_roles = set(settings.VIDAN_OTP_REQUIRED_ROLES)
    return (
        (staff.is_superuser and "admin" in required_roles)
        or bool(roles & required_roles)
        or (totp_device(staff) is not None)
    )


def login_check_token(*, staff: Staff, token: str, ip: str | None) -> TOTPDevice:
    device = totp_device(staff)
    if staff.is_locked():
        raise LoginRefused(_locked_message(staff))
    token = "".join((token or "").split())
    if device is None:
        raise LoginRefused(_("No authenticator app is set up for this account yet."))
    allowed, _why = device.verify_is_allowed()
    if not allowed:
        # django-otp slows down guessing: each failure doubles the wait before the next try.
        raise LoginRefused(_("Too many wrong codes in a row. Wait a few seconds, then type the new code."))
    if not token.isdigit() or not device.verify_token(token):
        raise LoginRefused(_record_failure(staff, ip, "token"))
    return device


@transaction.atomic
def login_succeeded(*, staff: Staff, ip: str | None, second_factor: bool) -> None:
    Staff.objects.filter(pk=staff.pk).update(failed_logins=0, locked_until=None, last_login=timezone.now())
    audit_record(
        actor=Actor(staff=staff, ip=ip),
        action="auth.login",
        obj=staff,
        commune=staff.commune,
        data={"second_factor": second_factor},
    )


@transaction.atomic
def totp_device_confirm(*, actor: Actor, device: TOTPDevice, token: str) -> None:
    """Confirm a device being set up, once the staff member types a code it shows."""
    token = "".join((token or "").split())
    if not token.isdigit() or not device.verify_token(token):
        raise DomainError(_("The code does not match. Check the time on your phone and try again."), field="token")
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=actor, action="auth.totp_confirmed", obj=device.user, commune=device.user.commune)
