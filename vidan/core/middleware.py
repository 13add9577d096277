"""Refusing, before any view, what a request sends that no database column can hold.

A NUL character (code 0) cannot be stored or compared by PostgreSQL: a search or a name carrying one failed
deep inside a query with a server error. No person types one, so a request carrying one in its query string,
its form fields or its JSON body is refused whole with a clear message (a 400: JSON of the API's shape under
/api/, a page elsewhere), before anything is read or written. Uploaded files are not text and may hold any
byte.
"""

import json

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def request_holds_nul(request) -> bool:
    if any(NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if request.content_type == "application/json":
        if b"\x00" in request.body:
            return True
        if b"\\u0000" not in request.body:  # the only other way JSON writes one
            return False
        try:
            return _holds_nul(json.loads(request.body))
        except ValueError:
            return False  # not JSON: the API says so itself
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return any(NUL in key or any(NUL in value for value in values) for key, values in request.POST.lists())
    return False


class NulRefusedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_holds_nul(request):
            message = _("The request contains a NUL character (code 0) and cannot be processed; type the text again.")
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "malformed", "message": message, "fields": {}}}, status=400)
            return render(request, "web/errors/400.html", {"message": message}, status=400)
        return self.get_response(request)
