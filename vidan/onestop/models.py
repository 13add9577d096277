"""The one-stop desk: the catalogue of administrative procedures."""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidan.onestop.fees import FeeRule, fee_compute
from vidan.onestop.step_times import split_parse
from vidan.org.models import DepartmentKind


class Field(models.Model):
    """A field of administrative procedures (lĩnh vực): civil status, certification, residence, …"""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self):
        return self.name


class FeeKind(models.TextChoices):
    FREE = "free", _("Free")
    FIXED = "fixed", _("Fixed amount")
    PER_PAGE = "per_page", _("Per page, with a cap")
    PROVINCE_RATE = "province_rate", _("At the rate set by the province")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Fully online (toàn trình)")
    PARTIAL = "partial", _("Partly online (một phần)")
    NONE = "none", _("At the desk only")


class Procedure(models.Model):
    """An administrative procedure as the catalogue publishes it, valid over a period.

    Time limits and fees are data: they change with the law, and each dossier keeps the version it was
    received under (docs/legal.md §4).
    """

    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("field"))
    department_kind = models.CharField(_("department"), max_length=20, choices=DepartmentKind.choices)
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit (working days)"), help_text=_("0 means the same working day.")
    )
    verification_extra_days = models.PositiveSmallIntegerField(
        _("extra working days when verification is needed"), default=0
    )
    fee_kind = models.CharField(_("fee"), max_length=20, choices=FeeKind.choices, default=FeeKind.FREE)
    fee_amount = models.PositiveIntegerField(_("amount (đồng)"), default=0, help_text=_("Fixed fee, or per page."))
    fee_reduced_from_page = models.PositiveSmallIntegerField(
        _("reduced rate from page"), null=True, blank=True, validators=[MinValueValidator(2)]
    )
    fee_reduced_amount = models.PositiveIntegerField(_("reduced amount per page (đồng)"), default=0)
    fee_cap = models.PositiveIntegerField(_("cap (đồng)"), null=True, blank=True)
    fee_per_copy = models.BooleanField(
        _("fee counted per copy"), default=False, help_text=_("The fee is due for each copy asked for.")
    )
    fee_online_amount = models.PositiveIntegerField(
        _("amount when submitted online (đồng)"),
        null=True,
        blank=True,
        help_text=_("Only when the online fee differs from the desk's."),
    )
    fee_exemptible = models.BooleanField(
        _("civil status fee exemptions apply"),
        default=False,
        help_text=_("The exemptions of Luật Hộ tịch Art. 11(1)(a) may be ticked at intake."),
    )
    fee_note = models.CharField(_("fee note"), max_length=255, blank=True)
    # What NĐ 63/2010 Art. 8(2) requires a procedure to state, besides its name, time limit, agency and fee.
    national_code = models.CharField(
        _("national procedure code"),
        max_length=20,
        blank=True,
        help_text=_("The code in the National Database on Administrative Procedures."),
    )
    applicants = models.TextField(_("who may submit"), blank=True)
    steps = models.TextField(_("steps"), blank=True, help_text=_("One step a line."))
    result = models.CharField(_("result"), max_length=255, blank=True)
    forms = models.TextField(_("forms to fill in"), blank=True, help_text=_("One form a line."))
    conditions = models.TextField(_("requirements and conditions"), blank=True)
    online_level = models.CharField(
        _("online level"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    legal_basis = models.TextField(_("legal basis"))
    # The internal procedure's split of the time limit between the steps (vidan.onestop.step_times); empty: the
    # default split.
    step_split = models.CharField(
        _("split of the time limit between the steps"),
        max_length=20,
        blank=True,
        help_text=_("Desk/department/leader/result in percent, adding up to 100, e.g. 10/60/20/10."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["field__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="procedure_code_valid_from_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="procedure_valid_range",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        try:
            split_parse(self.step_split)
        except ValueError:
            raise ValidationError(
                {"step_split": _("Four whole numbers in percent adding up to 100, e.g. 10/60/20/10.")}
            ) from None

    @property
    def fee_rule(self) -> FeeRule:
        return FeeRule(
            kind=self.fee_kind,
            amount=self.fee_amount,
            reduced_from_page=self.fee_reduced_from_page,
            reduced_amount=self.fee_reduced_amount,
            cap=self.fee_cap,
            per_copy=self.fee_per_copy,
            online_amount=self.fee_online_amount,
        )

    def fee_for(self, pages: int = 1, copies: int = 1, *, online: bool = False) -> int | None:
        """The fee in đồng for `copies` of an original of `pages` pages, or None when the province sets it."""
        return fee_compute(self.fee_rule, pages=pages, copies=copies, online=online)

    @property
    def steps_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def forms_list(self) -> list[str]:
        return [line.strip() for line in self.forms.splitlines() if line.strip()]


class DocumentForm(models.TextChoices):
    ORIGINAL = "original", _("Original")
    COPY = "copy", _("Copy")
    CERTIFIED_COPY = "certified_copy", _("Certified copy")
    ORIGINAL_OR_COPY = "either", _("Original or certified copy")


class RequiredDocument(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=255)
    form = models.CharField(_("form"), max_length=20, choices=DocumentForm.choices, default=DocumentForm.ORIGINAL)
    count = models.PositiveSmallIntegerField(_("number of copies"), default=1, validators=[MinValueValidator(1)])
    upload_accepted = models.BooleanField(_("may be uploaded"), default=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["procedure", "position"]

    def __str__(self):
        return self.name


class Channel(models.TextChoices):
    DESK = "desk", _("At the one-stop desk")
    ONLINE = "online", _("Online")


class DossierStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted online, awaiting the desk's check")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    REFUSED = "refused", _("Refused at intake")
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned to a specialist")
    PROCESSING = "processing", _("Being processed")
    WAITING_CITIZEN = "waiting_citizen", _("Returned to the citizen to complete")
    FOR_APPROVAL = "for_approval", _("Awaiting the leader's approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Refused, with reasons")
    RESULT_READY = "result_ready", _("Result ready")
    RETURNED = "returned", _("Result returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DeskRules(models.Model):
    """The rules the one-stop desk works under from a date: the decree, the desk's name, how a return during
    processing counts, the apology's lead, the forms' numbers. A dossier keeps the version in force on the day it
    was received (or submitted, before its receipt). Data, not code: where the texts are not confirmed, an
    operator corrects a version here (docs/legal.md says which values are)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    basis = models.CharField(_("legal basis"), max_length=255)
    valid_from = models.DateField(_("valid from"), unique=True)
    desk_name = models.CharField(_("name of the desk"), max_length=120)
    return_restarts = models.BooleanField(
        _("a return during processing restarts the time limit"),
        help_text=_("Ticked: the time limit starts again from zero once the citizen completes the dossier. "
                    "Unticked: the time already spent counts, and the clock only stands still."),
    )  # fmt: skip
    returns_per_agency = models.PositiveSmallIntegerField(
        _("written returns during processing, per agency"), help_text=_("0: no limit.")
    )
    apology_lead_days = models.PositiveSmallIntegerField(
        _("apology: working days before the due date"),
        default=1,
        help_text=_("The apology with a new appointment is due this many working days before the due date."),
    )
    forms = models.JSONField(
        _("forms"), default=dict, blank=True, help_text=_('The number of each form, by kind: {"receipt": "01", …}.')
    )

    class Meta:
        verbose_name = _("one-stop desk rules")
        verbose_name_plural = _("one-stop desk rules")
        ordering = ["valid_from"]

    def __str__(self):
        return f"{self.basis} ({self.valid_from:%d/%m/%Y})"


class ResultDelivery(models.TextChoices):
    """Where the citizen receives the result: at the desk, or by the public postal service to their address
    (QĐ 45/2016/QĐ-TTg)."""

    DESK = "desk", _("At the one-stop desk")
    POST = "post", _("By post, to the applicant's address")


class FeeStatus(models.TextChoices):
    UNPAID = "unpaid", _("Not paid")
    PAID = "paid", _("Paid")
    EXEMPT = "exempt", _("Exempt")


class FeeExemption(models.TextChoices):
    """Who is exempt from the civil status fee (Luật Hộ tịch Art. 11(1)(a))."""

    MERIT_FAMILY = "merit_family", _("Member of a family with merit to the revolution")
    POOR_HOUSEHOLD = "poor_household", _("Member of a poor household")
    DISABILITY = "disability", _("Person with a disability")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("In cash at the desk")
    TRANSFER = "transfer", _("By bank transfer")
    ONLINE = "online", _("Online payment")


class Dossier(models.Model):
    """A citizen's request under one procedure, from submission or receipt to the result returned.

    The time limit it was received under is kept on the dossier, so a later change to the catalogue does not
    move its due date.
    """

    # No index of its own: every index below starts with the commune, and each one more is written on every save.
    commune = models.ForeignKey(
        "org.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune"), db_index=False
    )
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="+", verbose_name=_("procedure"))
    code = models.CharField(_("dossier code"), max_length=40, unique=True, null=True, blank=True)
    # An online dossier's tracking reference, given at submission; the official code comes at receipt.
    reference = models.CharField(_("tracking reference"), max_length=20, unique=True, null=True, blank=True)
    pin_hash = models.CharField(max_length=128, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=24, choices=DossierStatus.choices)
    applicant_name = models.CharField(_("applicant"), max_length=120)
    applicant_name_folded = models.CharField(max_length=120, editable=False)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=255, blank=True)
    result_delivery = models.CharField(
        _("result delivered"), max_length=10, choices=ResultDelivery.choices, default=ResultDelivery.DESK
    )
    working_days = models.PositiveSmallIntegerField(_("time limit (working days)"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    paused_since = models.DateTimeField(null=True, blank=True)
    restarts = models.PositiveSmallIntegerField(default=0)
    # When the time limit last started again from zero (a completed dossier back from the citizen); the
    # receipt time stays what it was, for the tracking book and the statistics of the period.
    restarted_at = models.DateTimeField(_("time limit restarted at"), null=True, blank=True)
    apologised = models.BooleanField(default=False)
    apology_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("result ready at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    assignee = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("assignee")
    )
    received_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("received by")
    )
    consent_at = models.DateTimeField(_("consent to the use of personal data"), null=True, blank=True)
    # The desk's rules in force on the day of receipt (before it, of submission): vidan.onestop.versions.
    rules = models.ForeignKey(
        DeskRules, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("rules")
    )
    # The fee, worked out from the procedure's version at submission or receipt and kept: a later change to the
    # catalogue does not change what this dossier owes. None: the province's rate, entered when it is paid.
    fee_amount = models.PositiveIntegerField(_("fee (đồng)"), null=True, blank=True)
    fee_pages = models.PositiveIntegerField(_("pages of the original"), null=True, blank=True)
    fee_copies = models.PositiveIntegerField(_("copies"), default=1, validators=[MinValueValidator(1)])
    fee_exemption = models.CharField(_("fee exemption"), max_length=20, choices=FeeExemption.choices, blank=True)
    fee_status = models.CharField(_("fee"), max_length=10, choices=FeeStatus.choices, default=FeeStatus.UNPAID)
    fee_paid_at = models.DateTimeField(_("fee paid at"), null=True, blank=True)
    fee_payment_method = models.CharField(_("paid how"), max_length=10, choices=PaymentMethod.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["commune", "status", "due_at"], name="dossier_commune_status_due"),
            # A period's dossiers (tracking book, statistics), with every column the statistics count: they are
            # counted from the index alone, without reading the dossiers' rows.
            models.Index(
                fields=["commune", "received_at", "procedure", "status", "finished_at", "due_at"],
                name="dossier_commune_period",
            ),
            models.Index(fields=["commune", "assignee", "status"], name="dossier_commune_assignee"),
            models.Index(fields=["commune", "applicant_name_folded"], name="dossier_commune_applicant"),
            # The "All" tab, newest first: without it PostgreSQL walks the primary key past other communes.
            models.Index(fields=["commune", "-id"], name="dossier_commune_newest"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """What the citizen and the officers call the dossier: its code, or before receipt its reference."""
        return self.code or self.reference or f"#{self.pk}"


class DossierEvent(models.Model):
    """One step in a dossier's life: who, when, from which status to which, and why."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    commune = models.ForeignKey("org.Commune", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey("org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor_label = models.CharField(_("by"), max_length=150)
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier", "id"]

    def __str__(self):
        return f"{self.dossier} {self.action}"


class DossierSequence(models.Model):
    """The last number given to a dossier received by an agency on a day (the XXXX of the code)."""

    agency_code = models.CharField(max_length=15)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency_code", "day"], name="dossier_sequence_unique")]

    def __str__(self):
        return f"{self.agency_code} {self.day}: {self.last}"


def dossier_storage():
    """Where citizens' uploads live: a storage of its own, never served as public media."""
    return storages["dossier_files"]


def _dossier_file_path(instance: "DossierFile", filename: str) -> str:
    """dossiers/<commune>/<year>/<month>/<32 hex digits>.<type>: named by nothing the citizen's file name says
    (that is kept in `name`), a folder a month, so that an operator can archive or remove files by period and
    no folder holds years of a commune's files."""
    uploaded = timezone.localtime(instance.uploaded_at or timezone.now())
    return f"dossiers/{instance.commune_id}/{uploaded:%Y/%m}/{uuid.uuid4().hex}{instance.extension}"


class DossierFile(models.Model):
    """A document a citizen uploaded with an online dossier or its supplement, or the electronic result an
    officer attached (`is_result`: the signed certificate, the decision), which the citizen downloads with the PIN.

    Stored outside the public media (served only through the back office, audited, and a result to the citizen
    who gave the PIN); the type is the one its content shows, never the one its name claims.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    commune = models.ForeignKey("org.Commune", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        RequiredDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("document")
    )
    document_name = models.CharField(_("document"), max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=_dossier_file_path, storage=dossier_storage, max_length=200)
    round = models.PositiveSmallIntegerField(
        _("round"), default=0, help_text=_("0 with the submission, then 1, 2, … with each supplement.")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    is_result = models.BooleanField(_("electronic result"), default=False)

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["dossier", "round", "id"]

    def __str__(self):
        return self.name

    @property
    def download_name(self) -> str:
        """The citizen's file name with the extension of the type its content showed ("don.exe" → "don.pdf")."""
        stem = self.name.rsplit(".", 1)[0] if "." in self.name else self.name
        return (stem or "tep") + self.extension

    @property
    def extension(self) -> str:
        return {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(self.content_type, ".bin")


class DueDatesApplied(models.Model):
    """One row: the calendar version the stored due dates of open dossiers were last brought in line with."""

    stamp = models.CharField(max_length=32, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.stamp
