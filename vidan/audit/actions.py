"""What the audit log's codes mean to a reader: a label for each action, a link for each kind of object.

A module declares the actions it records and how to open its objects in `<app>/audit_actions.py`:

    AUDIT_ACTIONS.register(AuditAction("onestop.dossier.view", _("Dossier viewed")))
    AUDIT_OBJECTS.register(AuditObject("onestop.dossier", lambda pk: reverse("onestop:desk-dossier", args=[pk])))

The log page shows the label and links the object; a code nobody registered (an old row, a module since
removed) is shown as it was written. An object type is named by its model's verbose name when the model is
installed, whether or not it has a link.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch

from vidan.core.registry import Registry


@dataclass(frozen=True)
class AuditAction:
    code: str  # as written in AuditEntry.action, e.g. "onestop.dossier.receive"
    label: str  # what a reader is shown, translated lazily


@dataclass(frozen=True)
class AuditObject:
    object_type: str  # AuditEntry.object_type: the model's label_lower, e.g. "onestop.dossier"
    url: Callable[[str], str]  # the object's page, from its id


AUDIT_ACTIONS: Registry[AuditAction] = Registry("audit actions", key=lambda action: action.code)
AUDIT_OBJECTS: Registry[AuditObject] = Registry("audit objects", key=lambda obj: obj.object_type)


def audit_action_label(code: str) -> str | None:
    """The action's label, or None for a code no installed module registered."""
    if code in AUDIT_ACTIONS:
        return str(AUDIT_ACTIONS.get(code).label)
    return None


def audit_action_choices() -> list[tuple[str, str]]:
    """Every registered action as (code, label), in the order of their labels."""
    return sorted(((action.code, str(action.label)) for action in AUDIT_ACTIONS), key=lambda choice: choice[1])


def audit_object_name(object_type: str) -> str:
    """The kind of object in words: its model's verbose name, or the type as written when no model has it."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]


def audit_object_url(object_type: str, object_id: str) -> str | None:
    """The object's page, or None when its module gives none (or the id cannot be one of its objects)."""
    if not object_type or not object_id or object_type not in AUDIT_OBJECTS:
        return None
    try:
        return AUDIT_OBJECTS.get(object_type).url(object_id)
    except (NoReverseMatch, ValueError):
        return None
