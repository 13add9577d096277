"""The audit log's own actions."""

from django.utils.translation import gettext_lazy as _

from vidan.audit.actions import AUDIT_ACTIONS, AuditAction

AUDIT_ACTIONS.register(AuditAction("audit.chain.rekey", _("Audit chain moved onto its key")))
