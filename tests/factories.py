"""Factories for the organisation: a commune with its unit tree, departments, staff with roles."""

import itertools
from datetime import date

from vidan.org.actors import Actor
from vidan.org.models import Commune, Department, DepartmentKind, Staff, Unit, UnitLevel
from vidan.org.services import commune_create, department_create, role_grant, staff_create, unit_create

PASSWORD = "mat-khau-thu-nghiem-2026"
_seq = itertools.count(1)
SYSTEM = Actor.system("test")


def make_unit(*, level: str = UnitLevel.COMMUNE, parent: Unit | None = None, name: str | None = None) -> Unit:
    n = next(_seq)
    kind = {"province": "tỉnh", "district": "huyện", "commune": "xã"}[level]
    return unit_create(
        code=f"9{n:04d}",
        name=name or f"Thử Nghiệm {n}",
        kind=kind,
        level=level,
        parent=parent,
        valid_from=date(2020, 1, 1),
    )


def make_commune(*, name: str | None = None, province: Unit | None = None) -> Commune:
    province = province or make_unit(level=UnitLevel.PROVINCE)
    unit = make_unit(level=UnitLevel.COMMUNE, parent=province, name=name)
    n = next(_seq)
    agency_code = f"{n % 1000:03d}.25.31.H44"
    return commune_create(actor=SYSTEM, unit=unit, slug=f"xa-thu-{n}", agency_code=agency_code)


def make_department(
    commune: Commune, *, kind: str = DepartmentKind.ONE_STOP, name: str | None = None, agency_code: str | None = None
) -> Department:
    return department_create(
        actor=SYSTEM, commune=commune, kind=kind, name=name or f"Bộ phận {next(_seq)}", agency_code=agency_code
    )


def make_staff(
    commune: Commune | None,
    *roles: str,
    unit: Unit | None = None,
    full_name: str | None = None,
    username: str | None = None,
    department: Department | None = None,
) -> Staff:
    n = next(_seq)
    member = staff_create(
        actor=SYSTEM,
        username=username or f"canbo{n}",
        full_name=full_name or f"Nguyễn Văn {n}",
        password=PASSWORD,
        commune=commune,
        department=department,
        position="Công chức",
        badge_number=f"TH-{n:04d}",
    )
    for role in roles:
        role_grant(actor=SYSTEM, staff=member, unit=unit or commune.unit, role=role)
    return member


def actor_of(staff: Staff) -> Actor:
    from vidan.org.selectors import staff_roles_by_commune

    return Actor(staff=staff, ip="127.0.0.1", roles=staff_roles_by_commune(staff))
