"""Turning ids from a request into versions of the code and badges the actor may see: one of a commune where
the actor holds no role is "not found" (404), like a missing one; a role there without the permission, 403."""

from vidan.conduct.models import CodeVersion
from vidan.core.errors import NotFound, PermissionDenied
from vidan.org.actors import Actor


def access_code_version(actor: Actor, version_id, *, permission: str) -> CodeVersion:
    try:
        version = CodeVersion.objects.select_related("commune__unit").get(pk=int(version_id))
    except (CodeVersion.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
    if version.commune_id not in actor.commune_ids and not actor.is_system:
        raise NotFound()
    if not actor.can(permission, version.commune_id):
        raise PermissionDenied()
    return version
