"""What the model records in the audit log, and where its objects are opened."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vidan.audit.actions import AUDIT_ACTIONS, AUDIT_OBJECTS, AuditAction, AuditObject

for code, label in (
    ("model.framework.publish", _("Framework of the model published")),
    ("model.launch.record", _("Launch of the model recorded")),
    ("model.launch.files", _("Files added to the launch of the model")),
    ("model.launch.article", _("Article on the launch of the model saved")),
    ("model.department_model.add", _("Department's model recorded")),
    ("model.commitment.draft", _("Commitment drafted")),
    ("model.commitment.edit", _("Draft commitment changed")),
    ("model.commitment.sign", _("Commitment signed")),
    ("model.commitment.follow_up", _("Item of a commitment followed up")),
    ("model.assessment.start", _("Self-assessment opened")),
    ("model.assessment.save", _("Self-assessment saved")),
    ("model.assessment.submit", _("Self-assessment submitted")),
    ("model.assessment.return", _("Self-assessment returned")),
    ("model.assessment.approve", _("Self-assessment approved")),
    ("model.file.download", _("File of the model downloaded")),
    ("model.file.view", _("File of the model viewed")),
):
    AUDIT_ACTIONS.register(AuditAction(code, label))

AUDIT_OBJECTS.register(AuditObject("model.commitment", lambda pk: reverse("model:commitment", args=[int(pk)])))
AUDIT_OBJECTS.register(AuditObject("model.assessment", lambda pk: reverse("model:assessment", args=[int(pk)])))
