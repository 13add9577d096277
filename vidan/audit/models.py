"""The append-only audit log: every state change and every view of secret data, hash-chained."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One recorded act. `hash` covers this entry's fields and the previous entry's hash, so editing or
    deleting any row breaks every link after it."""

    at = models.DateTimeField(_("at"), db_index=True)
    # The actor's id is part of the hash, so it must outlive the staff row: no constraint, never nulled.
    actor = models.ForeignKey(
        "org.Staff",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    commune = models.ForeignKey(
        "org.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
        db_index=False,  # audit_commune_recent starts with it
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["commune", "-id"], name="audit_commune_recent"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.actor_label}"


class AuditHead(models.Model):
    """The single row writers lock to append to the chain one at a time."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    def __str__(self):
        return f"#{self.last_id} {self.last_hash[:12]}"
