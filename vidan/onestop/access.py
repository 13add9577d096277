"""Turning a dossier id from a request into a dossier the actor may see.

A dossier of a commune where the actor holds no role is "not found" (404), exactly like a missing one; a role
there that lacks the named permission gets a 403.
"""

from vidan.core.errors import NotFound, PermissionDenied
from vidan.onestop.models import Dossier
from vidan.org.actors import Actor


def access_dossier(actor: Actor, dossier_id, *, permission: str = "dossier.view") -> Dossier:
    try:
        dossier = Dossier.objects.select_related(
            "procedure__field", "commune__unit__parent", "assignee", "received_by"
        ).get(pk=int(dossier_id))
    except (Dossier.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
    if dossier.commune_id not in actor.commune_ids and not actor.is_system:
        raise NotFound()
    if not actor.can(permission, dossier.commune_id):
        raise PermissionDenied()
    return dossier
