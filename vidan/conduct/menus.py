"""Office culture in the back office's sidebar, and on a commune's public home page under the criterion "office
culture and conduct"."""

from django.utils.translation import gettext_lazy as _

from vidan.core.menus import PUBLIC_MENU, STAFF_MENU, PublicMenuEntry, StaffMenuEntry

STAFF_MENU.register(StaffMenuEntry("conduct:read", _("Code of conduct"), "conduct.acknowledge", order=60))
STAFF_MENU.register(StaffMenuEntry("conduct:versions", _("Versions of the code of conduct"), "conduct.view", order=61))
STAFF_MENU.register(StaffMenuEntry("conduct:badges", _("Badges and public profiles"), "badge.manage", order=62))

PUBLIC_MENU.register(
    PublicMenuEntry(
        "van-hoa-cong-so", "conduct:officers-public", _("Our officials"), order=10, takes_commune=True, primary=True
    )
)
PUBLIC_MENU.register(
    PublicMenuEntry("van-hoa-cong-so", "conduct:code-public", _("Code of conduct"), order=20, takes_commune=True)
)
