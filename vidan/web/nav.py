"""The back office sidebar: each entry shows only to roles holding its permission."""

from dataclasses import dataclass

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


def staff_nav(actor, commune_id: int) -> list[NavEntry]:
    return [entry for entry in STAFF_NAV if actor.can(entry.permission, commune_id)]
