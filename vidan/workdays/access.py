"""Who may see and change which part of the calendar.

A province's overrides belong to the communes of that province: staff who serve none of them get a 404 for
its overrides. They move the due dates of every commune of the province, so they are changed only by staff
holding a calendar.manage role at the province itself (a supervisor or an administrator of the province), never
by a commune's own administrator. Provinces are matched by GSO code, as the calendars are, so a province and
the former province whose code it kept share their overrides. Nationwide overrides are visible to all staff and
changed by superusers only.
"""

from django.db.models import Q

from vidan.core.errors import NotFound, PermissionDenied
from vidan.org.actors import Actor
from vidan.org.models import Commune, RoleGrant, Unit, UnitLevel
from vidan.org.rules import roles_for
from vidan.workdays.models import CalendarOverride


def serves_province(actor: Actor, province_code: str, permission: str) -> bool:
    """Whether the actor holds `permission` in some commune of the province."""
    if actor.is_system:
        return True
    commune_ids = actor.communes_where(permission)
    if not commune_ids:
        return False
    paths = list(Unit.objects.filter(level=UnitLevel.PROVINCE, code=province_code).values_list("path", flat=True))
    if not paths:
        return False
    below = Q()
    for path in paths:
        below |= Q(unit__path__startswith=path)
    return Commune.objects.filter(below, id__in=commune_ids).exists()


def manages_province(actor: Actor, province_code: str) -> bool:
    """Whether the actor may change the calendar of the province: a calendar.manage role granted at the
    province (not at a commune or a district below it), or a superuser."""
    if is_superuser(actor):
        return True
    if actor.staff is None:
        return False
    return RoleGrant.objects.filter(
        staff=actor.staff,
        role__in=roles_for("calendar.manage"),
        unit__level=UnitLevel.PROVINCE,
        unit__code=province_code,
    ).exists()


def communes_covered(unit: Unit | None):
    """The communes on the platform whose calendar the province's (or, for None, the nation's) rules set."""
    if unit is None:
        return Commune.objects.order_by("id")
    below = Q()
    for path in Unit.objects.filter(level=UnitLevel.PROVINCE, code=unit.code).values_list("path", flat=True):
        below |= Q(unit__path__startswith=path)
    return Commune.objects.filter(below).order_by("id") if below else Commune.objects.none()


def is_superuser(actor: Actor) -> bool:
    return actor.is_system or bool(actor.staff is not None and actor.staff.is_superuser)


def calendar_manage_check(actor: Actor, unit: Unit | None) -> None:
    """Raises PermissionDenied unless the actor may change the calendar of `unit` (None: nationwide)."""
    if unit is None:
        if not is_superuser(actor):
            raise PermissionDenied()
        return
    if not manages_province(actor, unit.code):
        raise PermissionDenied()


def access_calendar_override(actor: Actor, override_id, *, permission: str = "calendar.view") -> CalendarOverride:
    try:
        override = CalendarOverride.objects.select_related("unit", "created_by").get(pk=int(override_id))
    except (CalendarOverride.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
    if override.unit is None:
        if not (actor.is_system or actor.commune_ids):
            raise NotFound()
        if permission == "calendar.manage":
            calendar_manage_check(actor, None)
        elif not actor.communes_where(permission) and not actor.is_system:
            raise PermissionDenied()
        return override
    if not serves_province(actor, override.unit.code, "calendar.view"):
        raise NotFound()
    if not serves_province(actor, override.unit.code, permission):
        raise PermissionDenied()
    if permission == "calendar.manage":
        calendar_manage_check(actor, override.unit)
    return override
