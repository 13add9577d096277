"""What the API's tokens record in the audit log."""

from django.utils.translation import gettext_lazy as _

from vidan.audit.actions import AUDIT_ACTIONS, AuditAction

AUDIT_ACTIONS.register(AuditAction("api.token.issue", _("API token issued")))
AUDIT_ACTIONS.register(AuditAction("api.token.revoke", _("API token revoked")))
