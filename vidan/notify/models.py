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
