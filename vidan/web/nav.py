"""The back office sidebar: each entry shows only to roles holding its permission."""

from dataclasses import dataclass
from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    permission: str


STAFF_NAV = (
    NavEntry("web:staff-home", _("Overview"), "backoffice.view"),
    NavEntry("onestop:desk-queue", _("Dossiers"), "dossier.view"),
    NavEntry("onestop:desk-receive", _("Receive a dossier"), "dossier.receive"),
    NavEntry("web:directory", _("Staff directory"), "staff.view_directory"),
    NavEntry("onestop:tracking-book", _("Tracking book of dossiers (form 06)"), "dossier.view"),
    NavEntry("onestop:statistics", _("One-stop statistics"), "dossier.view"),
    NavEntry("onestop:catalogue-admin", _("Procedure catalogue"), "backoffice.view"),
    NavEntry("workdays:calendar", _("Working calendar"), "calendar.view"),
    NavEntry("web:audit", _("Audit log"), "audit.view"),
    NavEntry("web:notices", _("Notices"), "backoffice.view"),
    NavEntry("web:api-tokens", _("API tokens"), "backoffice.view"),
)


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
        for entry in STAFF_NAV
        if actor.can(entry.permission, commune_id)
    ]
