"""What an officer lists on the desk's papers: the items a supplement request or a return asks for, each with
its reason (form 02, the return notice), and the documents actually handed in with a receipt (form 01).

Checked one way for every door (the desk's forms, the services): an item without its reason is refused, so
that no notice goes out with an empty "Lý do".
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from vidan.core.errors import FieldsRefused
from vidan.core.text import clean_text

NAME_MAX, REASON_MAX = 255, 500
# The forms a document can be handed in as (vidan.onestop.models.DocumentForm, less "either").
HANDED_FORMS = ("original", "copy", "certified_copy")


@dataclass(frozen=True)
class MissingItem:
    name: str
    reason: str


@dataclass(frozen=True)
class HandedDocument:
    name: str
    form: str  # one of HANDED_FORMS
    count: int = 1


def items_checked(items: Sequence[MissingItem]) -> list[MissingItem]:
    """The items cleaned; refused (field "items") when none is named or one lacks its name or its reason."""
    cleaned = [MissingItem(clean_text(item.name), clean_text(item.reason)) for item in items]
    cleaned = [item for item in cleaned if item.name or item.reason]
    errors = []
    if not cleaned:
        errors.append(_("Name at least one document to add or correct, with its reason."))
    without_reason = [item.name for item in cleaned if item.name and not item.reason]
    if without_reason:
        errors.append(
            _("Give the reason for each document asked for: %(names)s.") % {"names": "; ".join(without_reason)}
        )
    if any(not item.name for item in cleaned):
        errors.append(_("Name the document each reason is for."))
    if any(len(item.name) > NAME_MAX or len(item.reason) > REASON_MAX for item in cleaned):
        errors.append(_("Keep each document's name under 255 characters and its reason under 500."))
    if errors:
        raise FieldsRefused({"items": errors})
    return cleaned


def items_note(items: Sequence[MissingItem], note: str = "") -> str:
    """The note the citizen receives: one line per item with its reason, then what the officer added."""
    lines = [f"- {item.name}: {item.reason}" for item in items]
    return "\n".join([*lines, *([note.strip()] if note and note.strip() else [])])


def documents_data(documents: Sequence[HandedDocument]) -> list[dict]:
    """The documents handed in as an event records them; refused (field "documents") when one is unnamed, of
    an unknown form, or counted below one."""
    data, errors = [], []
    for document in documents:
        name = clean_text(document.name)
        if not name or len(name) > NAME_MAX:
            errors.append(_("Name each document handed in (at most 255 characters)."))
        elif document.form not in HANDED_FORMS:
            errors.append(_("Choose whether %(name)s is an original, a copy or a certified copy.") % {"name": name})
        elif not isinstance(document.count, int) or not 1 <= document.count <= 99:
            errors.append(_("The number of copies of %(name)s must be between 1 and 99.") % {"name": name})
        else:
            data.append({"name": name, "form": document.form, "count": document.count})
    if errors:
        raise FieldsRefused({"documents": errors})
    return data
