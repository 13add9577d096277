"""Staff login: password, lock-out after repeated failures, and the TOTP second factor.

Each attempt runs in one transaction holding the staff member's row lock, so parallel guesses are counted
one after the other and none slips past the lock-out. A refused attempt commits its trace (counter, lock,
audit entry) before the refusal is raised.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from vidan.audit.services import audit_record
from vidan.core.errors import DomainError
from vidan.core.throttle import counters, window_count
from vidan.org.actors import Actor
from vidan.org.auth import staff_access_drop
from vidan.org.models import Staff
from vidan.org.recovery import recovery_code_use, recovery_codes_issue


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


def _wrong_credentials() -> str:
    # The same words whether or not the account exists, so the message tells nobody which names are real.
    return _(
        "The username or password is wrong. After %(max)d wrong attempts in a row the account is locked for "
        "%(minutes)d minutes."
    ) % {"max": settings.VIDAN_LOGIN_MAX_FAILURES, "minutes": settings.VIDAN_LOGIN_LOCK_MINUTES}


def _locked_message(locked_until) -> str:
    until = timezone.localtime(locked_until)
    return _("This account is locked for a while after too many failed attempts. Try again after %(time)s.") % {
        "time": date_format(until, "H:i")
    }


def _count_failure(staff: Staff, ip: str | None, reason: str) -> bool:
    """Count one failure on a row the caller holds locked; lock the account at the limit.

    Returns whether this failure locked it.
    """
    actor = Actor(ip=ip, label_override=staff.username)
    staff.failed_logins += 1
    if staff.failed_logins >= settings.VIDAN_LOGIN_MAX_FAILURES:
        staff.locked_until = timezone.now() + timedelta(minutes=settings.VIDAN_LOGIN_LOCK_MINUTES)
        staff.failed_logins = 0
        staff.save(update_fields=["failed_logins", "locked_until"])
        audit_record(actor=actor, action="auth.locked", obj=staff, commune=staff.commune, data={"reason": reason})
        return True
    staff.save(update_fields=["failed_logins"])
    audit_record(actor=actor, action="auth.login_failed", obj=staff, commune=staff.commune, data={"reason": reason})
    return False


def _unknown_name_label(username: str) -> str:
    # What was typed may be a password typed into the wrong box: keep only a fingerprint of it.
    return "?" + hashlib.sha256(username.encode()).hexdigest()[:12]


def _unknown_name_refusal(username: str) -> str:
    """What a name that is no account's (or an inactive one's) is told: the same as a real account would be,
    its failures counted and "locked" at the same limit, so the lock-out tells nobody which names are real.
    Counted in the limits' cache (shared by every process), per name, for a day."""
    key = "vidan:login:unknown:" + hashlib.sha256(username.lower().encode()).hexdigest()
    locked_until = counters.get(f"{key}:until")
    if locked_until is not None:
        return _locked_message(locked_until)
    if window_count(key, 24 * 60 * 60) >= settings.VIDAN_LOGIN_MAX_FAILURES:
        locked_until = timezone.now() + timedelta(minutes=settings.VIDAN_LOGIN_LOCK_MINUTES)
        counters.set(f"{key}:until", locked_until, settings.VIDAN_LOGIN_LOCK_MINUTES * 60)
        counters.delete(key)
        return _locked_message(locked_until)
    return _wrong_credentials()


def login_check_password(*, username: str, password: str, ip: str | None) -> Staff:
    """The staff member these credentials name, or LoginRefused with a message that says what to do."""
    username = (username or "").strip()
    refusal = None
    with transaction.atomic():
        staff = (
            Staff.objects.select_for_update(of=("self",))
            .select_related("commune")
            .filter(username__iexact=username)
            .first()
        )
        if staff is None or not staff.is_active:
            _dummy_check(password or "")
            audit_record(
                actor=Actor(ip=ip, label_override=_unknown_name_label(username)),
                action="auth.login_failed",
                data={"reason": "unknown user" if staff is None else "inactive"},
            )
            refusal = _unknown_name_refusal(username)
        elif staff.is_locked():
            audit_record(
                actor=Actor(ip=ip, label_override=staff.username),
                action="auth.login_blocked",
                obj=staff,
                commune=staff.commune,
            )
            refusal = _locked_message(staff.locked_until)
        elif not staff.check_password(password or ""):
            locked = _count_failure(staff, ip, "password")
            refusal = _locked_message(staff.locked_until) if locked else _wrong_credentials()
    if refusal:
        raise LoginRefused(refusal)
    return staff


