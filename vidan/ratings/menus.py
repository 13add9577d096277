"""The ratings in the back office's sidebar; the rating link on a dossier's receipt and lookup page, when the
one-stop desk is installed."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from vidan.core.menus import STAFF_MENU, StaffMenuEntry

STAFF_MENU.register(StaffMenuEntry("ratings:commune", _("Citizens' ratings"), "rating.view_all", order=50))
STAFF_MENU.register(StaffMenuEntry("ratings:mine", _("My ratings"), "rating.view_own", order=51))
STAFF_MENU.register(StaffMenuEntry("ratings:kiosks", _("Rating kiosks"), "rating.kiosk", order=52))
STAFF_MENU.register(StaffMenuEntry("ratings:surveys", _("Satisfaction surveys"), "survey.enter", order=53))

if apps.is_installed("vidan.onestop"):
    from vidan.onestop.links import DOSSIER_LINKS, DossierLink
    from vidan.ratings.dossier_links import dossier_rating_link

    DOSSIER_LINKS.register(DossierLink("ratings.rate", dossier_rating_link, order=10))
