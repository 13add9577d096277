"""Permissions of the working-day calendar."""

from vidan.org.models import Role
from vidan.org.rules import ALL_ROLES, permission_register

# See the working-day calendar of the province; add or remove its days off and make-up days (overrides for the
# whole country need a superuser as well).
permission_register("calendar.view", ALL_ROLES)
permission_register("calendar.manage", {Role.ADMIN, Role.SUPERVISOR})
