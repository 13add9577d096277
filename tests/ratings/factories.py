"""Dossiers handed over and ratings, made through the same services the desk and the citizens use."""

from tests.factories import make_staff
from tests.onestop.factories import received, step
from vidan.org.models import Role
from vidan.ratings.kinds import rated_kind
from vidan.ratings.services import invitation_issue, rating_submit


def returned(desk, commune, *, leader=None, specialist=None, **extra):
    """A dossier received by `desk` and taken through every step to its result handed over."""
    leader = leader or make_staff(commune, Role.LEADER)
    specialist = specialist or make_staff(commune, Role.SPECIALIST)
    dossier = received(desk, commune, **extra)
    step(desk, dossier, "assign", assignee=specialist)
    for who, action in (
        (specialist, "start"),
        (specialist, "submit_for_approval"),
        (leader, "approve"),
        (specialist, "mark_result_ready"),
        (desk, "return_result"),
    ):
        dossier = step(who, dossier, action)
    return dossier


def link_token(dossier, channel="receipt") -> str:
    kind = rated_kind("dossier")
    return invitation_issue(kind="dossier", subject=kind.subject(dossier.pk), channel=channel)


def rate(dossier, level="satisfied", channel="receipt", **extra):
    return rating_submit(token=link_token(dossier, channel), level=level, **extra)
