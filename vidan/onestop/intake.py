"""The desk's answers to a citizen who came in person with a dossier it cannot receive as it is (NĐ 61/2018
Art. 18): a supplement request listing everything missing, each with its reason (form 02), or a refusal to
receive it, with the reason (form 03).

Either one is recorded as a dossier of the desk's channel in the status the answer leaves it in — not
received: no code, no time limit, not in the tracking book — with its event and audit entry, so that its
paper is printed and kept like an online dossier's. When the citizen comes back with the missing papers, the
desk receives that same dossier from its page.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.core.errors import FieldsRefused, PermissionDenied
from vidan.onestop.applicant import applicant_clean
from vidan.onestop.intake_items import MissingItem, items_checked, items_note
from vidan.onestop.lifecycle import TRANSITIONS
from vidan.onestop.models import Channel, Dossier, Procedure
from vidan.onestop.services import dossier_event_record
from vidan.org.actors import Actor
from vidan.org.models import Commune


def _visit(
    *, actor: Actor, commune: Commune, procedure: Procedure, applicant: dict, action: str, errors: dict
) -> Dossier:
    """The dossier of a visit, in the status the step `action` leads to, once every field is checked."""
    if not actor.can(TRANSITIONS[action].permission, commune.id):
        raise PermissionDenied()
    try:
        cleaned = applicant_clean(channel=Channel.DESK, **applicant)
    except FieldsRefused as refused:
        errors = {**refused.fields, **errors}
    if errors:
        raise FieldsRefused(errors)
    dossier = Dossier(
        commune=commune,
        procedure=procedure,
        channel=Channel.DESK,
        status=TRANSITIONS[action].target,
        **cleaned.columns(),
        working_days=procedure.time_limit_days,
        submitted_at=timezone.now(),
    )
    dossier.full_clean(exclude=["commune", "procedure", "assignee", "received_by"])
    dossier.save()
    return dossier


@transaction.atomic
def dossier_supplement_at_desk(
    *,
    actor: Actor,
    commune: Commune,
    procedure: Procedure,
    applicant_name: str,
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    items: Sequence[MissingItem],
    note: str = "",
) -> Dossier:
    """Form 02 for a citizen at the desk: every document to add or correct, each with its reason, in one notice."""
    errors: dict[str, list] = {}
    try:
        items = items_checked(items)
    except FieldsRefused as refused:
        errors.update(refused.fields)
    applicant = {
        "name": applicant_name,
        "phone": applicant_phone,
        "email": applicant_email,
        "address": applicant_address,
    }
    dossier = _visit(
        actor=actor,
        commune=commune,
        procedure=procedure,
        applicant=applicant,
        action="request_supplement",
        errors=errors,
    )
    dossier_event_record(
        dossier,
        actor,
        "request_supplement",
        "",
        items_note(items, note),
        procedure=procedure.code,
        items=[{"name": item.name, "reason": item.reason} for item in items],
    )
    return dossier


@transaction.atomic
def dossier_refuse_at_desk(
    *,
    actor: Actor,
    commune: Commune,
    procedure: Procedure,
    applicant_name: str,
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    reason: str,
) -> Dossier:
    """Form 03 for a citizen at the desk: the dossier is not received, for the reason given."""
    reason = (reason or "").strip()
    errors = {} if reason else {"reason": [_("Give the reasons: the citizen receives them in writing.")]}
    applicant = {
        "name": applicant_name,
        "phone": applicant_phone,
        "email": applicant_email,
        "address": applicant_address,
    }
    dossier = _visit(
        actor=actor, commune=commune, procedure=procedure, applicant=applicant, action="refuse_intake", errors=errors
    )
    dossier_event_record(dossier, actor, "refuse_intake", "", reason, procedure=procedure.code)
    return dossier
