"""The one-stop desk in the back office's sidebar and search, and on a commune's public home page under the
criterion "administrative procedures"."""

from django.utils.translation import gettext_lazy as _

from vidan.core.menus import (
    PUBLIC_MENU,
    STAFF_MENU,
    STAFF_SEARCH,
    PublicMenuEntry,
    StaffMenuEntry,
    StaffSearchEntry,
)

STAFF_MENU.register(StaffMenuEntry("onestop:desk-queue", _("Dossiers"), "dossier.view", order=10))
STAFF_MENU.register(StaffMenuEntry("onestop:desk-receive", _("Receive a dossier"), "dossier.receive", order=11))
STAFF_MENU.register(
    StaffMenuEntry("onestop:tracking-book", _("Tracking book of dossiers (form 06)"), "dossier.view", order=40)
)
STAFF_MENU.register(StaffMenuEntry("onestop:statistics", _("One-stop statistics"), "dossier.view", order=41))
STAFF_MENU.register(StaffMenuEntry("onestop:catalogue-admin", _("Procedure catalogue"), "backoffice.view", order=42))

STAFF_SEARCH.register(
    StaffSearchEntry(
        "onestop:desk-queue",
        heading=_("Dossiers"),
        label=_("Dossiers matching “%(query)s” by code, name or phone"),
        permission="dossier.view",
        params={"hang": "tat-ca"},
    )
)

PUBLIC_MENU.register(
    PublicMenuEntry(
        "thu-tuc", "onestop:online-choose", _("Submit a dossier online"), order=10, takes_commune=True, primary=True
    )
)
PUBLIC_MENU.register(PublicMenuEntry("thu-tuc", "onestop:lookup", _("Look up a dossier"), order=20))
PUBLIC_MENU.register(PublicMenuEntry("thu-tuc", "onestop:catalogue", _("All procedures"), order=30))
