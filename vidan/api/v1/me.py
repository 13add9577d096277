"""GET /api/v1/me — who the token belongs to. Authentication: staff token."""

from ninja import Router, Schema

from vidan.api.auth import staff_token
from vidan.org.selectors import communes_by_ids

router = Router(tags=["staff"])


class CommuneRoles(Schema):
    id: int
    name: str
    roles: list[str]


class MeOut(Schema):
    username: str
    full_name: str
    communes: list[CommuneRoles]


@router.get("me", response=MeOut, auth=staff_token, summary="The staff member the token belongs to")
def me(request):
    actor = request.actor
    communes = [
        CommuneRoles(id=c.id, name=c.name, roles=sorted(actor.roles_in(c.id)))
        for c in communes_by_ids(actor.commune_ids)
    ]
    return MeOut(username=actor.staff.username, full_name=actor.staff.full_name, communes=communes)
