"""Links other modules give a dossier: printed as a QR code on its receipt (form 01) and shown on the lookup page
once the citizen has given the PIN. A module registers a DossierLink in its `menus.py`; the desk names none.

`build(dossier, place)` returns the link for that place ("receipt" or "lookup"), or None to show nothing
there; its `url` is a path of this site (the page makes it absolute)."""

from collections.abc import Callable
from dataclasses import dataclass

from vidan.core.registry import Registry

RECEIPT = "receipt"
LOOKUP = "lookup"


@dataclass(frozen=True)
class Link:
    path: str
    label: str  # the lookup page's button
    caption: str  # printed beside the QR code on the receipt, in Vietnamese (the form's language)


@dataclass(frozen=True)
class DossierLink:
    name: str
    build: Callable[..., Link | None]
    order: int = 50


DOSSIER_LINKS: Registry[DossierLink] = Registry(
    "dossier links", key=lambda link: link.name, sort_key=lambda link: link.order
)


def dossier_links(dossier, place: str) -> list[Link]:
    return [link for entry in DOSSIER_LINKS.all() if (link := entry.build(dossier, place)) is not None]
