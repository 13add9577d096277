"""Turning ids from a request into the model's objects the actor may see: 404 for another commune's, 403 for a
role without the permission (as vidan/org/access.py)."""

from vidan.core.errors import NotFound, PermissionDenied
from vidan.model.models import Assessment, Commitment, ModelFile
from vidan.org.actors import Actor


def _check(actor: Actor, commune_id: int, permission: str) -> None:
    if commune_id not in actor.commune_ids and not actor.is_system:
        raise NotFound()
    if not actor.can(permission, commune_id):
        raise PermissionDenied()


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound() from None


def access_commitment(actor: Actor, commitment_id, *, permission: str = "model.view") -> Commitment:
    found = Commitment.objects.select_related("department", "commune__unit").filter(pk=_pk(commitment_id)).first()
    if found is None:
        raise NotFound()
    _check(actor, found.commune_id, permission)
    return found


def access_assessment(actor: Actor, assessment_id, *, permission: str = "model.view") -> Assessment:
    found = (
        Assessment.objects.select_related("framework__publisher", "commune__unit", "submitted_by", "reviewed_by")
        .filter(pk=_pk(assessment_id))
        .first()
    )
    if found is None:
        raise NotFound()
    _check(actor, found.commune_id, permission)
    return found


def access_model_file(actor: Actor, file_id, *, permission: str = "model.view") -> ModelFile:
    found = ModelFile.objects.filter(pk=_pk(file_id)).first()
    if found is None:
        raise NotFound()
    _check(actor, found.commune_id, permission)
    return found
