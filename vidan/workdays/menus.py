"""The working calendar in the back office's sidebar."""

from django.utils.translation import gettext_lazy as _

from vidan.core.menus import STAFF_MENU, StaffMenuEntry

STAFF_MENU.register(StaffMenuEntry("workdays:calendar", _("Working calendar"), "calendar.view", order=70))
