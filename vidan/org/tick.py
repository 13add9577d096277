"""The organisation's scheduled work."""

from datetime import timedelta

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from vidan.core.tick import LAST, TICK_JOBS, TickJob


def totp_abandoned_setups_clear() -> int:
    """Unconfirmed authenticator set-ups older than a day: the QR code was shown but never used."""
    cutoff = timezone.now() - timedelta(days=1)
    deleted, _by_model = TOTPDevice.objects.filter(confirmed=False, created_at__lt=cutoff).delete()
    return deleted


TICK_JOBS.register(TickJob("otp.clear_abandoned_setups", totp_abandoned_setups_clear, order=LAST + 5))
