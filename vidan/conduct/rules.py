"""Permissions of office culture: the code of conduct, its acknowledgements, the badges and public profiles."""

from vidan.org.models import Role
from vidan.org.rules import permission_register

# Read the code of conduct in the back office and acknowledge each version: the commune's officials (the people's
# inspection board are residents, not officials; a supervisor serves above the commune).
permission_register("conduct.acknowledge", {Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.ADMIN})
# See every version, drafts included, and who has acknowledged each one.
permission_register("conduct.view", {Role.LEADER, Role.ADMIN, Role.SUPERVISOR})
# Enter a version from the signed decision, correct the draft, publish it.
permission_register("conduct.publish", {Role.LEADER, Role.ADMIN})
# Remind the officers who have not acknowledged the version in force.
permission_register("conduct.remind", {Role.LEADER})
# Issue, revoke and print badges; the officers' public profiles (reception hours, photo).
permission_register("badge.manage", {Role.LEADER, Role.ADMIN})
