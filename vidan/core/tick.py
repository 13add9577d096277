"""The jobs `vidan tick` runs. Each is idempotent: running it twice, or late, does no harm.

A module adds its job to TICK_JOBS (reminders, escalations, outbox delivery, expiry of disclosures…);
production runs `vidan tick` every few minutes from a timer.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice


@dataclass(frozen=True)
class TickJob:
    name: str
    run: Callable[[], int]  # returns how many things it handled


def sessions_clear_expired() -> int:
    deleted, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def totp_abandoned_setups_clear() -> int:
    """Unconfirmed authenticator set-ups older than a day: the QR code was shown but never used."""
    cutoff = timezone.now() - timedelta(days=1)
    deleted, _by_model = TOTPDevice.objects.filter(confirmed=False, created_at__lt=cutoff).delete()
    return deleted


def outbox_send_pending() -> int:
    from vidan.notify.services import outbox_deliver

    return outbox_deliver()


def dossier_apology_reminders() -> int:
    from vidan.onestop.reminders import apology_reminders_send

    return apology_reminders_send()


def dossier_due_dates_follow_calendar() -> int:
    from vidan.onestop.deadlines import due_dates_follow_calendar

    return due_dates_follow_calendar()


def dossier_files_sweep() -> int:
    from vidan.onestop.online import dossier_files_sweep as sweep

    return sweep()


TICK_JOBS: list[TickJob] = [
    TickJob("onestop.due_dates_follow_calendar", dossier_due_dates_follow_calendar),
    TickJob("onestop.apology_reminders", dossier_apology_reminders),
    TickJob("onestop.files_sweep", dossier_files_sweep),
    TickJob("outbox.send", outbox_send_pending),
    TickJob("sessions.clear_expired", sessions_clear_expired),
    TickJob("otp.clear_abandoned_setups", totp_abandoned_setups_clear),
]
