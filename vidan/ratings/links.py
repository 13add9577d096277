"""The addresses of the rating page, as printed on a receipt, shown on the lookup page and sent by SMS."""

from django.conf import settings
from django.urls import reverse


def rating_path(token: str) -> str:
    return reverse("ratings:rate", args=[token])


def site_url() -> str:
    """The site's address as citizens reach it (VIDAN_SITE_URL; else the first trusted origin)."""
    if settings.VIDAN_SITE_URL:
        return settings.VIDAN_SITE_URL
    origins = list(settings.CSRF_TRUSTED_ORIGINS)
    return origins[0].rstrip("/") if origins else "http://127.0.0.1:8000"
