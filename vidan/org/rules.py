"""Which role may do what: named permissions, each granted to a set of roles.

Every check in the project names one of these; tests walk the table role by role. A module declares its own
permissions in `<app>/rules.py` with `permission_register(...)`; this module holds the machinery and the
permissions of the organisation itself (the back office, the directory, the audit log).
"""

from dataclasses import dataclass

from vidan.core.registry import Registry
from vidan.org.models import Role

ALL_ROLES = frozenset(Role.values)
COMMUNE_OFFICERS = frozenset({Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.ADMIN})


@dataclass(frozen=True)
class Permission:
    name: str  # "<area>.<verb>", e.g. "dossier.receive"
    roles: frozenset[str]


PERMISSIONS: Registry[Permission] = Registry("permissions", key=lambda permission: permission.name)


def permission_register(name: str, roles: frozenset[str] | set[str]) -> Permission:
    unknown = set(roles) - ALL_ROLES
    if unknown:
        raise ValueError(f"Permission {name!r} names unknown roles: {sorted(unknown)}")
    return PERMISSIONS.register(Permission(name, frozenset(roles)))


def roles_for(permission: str) -> frozenset[str]:
    return PERMISSIONS.get(permission).roles


def needs(permission: str) -> dict:
    """OpenAPI extension naming the permission an API endpoint checks (`openapi_extra=needs("...")`).

    The permission-matrix test reads it to try every role against every endpoint.
    """
    return {"x-permission": permission}


# Open the back office of a commune and see its directory of staff and departments.
permission_register("backoffice.view", ALL_ROLES)
permission_register("staff.view_directory", ALL_ROLES)
# See a staff member's personal details (phone, e-mail, login state): an audited view.
permission_register("staff.view_personal", {Role.LEADER, Role.ADMIN})
permission_register("staff.manage", {Role.ADMIN})
permission_register("department.manage", {Role.ADMIN, Role.LEADER})
permission_register("audit.view", {Role.ADMIN, Role.LEADER, Role.SUPERVISOR})
