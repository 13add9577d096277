"""Authentication for the API: a staff token in `Authorization: Bearer <token>`."""

from ninja.security import HttpBearer

from vidan.api.tokens import api_token_owner
from vidan.org.actors import Actor
from vidan.org.middleware import client_ip
from vidan.org.selectors import staff_roles_by_commune


class StaffToken(HttpBearer):
    openapi_description = (
        "A staff API token (vd_…), issued from the back office or with `vidan token`. It expires on the day chosen "
        "at issue (401 `token_expired` afterwards); a read-only token is refused every write (403 "
        "`read_only_token`)."
    )

    def authenticate(self, request, token):
        staff = api_token_owner(token, method=request.method)
        if staff is None:
            return None
        request.actor = Actor(staff=staff, ip=client_ip(request), roles=staff_roles_by_commune(staff))
        return staff


staff_token = StaffToken()
