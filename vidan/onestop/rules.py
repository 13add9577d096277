"""Permissions of the one-stop desk."""

from vidan.org.models import Role
from vidan.org.rules import permission_register

# See dossiers; receive, return and refuse at the desk; assign; process; approve.
permission_register(
    "dossier.view", {Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.ADMIN, Role.SUPERVISOR, Role.INSPECTOR}
)
permission_register("dossier.receive", {Role.DESK_OFFICER, Role.LEADER})
permission_register("dossier.assign", {Role.DESK_OFFICER, Role.LEADER})
permission_register("dossier.process", {Role.SPECIALIST, Role.LEADER})
permission_register("dossier.approve", {Role.LEADER})
# The written apology with a new appointment (form 04): whoever receives or processes dossiers.
permission_register("dossier.apologise", {Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER})
# The electronic result (the signed certificate, the decision) attached for the citizen to download.
permission_register("dossier.result", {Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER})
