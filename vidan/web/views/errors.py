"""Error pages, in the site's language and shell; under /api/ the same errors as JSON."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _api_error(request, code: str, message: str, status: int):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)
    return None


def not_found(request, exception=None):
    return _api_error(request, "not_found", _("Not found, or you do not have access to it."), 404) or render(
        request, "web/errors/404.html", status=404
    )


def forbidden(request, exception=None):
    return _api_error(request, "forbidden", _("You do not have the right to do this."), 403) or render(
        request, "web/errors/403.html", status=403
    )


def server_error(request):
    return _api_error(request, "server_error", _("Something went wrong"), 500) or render(
        request, "web/errors/500.html", status=500
    )
