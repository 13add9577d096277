"""The model a commune runs: the framework it is measured against (published by a unit above it), its launch,
its departments' models and commitments, and its self-assessment period by period, reviewed from above.

A framework belongs to the unit that published it, not to a commune; everything a commune does (its launch,
commitments, assessments and their files) carries the commune and leads its indexes with it.
"""

import uuid

from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidan.core.models import CommuneScoped, TimeStamped
from vidan.model.criteria import CRITERION_CHOICES

WEIGHT = {"max_digits": 7, "decimal_places": 2, "validators": [MinValueValidator(0)]}
FIGURE = {"max_digits": 14, "decimal_places": 2}


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Source(models.TextChoices):
    COMPUTED = "computed", _("Computed by the platform")
    DECLARED = "declared", _("Declared by the commune with evidence")


class Framework(TimeStamped):
    """A version of the model's framework, published by a province (or, for history, a former district) and in
    force for the communes below it from `valid_from` until a later version of the same unit replaces it."""

    publisher = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="model_frameworks", verbose_name=_("published by")
    )
    name = models.CharField(_("name"), max_length=200)
    decision = models.CharField(_("decision"), max_length=200, blank=True, help_text=_("Number and date of the act."))
    valid_from = models.DateField(_("valid from"))
    period_months = models.PositiveSmallIntegerField(
        _("period of self-assessment (months)"),
        default=3,
        choices=[(3, _("Quarter")), (6, _("Half year")), (12, _("Year"))],
    )

    class Meta:
        verbose_name = _("framework of the model")
        verbose_name_plural = _("frameworks of the model")
        constraints = [
            models.UniqueConstraint(fields=["publisher", "valid_from"], name="model_framework_unit_from_unique")
        ]
        ordering = ["publisher", "-valid_from"]

    def __str__(self):
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"


class FrameworkCriterion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    number = models.PositiveSmallIntegerField(_("criterion"), choices=CRITERION_CHOICES)
    weight = models.DecimalField(_("weight"), **WEIGHT)

    class Meta:
        verbose_name = _("criterion of a framework")
        verbose_name_plural = _("criteria of a framework")
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="model_criterion_unique")]
        ordering = ["framework", "number"]

    def __str__(self):
        return self.get_number_display()


