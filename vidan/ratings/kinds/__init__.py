"""What can be rated: a registry of kinds of service, owned here because the ratings use it.

A kind says how to find one service by its id, whether it can be rated yet, which officer and procedure it
counts for, which questions of TT 01/2018 the citizen may answer about it and what the data already knows of it.
A dossier (when the one-stop desk is installed) and an officer are known today; a later module adds its kind
(a reception, a grievance) with a file in this folder and a line in KIND_MODULES naming the app it needs, so a
kind is only ever loaded when its module is installed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import import_module

from django.apps import apps
from django.utils.functional import Promise

from vidan.core.registry import Registry

# The file of each kind in this folder, and the app it reads (None: below every feature module).
KIND_MODULES = {"staff": None, "dossier": "vidan.onestop"}


@dataclass(frozen=True)
class Choice:
    value: str
    label: Promise
    score: int  # TT 01/2018 Art. 13 scores each indicator 2, 1 or 0


@dataclass(frozen=True)
class Question:
    """A question of TT 01/2018 a citizen can answer, with its choices (each optional to answer)."""

    code: str
    label: Promise
    indicator: int  # the indicator of TT 01/2018 Art. 13 it feeds
    choices: tuple[Choice, ...]

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class Subject:
    """One service as the ratings see it."""

    kind: str
    id: int
    commune_id: int
    title: str  # what the citizen is shown: "Dossier 000.25.31.H44-260310-0001 — Đăng ký khai sinh"
    refusal: str = ""  # not empty: why it cannot be rated yet, for the citizen
    staff_id: int | None = None
    service_code: str = ""
    service_name: str = ""
    facts: dict = field(default_factory=dict)
    # The citizen's phone for the link sent by SMS once the service is delivered (never stored with a rating).
    phone: str = ""

    @cached_property
    def commune(self):
        """The commune with its unit, read when a page or a message names it (a rating needs only its id)."""
        from vidan.org.models import Commune

        return Commune.objects.select_related("unit").get(pk=self.commune_id)


@dataclass(frozen=True)
class RatedKind:
    code: str
    label: Promise
    once: bool  # one rating per service: a second is refused
    subject: Callable[[int], Subject | None]  # the service by its id, or None
    questions: tuple[Question, ...] = ()
    # (last event id read, not before when) → (ids of the services handed over since, the last event id read):
    # what the SMS links are sent for.
    delivered_since: Callable[..., tuple[list[int], int]] | None = None


RATED_KINDS: Registry[RatedKind] = Registry("rated kinds", key=lambda kind: kind.code)
_loaded = False


def kinds_load() -> None:
    global _loaded
    if _loaded:
        return
    for name, needs in KIND_MODULES.items():
        if needs is None or apps.is_installed(needs):
            import_module(f"vidan.ratings.kinds.{name}")
    _loaded = True


def rated_kind(code: str) -> RatedKind | None:
    kinds_load()
    return RATED_KINDS.get(code) if code in RATED_KINDS else None


def rated_kinds() -> list[RatedKind]:
    kinds_load()
    return RATED_KINDS.all()
