"""What the one-stop desk records in the audit log, and where a dossier is opened.

Each step of a dossier is recorded as `onestop.dossier.<step>` and named as its timeline names it, so a step
added to the transition table is labelled here by its own `Step`."""

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vidan.audit.actions import AUDIT_ACTIONS, AUDIT_OBJECTS, AuditAction, AuditObject
from vidan.onestop.staff_forms import DONE_ELSEWHERE, STEPS

for step, done in [*((step.action, step.done) for step in STEPS.values()), *DONE_ELSEWHERE.items()]:
    AUDIT_ACTIONS.register(AuditAction(f"onestop.dossier.{step}", format_lazy(_("Dossier: {step}"), step=done)))

for code, label in (
    ("onestop.dossier.view", _("Dossier viewed")),
    ("onestop.dossier.file", _("Dossier's file downloaded")),
    ("onestop.dossier.file_preview", _("Dossier's file viewed")),
    ("onestop.dossier.paper", _("Dossier's paper downloaded")),
    ("onestop.lookup.details", _("Dossier's details opened by the citizen with the PIN")),
    ("onestop.lookup.wrong_pin", _("Wrong PIN typed in the lookup")),
    ("onestop.lookup.result", _("Electronic result downloaded by the citizen with the PIN")),
    ("onestop.catalogue.import", _("Procedure catalogue imported")),
    ("onestop.due_dates.follow_calendar", _("Due dates moved after a change of the calendar")),
    ("onestop.tracking_book.download", _("Dossier tracking book downloaded")),
):
    AUDIT_ACTIONS.register(AuditAction(code, label))

AUDIT_OBJECTS.register(AuditObject("onestop.dossier", lambda pk: reverse("onestop:desk-dossier", args=[int(pk)])))