def totp_device(staff: Staff) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=staff, confirmed=True).order_by("id").first()


def otp_required(staff: Staff, roles: frozenset[str], *, has_device: bool | None = None) -> bool:
    """Whether this staff member must give a TOTP code: they set one up, or a role of theirs demands it.
    `has_device`, when the caller knows it, saves reading the devices."""
    required_roles = set(settings.VIDAN_OTP_REQUIRED_ROLES)
    if (staff.is_superuser and "admin" in required_roles) or roles & required_roles:
        return True
    return has_device if has_device is not None else totp_device(staff) is not None


@dataclass(frozen=True)
class SecondFactor:
    device: TOTPDevice  # the authenticator the session is verified with
    recovery_codes_left: int | None = None  # when a recovery code was given instead of the app's: how many are left


def login_check_token(*, staff: Staff, token: str, ip: str | None) -> SecondFactor:
    """The second factor `token` gives: a code of the authenticator app, or one of the staff member's recovery
    codes (anything that is not all digits is taken for one). Else LoginRefused. A wrong code of either kind
    counts towards the lock-out and slows the next try down alike."""
    token = "".join((token or "").split())
    refusal, left = None, None
    with transaction.atomic():
        staff = Staff.objects.select_for_update(of=("self",)).select_related("commune").get(pk=staff.pk)
        device = TOTPDevice.objects.select_for_update().filter(user=staff, confirmed=True).order_by("id").first()
        if staff.is_locked():
            refusal = _locked_message(staff.locked_until)
        elif device is None:
            refusal = _("No authenticator app is set up for this account yet.")
        elif not device.verify_is_allowed()[0]:
            # django-otp slows down guessing: each failure doubles the wait before the next try.
            refusal = _("Too many wrong codes in a row. Wait a few seconds, then type the new code.")
        else:
            if token.isdigit():
                accepted = device.verify_token(token)
            else:
                left = recovery_code_use(staff=staff, typed=token, ip=ip)
                accepted = left is not None
                if accepted:
                    device.throttle_reset()
                else:
                    device.throttle_increment()
            if not accepted:
                locked = _count_failure(staff, ip, "token" if token.isdigit() else "recovery code")
                refusal = (
                    _locked_message(staff.locked_until)
                    if locked
                    else _("The verification code is wrong or has expired.")
                )
    if refusal:
        raise LoginRefused(refusal)
    return SecondFactor(device, left)


@transaction.atomic
def login_succeeded(*, staff: Staff, ip: str | None, second_factor: bool) -> None:
    Staff.objects.filter(pk=staff.pk).update(failed_logins=0, locked_until=None, last_login=timezone.now())
    staff_access_drop(staff.pk)  # update() sends no signal
    audit_record(
        actor=Actor(staff=staff, ip=ip),
        action="auth.login",
        obj=staff,
        commune=staff.commune,
        data={"second_factor": second_factor},
    )


@transaction.atomic
def totp_device_start(*, staff: Staff, device_id: int | None = None) -> TOTPDevice:
    """The authenticator being set up for `staff` in one browser session: the pending key whose id the session
    keeps, or else a new key, which drops every other pending one. A key shown in another session — to someone
    who opened the set-up page with the password before the staff member did — can then never be confirmed."""
    if device_id is not None:
        device = TOTPDevice.objects.filter(pk=device_id, user=staff, confirmed=False).first()
        if device is not None:
            return device
    TOTPDevice.objects.filter(user=staff, confirmed=False).delete()
    device = TOTPDevice(user=staff, name=_("Authenticator app"), confirmed=False)
    device.full_clean(exclude=["user"])
    device.save()
    return device


@transaction.atomic
def totp_device_confirm(*, actor: Actor, device: TOTPDevice, token: str) -> list[str]:
    """Confirm a device being set up, once the staff member types a code it shows. Returns the recovery codes
    issued with it (the ones before are cancelled), to be shown once."""
    token = "".join((token or "").split())
    if not token.isdigit() or not device.verify_token(token):
        raise DomainError(_("The code does not match. Check the time on your phone and try again."), field="token")
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=actor, action="auth.totp_confirmed", obj=device.user, commune=device.user.commune)
    return recovery_codes_issue(actor=actor, staff=device.user)
