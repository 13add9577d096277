"""The back office's sidebar and the public site's links per criterion of the model, from what the modules
registered (vidan/core/menus.py). Each sidebar entry shows only to roles holding its permission."""

from dataclasses import dataclass, field
from functools import cache
from urllib.parse import quote, urlencode

from django.urls import get_script_prefix, reverse
from django.utils.text import slugify

from vidan.core.menus import PUBLIC_MENU, STAFF_MENU, STAFF_SEARCH


@dataclass(frozen=True)
class NavLink:
    href: str
    css: str  # "nav-" and the slug of the URL's name, for the stylesheet and for tests
    label: str
    current: bool


@cache
def _href(url_name: str, script_prefix: str) -> str:
    """The address of a URL without arguments; `script_prefix`, which reverse() reads itself, is part of the
    key so that a process serving under two prefixes keeps both."""
    return reverse(url_name)


def staff_nav(actor, commune_id: int, current_view: str = "") -> list[NavLink]:
    """The sidebar's links the actor may follow in the commune; `current_view` (a URL name) is marked. The
    addresses take no argument, so each is worked out once per process."""
    prefix = get_script_prefix()
    return [
        NavLink(
            _href(entry.url_name, prefix), f"nav-{slugify(entry.url_name)}", entry.label, entry.url_name == current_view
        )
        for entry in STAFF_MENU.all()
        if actor.can(entry.permission, commune_id)
    ]


@dataclass(frozen=True)
class PublicLink:
    href: str
    label: str


@dataclass
class AreaLinks:
    buttons: list[PublicLink] = field(default_factory=list)
    links: list[PublicLink] = field(default_factory=list)


def public_links(commune) -> dict[str, AreaLinks]:
    """The links the modules offer on a commune's home page, by the anchor of the criterion they serve: the
    main ones as buttons, the others after them."""
    areas: dict[str, AreaLinks] = {}
    for entry in PUBLIC_MENU.all():
        href = reverse(entry.url_name, args=[commune.slug]) if entry.takes_commune else reverse(entry.url_name)
        area = areas.setdefault(entry.area, AreaLinks())
        (area.buttons if entry.primary else area.links).append(PublicLink(href, entry.label))
    return areas


def site_links() -> list[PublicLink]:
    """The links of the modules that need no commune (a dossier's lookup by its code, the procedure catalogue),
    for the site's front page."""
    return [PublicLink(reverse(entry.url_name), entry.label) for entry in PUBLIC_MENU.all() if not entry.takes_commune]


@dataclass(frozen=True)
class SearchLink:
    heading: str
    href: str
    label: str


def search_links(actor, commune_id: int, query: str) -> list[SearchLink]:
    """Where the modules search for the query, among the lists the actor may see in the commune."""
    return [
        SearchLink(
            entry.heading,
            f"{reverse(entry.url_name)}?{urlencode({**entry.params, 'q': query}, quote_via=quote)}",
            entry.label % {"query": query},
        )
        for entry in STAFF_SEARCH.all()
        if actor.can(entry.permission, commune_id)
    ]
