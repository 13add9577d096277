"""Permissions of the ratings."""

from vidan.org.models import Role
from vidan.org.rules import permission_register

# Every rating of the commune, with its comment (never who gave it): the leaders and who supervises them.
permission_register("rating.view_all", {Role.LEADER, Role.ADMIN, Role.SUPERVISOR, Role.INSPECTOR})
# An officer's own aggregates: how they were rated, and the comments about them, anonymised.
permission_register("rating.view_own", {Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.ADMIN})
# Register a tablet at the desk as a rating kiosk, or switch one off.
permission_register("rating.kiosk", {Role.DESK_OFFICER, Role.LEADER, Role.ADMIN})
# The SIPAS-style survey of a period: open and close it; type in the paper forms.
permission_register("survey.manage", {Role.LEADER, Role.ADMIN})
permission_register("survey.enter", {Role.DESK_OFFICER, Role.LEADER, Role.ADMIN})
