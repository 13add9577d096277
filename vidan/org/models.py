"""Administrative units, communes (the tenants), departments, staff and the roles granted to them."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from vidan.core.models import CommuneScoped, TimeStamped


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class Unit(models.Model):
    """An administrative unit in a dated tree of any depth.

    `path` is the chain of ancestor ids ("/12/345/6789/") so that "every unit below" is one indexed
    prefix query. A unit that was merged away keeps its row with `valid_to` set and a succession row
    pointing at what replaced it.
    """

    code = models.CharField(_("GSO code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=40, help_text=_("tỉnh, thành phố, huyện, xã, phường, đặc khu…"))
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unit_code_valid_from_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]
        ordering = ["path"]

    def __str__(self):
        return self.name

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def kind_label(self) -> str:
        """The kind in the reader's language: "xã" in Vietnamese, "commune" in English. The kind is stored as
        the law writes it, in Vietnamese; a kind this list does not know is shown as stored."""
        label = UNIT_KIND_LABELS.get(self.kind.strip().lower())
        return str(label) if label is not None else self.kind

    @property
    def header_lines(self) -> tuple[str, str]:
        """The two lines of a public page's header, in the reader's language: "Ủy ban nhân dân xã" over
        "Thuận Hóa", or "People's Committee of" over "Thuận Hóa commune" (the English catalogue moves the kind)."""
        values = {"kind": self.kind_label, "name": self.name}
        return (
            pgettext("header, first line", "People's Committee of %(kind)s") % values,
            pgettext("header, second line", "%(name)s") % values,
        )


# The kinds of unit of the two- and three-tier eras, for the English pages ("Thuận Hóa commune", not "xã").
UNIT_KIND_LABELS = {
    "xã": pgettext_lazy("kind of administrative unit", "commune"),
    "phường": pgettext_lazy("kind of administrative unit", "ward"),
    "thị trấn": pgettext_lazy("kind of administrative unit", "township"),
    "đặc khu": pgettext_lazy("kind of administrative unit", "special zone"),
    "huyện": pgettext_lazy("kind of administrative unit", "district"),
    "quận": pgettext_lazy("kind of administrative unit", "urban district"),
    "thị xã": pgettext_lazy("kind of administrative unit", "town"),
    "thành phố": pgettext_lazy("kind of administrative unit", "city"),
    "tỉnh": pgettext_lazy("kind of administrative unit", "province"),
}


class UnitSuccession(models.Model):
    """A former unit and one of the units that took over its territory (a merger, a split)."""

    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predecessions")
    effective_on = models.DateField(_("effective on"))
    basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_unique")]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


agency_code_validator = RegexValidator(
    r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}$",
    _("The agency identifier has the form V1V2V3.Z1Z2.Y1Y2.MX1X2, for example 000.25.31.H44."),
)


class Commune(TimeStamped):
    """A commune that runs the model on this platform: the tenant of all operational data."""

    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="commune", verbose_name=_("unit"))
    slug = models.SlugField(_("address on the site"), max_length=80, unique=True)
    agency_code = models.CharField(
        _("agency identifier"),
        max_length=15,
        unique=True,
        validators=[agency_code_validator],
        help_text=_("Identifier of the People's Committee for official dossier codes (TT 10/2016/TT-BTTTT)."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    reception_hours = models.CharField(_("reception hours"), max_length=255, blank=True)
    model_launched_on = models.DateField(_("model launched on"), null=True, blank=True)
    model_sequence = models.PositiveSmallIntegerField(_("order of launch in its district"), null=True, blank=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["unit__name"]

    def __str__(self):
        return self.unit.name

    def clean(self):
        if self.unit_id and self.unit.level != UnitLevel.COMMUNE:
            raise ValidationError({"unit": _("Only a commune-level unit can run the model.")})

    @property
    def name(self) -> str:
        return self.unit.name


class DepartmentKind(models.TextChoices):
    ONE_STOP = "onestop", _("One-stop desk")
    JUSTICE = "justice", _("Justice and civil status")
    LAND = "land", _("Land administration and construction")
    CULTURE = "culture", _("Culture and social affairs")
    FINANCE = "finance", _("Finance and accounting")
    OFFICE = "office", _("Office and statistics")
    POLICE = "police", _("Commune police")
    MILITARY = "military", _("Commune military command")
    LEADERSHIP = "leadership", _("Commune leadership")
    OTHER = "other", _("Other")


class Department(CommuneScoped):
    kind = models.CharField(_("kind"), max_length=20, choices=DepartmentKind.choices)
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # An agency of its own inside the commune, as the commune police is: the dossiers of its procedures are
    # numbered under its identifier, not the People's Committee's (NĐ 61/2018 Art. 26; TT 01/2018 Art. 19).
    agency_code = models.CharField(
        _("agency identifier"),
        max_length=15,
        unique=True,
        null=True,
        blank=True,
        validators=[agency_code_validator],
        help_text=_("Only for a department that is an agency of its own, such as the commune police."),
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [models.UniqueConstraint(fields=["commune", "name"], name="department_name_unique")]
        ordering = ["commune", "name"]

    def __str__(self):
        return self.name


class Staff(AbstractUser):
    """A person who works on the platform: a commune officer, a supervisor, an administrator."""

    full_name = models.CharField(_("full name"), max_length=120)
    position = models.CharField(_("position"), max_length=120, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("commune")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("department"),
    )
    badge_number = models.CharField(_("badge number"), max_length=30, null=True, blank=True, unique=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    photo = models.ImageField(_("photo"), upload_to="staff/", blank=True)
    failed_logins = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    full_name_folded = models.CharField(max_length=120, editable=False, db_index=True)

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        indexes = [models.Index(fields=["commune", "full_name_folded"], name="staff_commune_name")]
        constraints = [
            # Login looks names up without regard to case, so "Hoa" and "hoa" must be one account.
            models.UniqueConstraint(Lower("username"), name="staff_username_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.username

    def clean(self):
        super().clean()
        if self.department_id and self.department.commune_id != self.commune_id:
            raise ValidationError({"department": _("The department belongs to another commune.")})

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class Role(models.TextChoices):
    DESK_OFFICER = "desk_officer", _("One-stop desk officer")
    SPECIALIST = "specialist", _("Specialist officer")
    LEADER = "leader", _("Commune leader")
    INSPECTOR = "inspector", _("People's inspection board member")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


class RoleGrant(models.Model):
    """A role held at a unit. At a commune it covers that commune; above, every commune below it."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="grants")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="grants", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [models.UniqueConstraint(fields=["staff", "unit", "role"], name="role_grant_unique")]

    def __str__(self):
        return f"{self.staff} — {self.get_role_display()} — {self.unit}"


class RecoveryCode(models.Model):
    """A single-use code that stands in for the authenticator's at login, when the phone is lost. Only its hash is
    kept: the staff member saw the code once, when it was issued (vidan/org/recovery.py)."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self):
        return f"{self.staff} — {self.created_at:%Y-%m-%d}"
