"""Base models every app builds on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class CommuneScoped(TimeStamped):
    """An operational row. Its commune is the tenant; every list index leads with it."""

    commune = models.ForeignKey("org.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune"))

    class Meta:
        abstract = True
