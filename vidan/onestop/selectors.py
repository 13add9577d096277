"""Reading the procedure catalogue, and what the desk needs to know of a dossier's past."""

import re

from django.core.cache import caches
from django.db.models import Q, QuerySet
from django.utils import timezone

from vidan.core.collation import vi_sort_key
from vidan.core.text import fold
from vidan.onestop.lifecycle import TRANSITIONS, actions_from
from vidan.onestop.models import Dossier, DossierEvent, Field, Procedure


def procedures_in_force(*, query: str = "", field_code: str = "", on=None) -> QuerySet:
    """Procedures valid on a day (today by default); `query` matches names without regard to accents."""
    day = on or timezone.localdate()
    qs = Procedure.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)
    if query:
        for word in fold(query).split():
            qs = qs.filter(name_folded__contains=word)
    if field_code:
        qs = qs.filter(field__code=field_code)
    return qs.select_related("field").order_by("field__name", "name")


def procedures_listed(procedures) -> list[Procedure]:
    """Procedures in the order a reader looks for them: by field, then by name, in Vietnamese alphabetical order
    (the catalogue holds a few hundred, so they are sorted here rather than by the database's collation)."""
    return sorted(procedures, key=lambda p: (vi_sort_key(p.field.name), vi_sort_key(p.name), p.pk))


def procedure_in_force(code: str, *, on=None) -> Procedure | None:
    return procedures_in_force(on=on).filter(code=code).prefetch_related("documents").first()


PROCEDURE_TTL = 60


# What a procedure's code may hold (HT-04, CT-01, 1.001193…).
PROCEDURE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def procedure_in_force_cached(code: str) -> Procedure | None:
    """The procedure in force today with its documents, kept a minute: the online form reads it on every
    request, and the catalogue changes by import a few times a year (a changed procedure shows within the
    minute; the key carries the day, so one that ends at midnight is not offered after)."""
    if not PROCEDURE_CODE.match(code or ""):
        return None  # no procedure has such a code, and it would make a poor cache key
    key = f"vidan:procedure:{code}:{timezone.localdate():%Y%m%d}"
    found = caches["local"].get(key)  # each process's own: a shared cache's round trip costs about the query
    if found is None:
        found = procedure_in_force(code)
        # Only what exists is kept: caching every code a visitor makes up would push other entries out.
        if found is not None:
            caches["local"].set(key, found, PROCEDURE_TTL)
    return found


def fields_in_use() -> list[Field]:
    return sorted(Field.objects.filter(procedures__isnull=False).distinct(), key=lambda f: vi_sort_key(f.name))


def dossier_actions_offered(actor, dossier: Dossier) -> list[str]:
    """The steps to offer the actor on the dossier as it was read, in the table's order: those its status allows
    and the actor's role may take, less a step taken at most once that was taken already (the service decides
    again under its lock). One query when such a step is among them, none otherwise."""
    actions = [
        action
        for action in actions_from(dossier.status)
        if actor.can(TRANSITIONS[action].permission, dossier.commune_id)
    ]
    once = [action for action in actions if TRANSITIONS[action].once is not None]
    if once:
        taken = set(
            DossierEvent.objects.filter(dossier=dossier, action__in=once).values_list("action", flat=True).distinct()
        )
        actions = [action for action in actions if action not in taken]
    return actions