class FrameworkIndicator(models.Model):
    """An indicator of a framework: its weight within its criterion, its target and direction, and where its
    value comes from: the key of a registered indicator (computed) or the commune's declaration (declared)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    criterion = models.PositiveSmallIntegerField(_("criterion"), choices=CRITERION_CHOICES)
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("indicator"), max_length=255)
    unit = models.CharField(_("unit"), max_length=20, choices=[("percent", "%"), ("count", _("count"))])
    weight = models.DecimalField(_("weight"), **WEIGHT)
    target = models.DecimalField(_("target"), **FIGURE)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    indicator_key = models.CharField(_("registered indicator"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator of a framework")
        verbose_name_plural = _("indicators of a framework")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="model_indicator_code_unique"),
            models.CheckConstraint(
                condition=(Q(source="computed") & ~Q(indicator_key="")) | (Q(source="declared") & Q(indicator_key="")),
                name="model_indicator_source_key",
            ),
        ]
        ordering = ["framework", "criterion", "order", "id"]

    def __str__(self):
        return self.label


class Launch(CommuneScoped):
    """The ceremony at which the commune launched the model: once per commune."""

    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="launches")
    article_url = models.URLField(_("address of the article"), max_length=500, blank=True)
    article_text = models.TextField(_("text of the article"), blank=True)
    recorded_by = models.ForeignKey("org.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("launch of the model")
        verbose_name_plural = _("launches of the model")
        constraints = [models.UniqueConstraint(fields=["commune"], name="model_launch_once")]

    def __str__(self):
        return f"{self.commune} — {self.held_on:%d/%m/%Y}"


class LaunchAttendee(models.Model):
    launch = models.ForeignKey(Launch, on_delete=models.CASCADE, related_name="attendees")
    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    position = models.CharField(_("position"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["launch", "order", "id"]

    def __str__(self):
        return self.full_name or self.position


class DepartmentModel(CommuneScoped):
    """A department's own model within the commune's (the one-stop desk's, the commune police's, …)."""

    department = models.OneToOneField(
        "org.Department", on_delete=models.PROTECT, related_name="model", verbose_name=_("department")
    )
    name = models.CharField(_("name of the model"), max_length=255)
    description = models.TextField(_("what it does"), blank=True)
    started_on = models.DateField(_("started on"))

    class Meta:
        verbose_name = _("department's model")
        verbose_name_plural = _("departments' models")
        indexes = [models.Index(fields=["commune", "started_on"], name="model_deptmodel_commune")]

    def __str__(self):
        return self.name


class CommitmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    SUPERSEDED = "superseded", _("Superseded")


class Commitment(CommuneScoped):
    """A department's commitment to the model. A draft can be changed; once signed it is fixed, and a new
    version, once signed, supersedes it."""

    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="model_commitments", verbose_name=_("department")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=CommitmentStatus.choices, default="draft")
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey("org.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("superseded by")
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(fields=["department", "version"], name="model_commitment_version_unique"),
            # One signed, current commitment per department; drafts and superseded versions besides.
            models.UniqueConstraint(
                fields=["department"], condition=Q(status="signed"), name="model_commitment_one_signed"
            ),
            models.UniqueConstraint(
                fields=["department"], condition=Q(status="draft"), name="model_commitment_one_draft"
            ),
        ]
        indexes = [models.Index(fields=["commune", "department", "version"], name="model_commitment_commune")]
        ordering = ["commune", "department", "-version"]

    def __str__(self):
        return f"{self.department} — v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == CommitmentStatus.DRAFT


class CommitmentItem(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("what the department commits to"))

    class Meta:
        verbose_name = _("item of a commitment")
        verbose_name_plural = _("items of a commitment")
        ordering = ["commitment", "number"]
        constraints = [models.UniqueConstraint(fields=["commitment", "number"], name="model_item_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class Signatory(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="signatories")
    full_name = models.CharField(_("full name"), max_length=120)
    position = models.CharField(_("position"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["commitment", "order", "id"]

    def __str__(self):
        return f"{self.full_name} ({self.position})"


class FollowUpStatus(models.TextChoices):
    DONE = "done", _("Done")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_DONE = "not_done", _("Not done")


class FollowUp(CommuneScoped):
    """How an item of a signed commitment stood at the end of a period, with its evidence."""

    item = models.ForeignKey(CommitmentItem, on_delete=models.CASCADE, related_name="follow_ups")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(_("status"), max_length=12, choices=FollowUpStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey("org.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("follow-up of an item")
        verbose_name_plural = _("follow-ups of items")
        constraints = [models.UniqueConstraint(fields=["item", "period_start"], name="model_followup_period_unique")]
        indexes = [models.Index(fields=["commune", "period_start"], name="model_followup_commune")]
        ordering = ["item", "period_start"]

    def __str__(self):
        return f"{self.item} — {self.period_start:%d/%m/%Y}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Being filled in")
    SUBMITTED = "submitted", _("Submitted, waiting for review")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")


class Assessment(CommuneScoped):
    """The commune's self-assessment for one period, against the framework in force at the period's start."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(_("status"), max_length=12, choices=AssessmentStatus.choices, default="draft")
    total_score = models.DecimalField(_("total score"), max_digits=5, decimal_places=1, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey("org.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey("org.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    review_comment = models.TextField(_("supervisor's comment"), blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(fields=["commune", "period_start"], name="model_assessment_period_unique"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="model_assessment_span"),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="model_assessment_queue")]
        ordering = ["commune", "-period_start"]

    def __str__(self):
        return f"{self.commune} — {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"

    @property
    def editable(self) -> bool:
        return self.status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)


