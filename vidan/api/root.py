"""The JSON API: /api/v1/…, OpenAPI at /api/docs. Every error is a JSON object of one shape:

{"error": {"code": "...", "message": "...", "fields": {...}}}
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from vidan.api.auth import staff_token
from vidan.api.openapi import ApiSchema
from vidan.api.v1 import communes, me, units, workdays
from vidan.core.api import API_ROUTERS
from vidan.core.errors import DomainError


class Api(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ApiSchema(self, path_prefix)


api = Api(
    title="Vì Dân API",
    version="1",
    description=(
        "Public data of the communes and the operations of their staff. Errors are JSON objects of one shape: "
        '`{"error": {"code", "message", "fields"}}`; messages follow Accept-Language (Vietnamese by default).'
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    fields = {exc.field: [str(exc.message)]} if exc.field else {}
    return api.create_response(request, error_body(exc.code, exc.message, fields), status=exc.status)


@api.exception_handler(DjangoValidationError)
def on_model_validation_error(request, exc: DjangoValidationError):
    """A service's full_clean() refused the data (a duplicate name, a value out of range, …)."""
    fields = (
        {
            ("body" if field == NON_FIELD_ERRORS else field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
        if hasattr(exc, "error_dict")
        else {"body": [str(m) for m in exc.messages]}
    )
    return api.create_response(
        request, error_body("invalid", _("The request is not valid; see the fields."), fields), status=422
    )


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    fields: dict[str, list[str]] = {}
    for problem in exc.errors:
        location = [str(part) for part in problem.get("loc", ()) if part not in ("body", "payload", "query", "path")]
        fields.setdefault(".".join(location) or "body", []).append(problem.get("msg", ""))
    return api.create_response(
        request, error_body("invalid", _("The request is not valid; see the fields."), fields), status=422
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return api.create_response(
        request, error_body("unauthenticated", _("A valid staff API token is required.")), status=401
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(
        request, error_body("not_found", _("Not found, or you do not have access to it.")), status=404
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    code = "malformed" if exc.status_code == 400 else "error"
    message = _("The request body is not valid JSON.") if exc.status_code == 400 else str(exc)
    return api.create_response(request, error_body(code, message), status=exc.status_code)


api.add_router("/v1/", me.router)
api.add_router("/v1/", communes.router)
api.add_router("/v1/", units.router)
api.add_router("/v1/", workdays.router)
# The modules' own routers (vidan/core/api.py).
for entry in API_ROUTERS.all():
    if entry.staff_token:
        api.add_router("/v1/", entry.router, auth=staff_token)
    else:
        api.add_router("/v1/", entry.router)
