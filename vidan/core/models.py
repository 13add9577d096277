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


class SharedCacheEntry(models.Model):
    """An entry of the cache every process shares when there is no Redis (vidan.core.cache.DatabaseCache): the
    counters of the limits. A count is kept as a number, so that adding to it is one UPDATE; anything else is
    pickled."""

    key = models.CharField(max_length=250, primary_key=True)
    number = models.BigIntegerField(null=True)
    value = models.BinaryField(null=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "vidan_shared_cache"

    def __str__(self):
        return self.key
