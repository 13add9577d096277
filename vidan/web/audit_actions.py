"""Where the back office shows what the audit log names: a staff member's card."""

from django.urls import reverse

from vidan.audit.actions import AUDIT_OBJECTS, AuditObject

AUDIT_OBJECTS.register(AuditObject("org.staff", lambda pk: reverse("web:staff-member", args=[int(pk)])))
