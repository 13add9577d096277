"""What a module adds to the JSON API: its django-ninja routers, registered in `<app>/api.py` and mounted under
/api/v1/ by vidan/api/root.py, which gives them the staff-token authentication when they ask for it and the
API's one shape of errors (ErrorOut), which each operation declares for every error status it can answer."""

from dataclasses import dataclass

from ninja import Field, Router, Schema

from vidan.core.registry import Registry


@dataclass(frozen=True)
class ApiRouter:
    name: str
    router: Router
    # Every operation needs a staff API token (and finds the actor in request.actor), unless it says auth=None.
    staff_token: bool


API_ROUTERS: Registry[ApiRouter] = Registry("API routers", key=lambda entry: entry.name)


class ErrorDetail(Schema):
    code: str = Field(description="What went wrong, for a program: `invalid`, `not_found`, `conflict`, …")
    message: str = Field(description="What went wrong, for a person, in the request's language")
    fields: dict[str, list[str]] = Field(description="The messages of each field at fault (`body`: the whole)")


class ErrorOut(Schema):
    """Every error of the API has this shape (vidan/api/root.py)."""

    error: ErrorDetail


# What each error status of the API means (its codes are listed in docs/api.md).
ERROR_STATUSES = {
    400: "Malformed (`malformed`: not JSON, or a NUL character), or refused by a rule (`invalid`)",
    401: "No valid staff API token (`unauthenticated`), or an expired one (`token_expired`)",
    403: "The token's owner lacks the permission (`forbidden`), or the token is read-only (`read_only_token`)",
    404: "Not found, or not yours to see (`not_found`)",
    409: "The object changed meanwhile or the step was already taken (`conflict`)",
    422: "A parameter or a field is missing or wrong (`invalid`); `fields` names each one",
    429: "Too many lookups or attempts from an address; try again later (`too_many_attempts`)",
}


def error_response(status: int) -> dict:
    """An error status as the OpenAPI document declares it: its meaning and the error's schema."""
    return {
        "description": ERROR_STATUSES[status],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
    }


def may_refuse(*statuses: int) -> dict:
    """OpenAPI extension declaring error statuses an operation can answer beyond those every operation of its
    kind can (vidan/api/openapi.py derives those): `openapi_extra={**needs("…"), **may_refuse(409)}`."""
    return {"responses": {status: error_response(status) for status in statuses}}
