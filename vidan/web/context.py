"""Template context every page gets."""

from django.conf import settings

from vidan import __version__
from vidan.core.htmx import is_htmx
from vidan.notify.selectors import unread_notice_count
from vidan.web.areas import AREAS
from vidan.web.nav import staff_nav


def site(request):
    context = {
        "VIDAN_VERSION": __version__,
        "LANGUAGES": settings.LANGUAGES,
        "is_htmx": is_htmx(request),
        "areas": AREAS,
    }
    commune = getattr(request, "commune", None)
    if request.user.is_authenticated:
        links = staff_nav(request.actor, commune.id, _view_name(request)) if commune is not None else []
        # Everything the sidebar's links show but the language: the staff layout caches them under it.
        context["staff_nav_key"] = "|".join(
            [*(f"{link.href}{'*' if link.current else ''}" for link in links), str(request.user.is_superuser)]
        )
        if commune is not None:
            context.update(
                staff_nav=links,
                unread_notices=unread_notice_count(request.user),
                current_commune=commune,
                staff_communes=getattr(request, "staff_communes", [commune]),
            )
    return context


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""
