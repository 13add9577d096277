"""The one-stop desk's part of `vidan setup`: the shipped procedure catalogue, without which the desk's list and the
online submission page stay empty."""

from django.utils.translation import gettext as _

from vidan.core.errors import DomainError
from vidan.onestop.catalogue import SHIPPED_CATALOGUE, catalogue_import, catalogue_read
from vidan.org.actors import Actor
from vidan.org.setup import SETUP_STEPS, SetupStep


def catalogue_setup(actor: Actor) -> str:
    rows = catalogue_read(SHIPPED_CATALOGUE.read_bytes(), filename=SHIPPED_CATALOGUE.name)
    result = catalogue_import(actor=actor, rows=rows, dry_run=False)
    if result.errors:
        first = result.errors[0]
        raise DomainError(
            _("The procedure catalogue could not be loaded: row %(row)s, column %(column)s: %(message)s")
            % {"row": first.row, "column": first.column, "message": first.message}
        )
    return _("procedure catalogue: %(created)d created, %(updated)d updated, %(unchanged)d unchanged") % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


SETUP_STEPS.register(SetupStep("onestop.catalogue", catalogue_setup, order=10))
