"""Steps the desk's back office takes on top of the lifecycle services."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from vidan.core.errors import Conflict
from vidan.onestop.models import Dossier
from vidan.onestop.services import dossier_apologise
from vidan.org.actors import Actor


@transaction.atomic
def dossier_apologise_as_seen(
    *, actor: Actor, dossier: Dossier, expected_status: str, reason: str, new_due: datetime
) -> Dossier:
    """The apology (form 04), refused with a Conflict if the dossier moved on since the officer saw it."""
    current = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if current.status != expected_status:
        raise Conflict(
            _("This dossier is now “%(status)s”; the step you chose is no longer possible. Reload the page.")
            % {"status": current.get_status_display()}
        )
    return dossier_apologise(actor=actor, dossier=current, reason=reason, new_due=new_due)
