"""Permissions of the model."""

from vidan.org.models import Role
from vidan.org.rules import COMMUNE_OFFICERS, permission_register

# See the commune's launch, departments' models and commitments, and its self-assessments.
permission_register("model.view", COMMUNE_OFFICERS | {Role.SUPERVISOR, Role.INSPECTOR})
# Record the launch and the departments' models.
permission_register("model.launch", {Role.LEADER, Role.ADMIN})
# Draw up, sign and follow up a department's commitment: the leader for any department, an officer for their own.
permission_register("model.commit", COMMUNE_OFFICERS)
# Fill in and submit the commune's self-assessment.
permission_register("model.assess", {Role.LEADER, Role.ADMIN})
# Review the self-assessments of the communes below (approve or return): the supervisor above.
permission_register("model.review", {Role.SUPERVISOR})
# See the rollout of the model below a unit: every commune's launch, scores and trend (the supervisor above).
permission_register("model.rollout", {Role.SUPERVISOR})