class AssessmentValue(models.Model):
    """An indicator's value in an assessment: declared by the commune, or computed and frozen at submission with
    how it was computed."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(FrameworkIndicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), null=True, blank=True, **FIGURE)
    note = models.TextField(_("explanation"), blank=True)
    how = models.TextField(_("how it was computed"), blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=1, null=True, blank=True, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("value of an indicator")
        verbose_name_plural = _("values of indicators")
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="model_value_unique")]
        ordering = ["assessment", "indicator__criterion", "indicator__order", "indicator_id"]

    def __str__(self):
        return f"{self.indicator}: {self.value}"


class AssessmentCriterion(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="criteria")
    number = models.PositiveSmallIntegerField(_("criterion"), choices=CRITERION_CHOICES)
    comment = models.TextField(_("comment"), blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("criterion of a self-assessment")
        verbose_name_plural = _("criteria of a self-assessment")
        constraints = [models.UniqueConstraint(fields=["assessment", "number"], name="model_assessment_criterion")]
        ordering = ["assessment", "number"]

    def __str__(self):
        return self.get_number_display()


class AssessmentEvent(models.Model):
    """A step of an assessment: who, when, from which status to which, and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    commune = models.ForeignKey("org.Commune", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey("org.Staff", on_delete=models.SET_NULL, null=True, related_name="+")
    actor_label = models.CharField(max_length=150)
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["commune", "assessment", "at"], name="model_event_commune")]
        ordering = ["assessment", "at", "id"]

    def __str__(self):
        return f"{self.assessment_id} {self.action}"


class FileRole(models.TextChoices):
    DOCUMENT = "document", _("Document")
    PHOTO = "photo", _("Photo")
    SCAN = "scan", _("Signed scan")
    EVIDENCE = "evidence", _("Evidence")


def model_storage():
    """The private storage of the platform's stored files (the one-stop desk's too): never public media."""
    return storages["dossier_files"]


def _model_file_path(instance: "ModelFile", filename: str) -> str:
    """model/<commune>/<year>/<month>/<32 hex digits>.<type>: named by nothing the uploader's file name says."""
    uploaded = timezone.localtime(instance.uploaded_at or timezone.now())
    return f"model/{instance.commune_id}/{uploaded:%Y/%m}/{uuid.uuid4().hex}{instance.extension}"


class ModelFile(models.Model):
    """A file of the model: a document or photo of the launch, a commitment's signed scan, the evidence of a
    follow-up or of a declared value. Exactly one of the owners is set."""

    commune = models.ForeignKey("org.Commune", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("kind"), max_length=10, choices=FileRole.choices)
    launch = models.ForeignKey(Launch, on_delete=models.CASCADE, null=True, blank=True, related_name="files")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, null=True, blank=True, related_name="files")
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, null=True, blank=True, related_name="files")
    value = models.ForeignKey(AssessmentValue, on_delete=models.CASCADE, null=True, blank=True, related_name="files")
    title = models.CharField(_("title"), max_length=255, blank=True)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=_model_file_path, storage=model_storage, max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey("org.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("file of the model")
        verbose_name_plural = _("files of the model")
        indexes = [models.Index(fields=["commune", "uploaded_at"], name="model_file_commune")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(launch__isnull=False, commitment__isnull=True, follow_up__isnull=True, value__isnull=True)
                    | Q(launch__isnull=True, commitment__isnull=False, follow_up__isnull=True, value__isnull=True)
                    | Q(launch__isnull=True, commitment__isnull=True, follow_up__isnull=False, value__isnull=True)
                    | Q(launch__isnull=True, commitment__isnull=True, follow_up__isnull=True, value__isnull=False)
                ),
                name="model_file_one_owner",
            )
        ]
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title or self.name

    @property
    def extension(self) -> str:
        return {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(self.content_type, ".bin")

    @property
    def download_name(self) -> str:
        stem = self.name.rsplit(".", 1)[0] if "." in self.name else self.name
        return (stem or "tep") + self.extension

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class IndicatorSnapshot(models.Model):
    """A registered indicator's value for a commune over a period, as last computed (vidan/model/snapshots.py).

    The rollout and the public pages read these instead of computing a hundred communes' statistics per request;
    the tick job keeps the current period fresh and computes a finished period once more after its last day. A
    self-assessment does not read them: it computes its own values and freezes them when it is submitted."""

    commune = models.ForeignKey("org.Commune", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("indicator"), max_length=60)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    value = models.DecimalField(_("value"), null=True, blank=True, **FIGURE)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("computed value of an indicator")
        verbose_name_plural = _("computed values of indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end", "commune", "code"], name="model_snapshot_unique"
            ),
        ]

    def __str__(self):
        return f"{self.commune_id} {self.code} {self.period_start:%d/%m/%Y}: {self.value}"
