"""The model in the back office's sidebar."""

from django.utils.translation import gettext_lazy as _

from vidan.core.menus import PUBLIC_MENU, STAFF_MENU, PublicMenuEntry, StaffMenuEntry

STAFF_MENU.register(StaffMenuEntry("model:launch", _("Launch of the model"), "model.view", order=50))
STAFF_MENU.register(StaffMenuEntry("model:departments", _("Departments' commitments"), "model.view", order=51))
STAFF_MENU.register(StaffMenuEntry("model:assessments", _("Self-assessment"), "model.view", order=52))
STAFF_MENU.register(StaffMenuEntry("model:review-queue", _("Self-assessments to review"), "model.review", order=53))
STAFF_MENU.register(StaffMenuEntry("model:rollout", _("Rollout of the model"), "model.rollout", order=54))
PUBLIC_MENU.register(
    PublicMenuEntry(
        "van-hoa-cong-so",
        "model:public",
        _("The model in this commune: launch, commitments, scores"),
        order=5,
        takes_commune=True,
    )
)
