"""The OpenAPI document: django-ninja's, with every error status each operation can answer declared, each with
the API's one error schema (vidan.core.api.ErrorOut).

The statuses every operation of a kind can answer are derived here, so that no operation can forget one:
- 422 for any parameter or body (validation), 400 for a JSON body (not JSON, a NUL character, a rule's refusal)
  or a query string (a NUL character);
- 401 for a staff token (none, unknown, expired), 403 for one of a role without the operation's permission
  (x-permission) or a read-only one asked to write;
- 404 for a path parameter (an object missing, or of a commune the caller does not serve).
An operation declares the others it can answer itself (`openapi_extra=may_refuse(409)`).
"""

from ninja.openapi.schema import OpenAPISchema

from vidan.api.tokens import READ_METHODS
from vidan.core.api import ErrorOut, error_response


def errors_of(details: dict, methods: list[str]) -> set[int]:
    """The error statuses an operation's kind can answer, from its OpenAPI entry and its HTTP methods."""
    parameters = details.get("parameters", [])
    statuses = set()
    if parameters or "requestBody" in details:
        statuses.add(422)
    if "requestBody" in details or any(p["in"] == "query" for p in parameters):
        statuses.add(400)
    if details.get("security"):
        statuses.add(401)
        if "x-permission" in details or any(method not in READ_METHODS for method in methods):
            statuses.add(403)
    if any(p["in"] == "path" for p in parameters):
        statuses.add(404)
    return statuses


class ApiSchema(OpenAPISchema):
    def __init__(self, api, path_prefix: str) -> None:
        super().__init__(api, path_prefix)
        schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        self["components"]["schemas"].update(schema.pop("$defs"))
        self["components"]["schemas"]["ErrorOut"] = schema

    def operation_details(self, operation) -> dict:
        details = super().operation_details(operation)
        responses = details["responses"]
        for status in sorted(errors_of(details, operation.methods)):
            responses.setdefault(status, error_response(status))
        details["responses"] = dict(sorted(responses.items(), key=lambda item: int(item[0])))
        return details
