"""Office culture (criterion 5): the commune's code of conduct in versions, each officer's acknowledgement of
each version, the officers' badges and their public profiles.

A version of the code is a decision of the People's Committee. Until it is published it is a draft the commune
may correct or drop; once published it is posted for good (Luật 10/2022 Art. 11(4), 13: permanently) and is
never changed or deleted, only superseded by a later version. A badge number is given once: the register keeps
every badge ever issued, revoked ones included, so a number is never given to anyone else.
"""

import uuid

from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vidan.core.models import CommuneScoped

FILE_EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def conduct_storage():
    """The private storage of the data directory (VIDAN_DATA_DIR/private, or the bucket): the signed decision
    is served by the platform, with the type its content showed, never as public media."""
    return storages["dossier_files"]


def _signed_file_path(instance: "CodeVersion", filename: str) -> str:
    """conduct/<commune>/<year>/<32 hex digits>.<type>: named by nothing the uploaded name says."""
    year = timezone.localdate().year
    return f"conduct/{instance.commune_id}/{year}/{uuid.uuid4().hex}{instance.file_extension}"


class CodeVersion(CommuneScoped):
    """One version of the commune's code of conduct of its officers: the decision that adopted it, its text and
    the signed decision as scanned. A draft (`published_at` empty) until published; then fixed."""

    decision_number = models.CharField(_("decision number"), max_length=60)
    signed_on = models.DateField(_("signed on"))
    effective_on = models.DateField(_("in force from"))
    title = models.CharField(pgettext_lazy("code of conduct", "title"), max_length=255)
    text = models.TextField(_("text"))
    file = models.FileField(upload_to=_signed_file_path, storage=conduct_storage, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_content_type = models.CharField(_("type"), max_length=60, blank=True)
    file_size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        "org.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("code of conduct", "published by"),
    )

    class Meta:
        verbose_name = _("version of the code of conduct")
        verbose_name_plural = _("versions of the code of conduct")
        constraints = [
            models.UniqueConstraint(fields=["commune", "decision_number"], name="code_version_decision_unique"),
            models.CheckConstraint(condition=Q(effective_on__gte=models.F("signed_on")), name="code_version_dates"),
        ]
        indexes = [models.Index(fields=["commune", "effective_on"], name="code_version_commune")]

    def __str__(self):
        return f"{self.decision_number} — {self.title}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def file_extension(self) -> str:
        return FILE_EXTENSIONS.get(self.file_content_type, ".bin")

    @property
    def download_name(self) -> str:
        stem = self.file_name.rsplit(".", 1)[0] if "." in self.file_name else self.file_name
        return (stem or "quy-tac-ung-xu") + self.file_extension


class Acknowledgement(models.Model):
    """An officer read a version of the code and undertook to follow it: once per officer and version."""

    commune = models.ForeignKey("org.Commune", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(CodeVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    staff = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("officer"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"))

    class Meta:
        verbose_name = _("acknowledgement of the code of conduct")
        verbose_name_plural = _("acknowledgements of the code of conduct")
        constraints = [models.UniqueConstraint(fields=["version", "staff"], name="acknowledgement_once")]
        indexes = [models.Index(fields=["commune", "version"], name="acknowledgement_commune")]

    def __str__(self):
        return f"{self.staff} — {self.version}"


class AcknowledgementReminder(models.Model):
    """A reminder the leadership sent an officer who had not acknowledged a version."""

    commune = models.ForeignKey("org.Commune", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(CodeVersion, on_delete=models.PROTECT, related_name="reminders")
    staff = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, null=True, related_name="+")
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("reminder to acknowledge the code of conduct")
        verbose_name_plural = _("reminders to acknowledge the code of conduct")
        indexes = [models.Index(fields=["commune", "version", "staff"], name="ack_reminder_commune")]

    def __str__(self):
        return f"{self.staff} — {self.version} — {self.sent_at:%Y-%m-%d}"


class RevokeReason(models.TextChoices):
    LEFT = "left", _("The officer no longer works at the commune")
    REVOKED = "revoked", _("The badge was withdrawn (lost, damaged, replaced)")


class Badge(CommuneScoped):
    """A badge issued to an officer: its number (given once, never again), when it was issued and, once it is
    no longer valid, when and why. An officer holds at most one valid badge."""

    staff = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="badges", verbose_name=_("officer"))
    number = models.CharField(_("badge number"), max_length=30, unique=True)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason"), max_length=10, choices=RevokeReason.choices, blank=True)
    revoke_note = models.CharField(_("note"), max_length=255, blank=True)
    revoked_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # What the officer was when the badge stopped being valid: the public page of a departed officer's badge
    # names them as they were, whatever their account says later.
    name_when_revoked = models.CharField(max_length=120, blank=True)
    position_when_revoked = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        constraints = [
            models.UniqueConstraint(fields=["commune", "number"], name="badge_number_per_commune"),
            models.UniqueConstraint(
                fields=["staff"], condition=Q(revoked_on__isnull=True), name="badge_one_valid_per_officer"
            ),
        ]
        indexes = [models.Index(fields=["commune", "staff"], name="badge_commune_staff")]

    def __str__(self):
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_on is None


class BadgeCounter(models.Model):
    """The last sequence number the commune gave a badge: numbers only go up."""

    commune = models.OneToOneField("org.Commune", on_delete=models.PROTECT, related_name="+")
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.commune_id}: {self.last}"


class OfficerProfile(CommuneScoped):
    """What the public profile shows of an officer beyond the staff record: when they receive citizens."""

    staff = models.OneToOneField("org.Staff", on_delete=models.CASCADE, related_name="conduct_profile")
    reception_hours = models.CharField(_("reception hours"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("officer's public profile")
        verbose_name_plural = _("officers' public profiles")

    def __str__(self):
        return str(self.staff)
