"""What the ratings record in the audit log."""

from django.utils.translation import gettext_lazy as _

from vidan.audit.actions import AUDIT_ACTIONS, AuditAction

for code, label in (
    ("ratings.rating.submit", _("Service rated by a citizen")),
    ("ratings.rating.kiosk", _("Rating given at a kiosk")),
    ("ratings.kiosk.register", _("Rating kiosk registered")),
    ("ratings.kiosk.revoke", _("Rating kiosk switched off")),
    ("ratings.survey.open", _("Satisfaction survey opened")),
    ("ratings.survey.close", _("Satisfaction survey closed")),
    ("ratings.survey.answer", _("Satisfaction survey answered by a citizen")),
    ("ratings.survey.paper", _("Satisfaction survey's paper form entered")),
):
    AUDIT_ACTIONS.register(AuditAction(code, label))
