"""A commune's departments, staff and audit log. Authentication: staff token; access per commune and role."""

from datetime import datetime

from django.db import transaction
from ninja import Field, Query, Router, Schema, Status

from vidan.api.auth import staff_token
from vidan.audit.selectors import audit_entries
from vidan.audit.services import audit_record
from vidan.org.access import access_commune, access_staff_member
from vidan.org.models import DepartmentKind
from vidan.org.rules import needs
from vidan.org.selectors import departments_of, staff_directory
from vidan.org.services import department_create

router = Router(tags=["communes"], auth=staff_token)


class CommuneOut(Schema):
    id: int
    name: str
    code: str
    agency_code: str
    slug: str
    address: str
    phone: str
    reception_hours: str


class DepartmentIn(Schema):
    kind: DepartmentKind
    name: str = Field(min_length=2, max_length=120)
    phone: str = Field("", max_length=30)


class DepartmentOut(Schema):
    id: int
    kind: str
    name: str
    phone: str


class StaffOut(Schema):
    id: int
    full_name: str
    position: str
    department: str | None
    badge_number: str | None


class StaffPersonalOut(StaffOut):
    username: str
    email: str
    phone: str


class AuditOut(Schema):
    id: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    ip: str | None
    data: dict


class AuditQuery(Schema):
    action: str = Field("", max_length=80)
    limit: int = Field(50, ge=1, le=500)
    before_id: int | None = None


def _commune_out(commune) -> CommuneOut:
    return CommuneOut(
        id=commune.id,
        name=commune.name,
        code=commune.unit.code,
        agency_code=commune.agency_code,
        slug=commune.slug,
        address=commune.address,
        phone=commune.phone,
        reception_hours=commune.reception_hours,
    )


def _staff_out(member) -> StaffOut:
    return StaffOut(
        id=member.id,
        full_name=member.full_name,
        position=member.position,
        department=member.department.name if member.department else None,
        badge_number=member.badge_number,
    )


@router.get(
    "communes/{commune_id}",
    response=CommuneOut,
    summary="A commune the actor serves",
    openapi_extra=needs("backoffice.view"),
)
def commune_detail(request, commune_id: int):
    return _commune_out(access_commune(request.actor, commune_id, permission="backoffice.view"))


@router.get(
    "communes/{commune_id}/departments",
    response=list[DepartmentOut],
    summary="Departments of a commune",
    openapi_extra=needs("backoffice.view"),
)
def department_list(request, commune_id: int):
    commune = access_commune(request.actor, commune_id, permission="backoffice.view")
    return [DepartmentOut(id=d.id, kind=d.kind, name=d.name, phone=d.phone) for d in departments_of(commune)]


@router.post(
    "communes/{commune_id}/departments",
    response={201: DepartmentOut},
    summary="Add a department to a commune",
    openapi_extra=needs("department.manage"),
)
def department_add(request, commune_id: int, payload: DepartmentIn):
    commune = access_commune(request.actor, commune_id, permission="department.manage")
    department = department_create(
        actor=request.actor, commune=commune, kind=payload.kind, name=payload.name, phone=payload.phone
    )
    return Status(
        201,
        DepartmentOut(id=department.id, kind=department.kind, name=department.name, phone=department.phone),
    )


@router.get(
    "communes/{commune_id}/staff",
    response=list[StaffOut],
    summary="Staff directory of a commune",
    openapi_extra=needs("staff.view_directory"),
)
def staff_list(request, commune_id: int, q: str = Query("", max_length=100)):
    commune = access_commune(request.actor, commune_id, permission="staff.view_directory")
    return [_staff_out(member) for member in staff_directory(commune=commune, query=q)]


@router.get(
    "staff/{staff_id}",
    response=StaffPersonalOut,
    summary="A staff member's details (audited)",
    openapi_extra=needs("staff.view_personal"),
)
def staff_detail(request, staff_id: int):
    member = access_staff_member(request.actor, staff_id, permission="staff.view_personal")
    with transaction.atomic():
        audit_record(actor=request.actor, action="org.staff.view_personal", obj=member, commune=member.commune)
    return StaffPersonalOut(
        **_staff_out(member).dict(), username=member.username, email=member.email, phone=member.phone
    )


@router.get(
    "communes/{commune_id}/audit",
    response=list[AuditOut],
    summary="Audit log of a commune",
    openapi_extra=needs("audit.view"),
)
def audit_list(request, commune_id: int, filters: Query[AuditQuery]):
    commune = access_commune(request.actor, commune_id, permission="audit.view")
    entries = audit_entries(commune_ids=[commune.id], action=filters.action)
    if filters.before_id:
        entries = entries.filter(id__lt=filters.before_id)
    return [
        AuditOut(
            id=e.id,
            at=e.at,
            actor=e.actor_label,
            action=e.action,
            object_type=e.object_type,
            object_id=e.object_id,
            ip=e.ip,
            data=e.data,
        )
        for e in entries[: filters.limit]
    ]
