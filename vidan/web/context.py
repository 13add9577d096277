"""Template context every page gets."""

from django.conf import settings

from vidan import __version__
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
    if commune is not None and request.user.is_authenticated:
        context.update(
            staff_nav=staff_nav(request.actor, commune.id, _view_name(request)),
            unread_notices=unread_notice_count(request.user),
            current_commune=commune,
            staff_communes=getattr(request, "staff_communes", [commune]),
        )
    return context


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"
