"""A new installation's first run (`vidan setup`): the official units, the commune that runs the platform with its
agency identifier, its first administrator, then what each installed module needs before the first citizen
comes (the one-stop desk's procedure catalogue). Every step finds what an earlier run made and keeps it, so
running it again changes nothing and says so.

A module adds its own step in `<app>/setup.py`: `SETUP_STEPS.register(SetupStep(name, run, order))`, where
`run(actor)` does the work and returns one line saying what it did.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vidan.core.errors import DomainError
from vidan.core.registry import Registry
from vidan.core.text import fold
from vidan.org.actors import Actor
from vidan.org.models import Commune, Role, Staff, Unit, UnitLevel, agency_code_validator
from vidan.org.services import commune_create, role_grant, staff_create


@dataclass(frozen=True)
class SetupStep:
    name: str
    run: Callable[[Actor], str]
    order: int = 100


SETUP_STEPS: Registry[SetupStep] = Registry(
    "setup steps", key=lambda step: step.name, sort_key=lambda step: (step.order, step.name)
)


def communes_matching(text: str, *, limit: int = 20) -> list[Unit]:
    """Today's commune-level units whose GSO code is `text`, or whose name contains it (accents ignored)."""
    current = Unit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True).select_related("parent")
    text = text.strip()
    if text.isdigit():
        return list(current.filter(code=text))
    return list(current.filter(name_folded__contains=fold(text)).order_by("name_folded", "code")[:limit])


def agency_code_check(agency_code: str) -> str:
    """The identifier in capitals, or DomainError saying its form."""
    agency_code = agency_code.strip().upper()
    try:
        agency_code_validator(agency_code)
    except ValidationError as error:
        raise DomainError(error.messages[0], field="agency_code") from None
    return agency_code


@dataclass(frozen=True)
class Outcome:
    obj: object
    created: bool
    note: str = ""


@transaction.atomic
def commune_setup(*, actor: Actor, unit_code: str, agency_code: str, slug: str = "") -> Outcome:
    """The commune of the unit with GSO code `unit_code`: made with `agency_code`, or the one already there (kept
    as it is: a different identifier given now is reported, not applied, since dossiers are numbered under it)."""
    matches = communes_matching(unit_code) if unit_code.strip().isdigit() else []
    if not matches:
        raise DomainError(
            _("No commune of today's official list has the code %(code)s (run `vidan import-units` first).")
            % {"code": unit_code},
            field="commune",
        )
    unit = matches[0]
    existing = Commune.objects.filter(unit=unit).first()
    if existing is not None:
        note = ""
        if agency_code and agency_code.strip().upper() != existing.agency_code:
            note = _(
                "its agency identifier stays %(kept)s; dossiers are numbered under it, so it is changed only in "
                "the admin, on purpose"
            ) % {"kept": existing.agency_code}
        return Outcome(existing, created=False, note=note)
    if not slug:
        # Names repeat across provinces (two "Tuyên Bình"): the second one's address carries its code.
        slug = slugify(fold(unit.name)) or unit.code
        if Commune.objects.filter(slug=slug).exists():
            slug = f"{slug}-{unit.code}"
    try:
        commune = commune_create(actor=actor, unit=unit, slug=slug, agency_code=agency_code_check(agency_code))
    except ValidationError as error:  # the identifier or the address already another commune's
        raise DomainError(" ".join(error.messages)) from None
    return Outcome(commune, created=True)


@transaction.atomic
def administrator_setup(
    *, actor: Actor, commune: Commune, username: str, full_name: str, email: str, password: str
) -> Outcome:
    """The first administrator: a superuser who holds the admin role at the commune, so that the back office
    opens for them. An account of that name already there keeps its password and is only given the role."""
    member = Staff.objects.filter(username__iexact=username.strip()).first()
    created = member is None
    if created:
        if not full_name.strip():
            raise DomainError(_("Give the administrator's full name."), field="full_name")
        probe = Staff(username=username, full_name=full_name, email=email)
        try:
            validate_password(password, user=probe)
        except ValidationError as error:
            raise DomainError(" ".join(error.messages), field="password") from None
        member = staff_create(
            actor=actor,
            username=username,
            full_name=full_name,
            email=email,
            password=password,
            commune=commune,
            is_superuser=True,
        )
    role_grant(actor=actor, staff=member, unit=commune.unit, role=Role.ADMIN)
    return Outcome(member, created=created)
