"""Changing the organisation: units, communes, departments, staff and their roles."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from vidan.audit.services import audit_record
from vidan.core.errors import DomainError
from vidan.core.text import clean_text, fold
from vidan.org.actors import Actor
from vidan.org.auth import staff_access_drop
from vidan.org.models import Commune, Department, Role, RoleGrant, Staff, Unit, UnitSuccession


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    level: str,
    parent: Unit | None = None,
    valid_from: date,
    valid_to: date | None = None,
) -> Unit:
    name = clean_text(name)
    unit = Unit(
        code=code,
        name=name,
        kind=kind,
        level=level,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        name_folded=fold(name),
        path="/",
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, name: str, kind: str, valid_to: date | None) -> bool:
    """Bring a unit's name, kind and end date up to date. Returns whether anything changed."""
    name = clean_text(name)
    if (unit.name, unit.kind, unit.valid_to) == (name, kind, valid_to):
        return False
    unit.name, unit.kind, unit.valid_to, unit.name_folded = name, kind, valid_to, fold(name)
    unit.full_clean(exclude=["path"])
    unit.save(update_fields=["name", "kind", "valid_to", "name_folded"])
    return True


@transaction.atomic
def unit_succession_link(*, predecessor: Unit, successor: Unit, effective_on: date, basis: str = "") -> bool:
    """Record that `successor` took over (part of) `predecessor`. Returns whether a row was added."""
    if UnitSuccession.objects.filter(predecessor=predecessor, successor=successor).exists():
        return False
    link = UnitSuccession(predecessor=predecessor, successor=successor, effective_on=effective_on, basis=basis)
    link.full_clean()
    link.save()
    return True


@transaction.atomic
def commune_create(
    *,
    actor: Actor,
    unit: Unit,
    slug: str,
    agency_code: str,
    address: str = "",
    phone: str = "",
    email: str = "",
    reception_hours: str = "",
    model_launched_on: date | None = None,
    model_sequence: int | None = None,
) -> Commune:
    commune = Commune(
        unit=unit,
        slug=slug,
        agency_code=agency_code,
        address=address,
        phone=phone,
        email=email,
        reception_hours=reception_hours,
        model_launched_on=model_launched_on,
        model_sequence=model_sequence,
    )
    commune.full_clean()
    commune.save()
    audit_record(actor=actor, action="org.commune.create", obj=commune, commune=commune, data={"slug": slug})
    return commune


@transaction.atomic
def department_create(
    *, actor: Actor, commune: Commune, kind: str, name: str, phone: str = "", agency_code: str | None = None
) -> Department:
    """Caller has checked `department.manage` on the commune (through an access function). `agency_code` only
    for a department that is an agency of its own (the commune police)."""
    department = Department(
        commune=commune, kind=kind, name=clean_text(name), phone=clean_text(phone), agency_code=agency_code or None
    )
    department.full_clean()
    department.save()
    audit_record(
        actor=actor, action="org.department.create", obj=department, data={"kind": kind, "name": department.name}
    )
    return department


@transaction.atomic
def staff_create(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    password: str | None,
    commune: Commune | None = None,
    department: Department | None = None,
    position: str = "",
    badge_number: str | None = None,
    email: str = "",
    phone: str = "",
    is_superuser: bool = False,
) -> Staff:
    full_name, position = clean_text(full_name), clean_text(position)
    member = Staff(
        username=username.strip(),
        full_name=full_name,
        full_name_folded=fold(full_name),
        commune=commune,
        department=department,
        position=position,
        badge_number=badge_number or None,
        email=email,
        phone=phone,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        member.set_password(password)
    else:
        member.set_unusable_password()
    member.full_clean(exclude=["password"])
    member.save()
    audit_record(actor=actor, action="org.staff.create", obj=member, commune=commune, data={"username": username})
    return member


@transaction.atomic
def role_grant(*, actor: Actor, staff: Staff, unit: Unit, role: str) -> RoleGrant:
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    grant = RoleGrant.objects.filter(staff=staff, unit=unit, role=role).first()
    if grant is None:
        grant = RoleGrant(staff=staff, unit=unit, role=role, granted_by=actor.staff)
        grant.full_clean()
        grant.save()
        audit_record(
            actor=actor,
            action="org.role.grant",
            obj=staff,
            commune=staff.commune,
            data={"role": role, "unit": unit.code, "unit_name": unit.name},
        )
    return grant


@transaction.atomic
def role_revoke(*, actor: Actor, grant: RoleGrant) -> None:
    staff, role, unit = grant.staff, grant.role, grant.unit
    grant.delete()
    audit_record(
        actor=actor,
        action="org.role.revoke",
        obj=staff,
        commune=staff.commune,
        data={"role": role, "unit": unit.code, "unit_name": unit.name},
    )


@transaction.atomic
def staff_unlock(*, actor: Actor, staff: Staff) -> None:
    """Lift a lock-out before it expires (the staff member called the administrator)."""
    Staff.objects.filter(pk=staff.pk).update(locked_until=None, failed_logins=0)
    staff_access_drop(staff.pk)  # update() sends no signal
    audit_record(actor=actor, action="auth.unlock", obj=staff, commune=staff.commune)
