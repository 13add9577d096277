"""Which role may do what: named permissions, each granted to a set of roles.

Every check in the project names one of these; tests walk the table role by role.
"""

from vidan.org.models import Role

ALL_ROLES = frozenset(Role.values)
COMMUNE_OFFICERS = frozenset({Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.ADMIN})

PERMISSIONS: dict[str, frozenset[str]] = {
    # Open the back office of a commune and see its directory of staff and departments.
    "backoffice.view": ALL_ROLES,
    "staff.view_directory": ALL_ROLES,
    # See a staff member's personal details (phone, e-mail, login state): an audited view.
    "staff.view_personal": frozenset({Role.LEADER, Role.ADMIN}),
    "staff.manage": frozenset({Role.ADMIN}),
    "department.manage": frozenset({Role.ADMIN, Role.LEADER}),
    "audit.view": frozenset({Role.ADMIN, Role.LEADER, Role.SUPERVISOR}),
    # See the working-day calendar of the province; add or remove its days off and make-up days (overrides
    # for the whole country need a superuser as well).
    "calendar.view": ALL_ROLES,
    # The one-stop desk: see dossiers; receive, return and refuse at the desk; assign; process; approve.
    "dossier.view": frozenset(
        {Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.ADMIN, Role.SUPERVISOR, Role.INSPECTOR}
    ),
    "dossier.receive": frozenset({Role.DESK_OFFICER, Role.LEADER}),
    "dossier.assign": frozenset({Role.DESK_OFFICER, Role.LEADER}),
    "dossier.process": frozenset({Role.SPECIALIST, Role.LEADER}),
    "dossier.approve": frozenset({Role.LEADER}),
    # The written apology with a new appointment (form 04): whoever receives or processes dossiers.
    "dossier.apologise": frozenset({Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER}),
    "calendar.manage": frozenset({Role.ADMIN, Role.SUPERVISOR}),
}


def roles_for(permission: str) -> frozenset[str]:
    try:
        return PERMISSIONS[permission]
    except KeyError:
        raise LookupError(f"Unknown permission {permission!r}") from None
