"""The back office's own sidebar entries."""

from django.utils.translation import gettext_lazy as _

from vidan.core.menus import STAFF_MENU, StaffMenuEntry

STAFF_MENU.register(StaffMenuEntry("web:staff-home", _("Overview"), "backoffice.view", order=0))
STAFF_MENU.register(StaffMenuEntry("web:directory", _("Staff directory"), "staff.view_directory", order=30))
STAFF_MENU.register(StaffMenuEntry("web:audit", _("Audit log"), "audit.view", order=80))
STAFF_MENU.register(StaffMenuEntry("web:notices", _("Notices"), "backoffice.view", order=85))
