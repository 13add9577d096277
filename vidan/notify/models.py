"""Notices for staff inside the back office (a dossier assigned, a deadline near, …)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vidan.core.models import CommuneScoped


class StaffNotice(CommuneScoped):
    recipient = models.ForeignKey("org.Staff", on_delete=models.CASCADE, related_name="notices")
    text = models.CharField(_("text"), max_length=300)
    link = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["recipient", "read_at", "-id"], name="notice_recipient_unread")]

    def __str__(self):
        return self.text


class OutboxChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """A message to a citizen, written in the same transaction as the change it reports; `vidan deliver` (and
    `vidan tick`) sends it once that commits, and retries what could not be sent."""

    commune = models.ForeignKey("org.Commune", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=OutboxChannel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=40)
    state = models.CharField(_("state"), max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Not before this moment (empty: at once): the wait after a failed attempt, or while one is under way.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [models.Index(fields=["state", "id"], name="outbox_state")]

    def __str__(self):
        return f"{self.channel} → {self.recipient}: {self.kind}"
