"""Turning ids from a request into objects the actor may see.

Not found and not allowed look the same (404) when the object lies in a commune where the actor holds no
role; a role that lacks the named permission gets a 403.
"""

from vidan.core.errors import NotFound, PermissionDenied
from vidan.org.actors import Actor
from vidan.org.models import Commune, Department, Staff


def _check(actor: Actor, commune_id: int | None, permission: str) -> None:
    if commune_id is None or (commune_id not in actor.commune_ids and not actor.is_system):
        raise NotFound()
    if not actor.can(permission, commune_id):
        raise PermissionDenied()


def access_commune(actor: Actor, commune_id, *, permission: str) -> Commune:
    try:
        commune_id = int(commune_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    _check(actor, commune_id, permission)
    try:
        return Commune.objects.select_related("unit", "unit__parent").get(pk=commune_id)
    except Commune.DoesNotExist:
        raise NotFound() from None


def access_staff_member(actor: Actor, staff_id, *, permission: str = "staff.view_directory") -> Staff:
    try:
        member = Staff.objects.select_related("department", "commune__unit").get(pk=int(staff_id))
    except (Staff.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
    _check(actor, member.commune_id, permission)
    return member


def access_department(actor: Actor, department_id, *, permission: str) -> Department:
    try:
        department = Department.objects.select_related("commune__unit").get(pk=int(department_id))
    except (Department.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
    _check(actor, department.commune_id, permission)
    return department
