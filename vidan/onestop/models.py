"""The one-stop desk: the catalogue of administrative procedures."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
    received under (LEGAL.md §1).
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
    fee_note = models.CharField(_("fee note"), max_length=255, blank=True)
    online_level = models.CharField(
        _("online level"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    legal_basis = models.TextField(_("legal basis"))
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

    def fee_for(self, pages: int = 1) -> int | None:
        """The fee in đồng for a dossier of `pages` pages, or None when the province sets it."""
        if self.fee_kind == FeeKind.FREE:
            return 0
        if self.fee_kind == FeeKind.FIXED:
            return self.fee_amount
        if self.fee_kind == FeeKind.PROVINCE_RATE:
            return None
        full = pages if self.fee_reduced_from_page is None else min(pages, self.fee_reduced_from_page - 1)
        reduced = max(0, pages - full)
        total = full * self.fee_amount + reduced * self.fee_reduced_amount
        return min(total, self.fee_cap) if self.fee_cap is not None else total


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
