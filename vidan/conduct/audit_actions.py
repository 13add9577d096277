"""What office culture records in the audit log, and where a version of the code and a badge are opened."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vidan.audit.actions import AUDIT_ACTIONS, AUDIT_OBJECTS, AuditAction, AuditObject

for code, label in (
    ("conduct.code.create", _("Code of conduct: draft entered")),
    ("conduct.code.edit", _("Code of conduct: draft corrected")),
    ("conduct.code.delete", _("Code of conduct: draft deleted")),
    ("conduct.code.publish", _("Code of conduct: version published")),
    ("conduct.code.acknowledge", _("Code of conduct: acknowledged by the officer")),
    ("conduct.code.remind", _("Code of conduct: reminder sent")),
    ("conduct.badge.issue", _("Badge issued")),
    ("conduct.badge.revoke", _("Badge revoked")),
    ("conduct.badge.print", _("Badge printed")),
    ("conduct.profile.edit", _("Officer's public profile changed")),
    ("conduct.profile.photo", _("Officer's photo changed")),
):
    AUDIT_ACTIONS.register(AuditAction(code, label))


AUDIT_OBJECTS.register(AuditObject("conduct.codeversion", lambda pk: reverse("conduct:version", args=[int(pk)])))
# A badge's entry names its number; the register lists every badge (the log page makes no query per row).
AUDIT_OBJECTS.register(AuditObject("conduct.badge", lambda pk: reverse("conduct:badges")))
