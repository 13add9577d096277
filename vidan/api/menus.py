"""A staff member's API tokens in the back office's sidebar."""

from django.utils.translation import gettext_lazy as _

from vidan.core.menus import STAFF_MENU, StaffMenuEntry

STAFF_MENU.register(StaffMenuEntry("apitokens:list", _("API tokens"), "backoffice.view", order=90))
