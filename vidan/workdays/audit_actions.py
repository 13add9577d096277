"""What a change of the working calendar records in the audit log, and where the calendar is."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vidan.audit.actions import AUDIT_ACTIONS, AUDIT_OBJECTS, AuditAction, AuditObject

AUDIT_ACTIONS.register(AuditAction("workdays.override.add", _("Day off or make-up day added to the calendar")))
AUDIT_ACTIONS.register(AuditAction("workdays.override.remove", _("Day off or make-up day removed from the calendar")))
AUDIT_ACTIONS.register(AuditAction("workdays.office_hours.set", _("Office hours set")))
for object_type in ("workdays.calendaroverride", "workdays.officehoursrule"):
    AUDIT_OBJECTS.register(AuditObject(object_type, lambda pk: reverse("workdays:calendar")))
