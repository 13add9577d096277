"""The OpenAPI document describes the API a client generated from it would meet: one schema per name, and every
error an operation can answer declared with the API's one error shape."""

import pytest
from django.test import Client
from ninja.constants import NOT_SET
from ninja.openapi.schema import REF_TEMPLATE
from ninja.schema import NinjaGenerateJsonSchema

from tests.api.test_tokens import bearer
from tests.factories import SYSTEM, make_staff
from vidan.api.root import api
from vidan.api.tokens import api_token_issue
from vidan.org.models import Role

ERROR_REF = "#/components/schemas/ErrorOut"


@pytest.fixture
def document(db) -> dict:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document: dict):
    for path, methods in document["paths"].items():
        for method, details in methods.items():
            yield f"{method.upper()} {path}", details


def models_of_every_operation():
    """Each model an operation reads or answers with, and how the document describes it (validation for what
    it reads, serialization for what it answers)."""
    for bound in api._get_bound_routers():
        for path, view in bound.path_operations.items():
            for operation in view.operations:
                for model in operation.models:
                    yield path, model, "validation"
                for status, model in operation.response_models.items():
                    if status is not Ellipsis and model not in (None, NOT_SET):
                        yield path, model, "serialization"


def test_no_two_schemas_share_a_name(document):
    # A second schema of a name already taken replaces the first in the document: a client generated from it
    # would read one of the two answers with the other's fields. Each schema an operation uses must be the one
    # the document holds under its name.
    components = document["components"]["schemas"]
    replaced = []
    for path, model, mode in models_of_every_operation():
        schema = model.model_json_schema(
            ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode=mode, by_alias=True
        )
        for name, definition in schema.get("$defs", {}).items():
            if components.get(name) != definition:
                replaced.append(f"{name} (used by {path})")
    assert replaced == []


def test_every_error_response_is_declared_with_the_error_schema(document):
    declared = {name: details["responses"] for name, details in operations(document)}

    # Every error status an operation declares has the error schema
    for name, responses in declared.items():
        for status, response in responses.items():
            if int(status) >= 400:
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": ERROR_REF}, (name, status)
    error = document["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["error"]
    detail = document["components"]["schemas"][error["properties"]["error"]["$ref"].rsplit("/", 1)[1]]
    assert set(detail["properties"]) == {"code", "message", "fields"}

    def errors(operation):
        return {int(status) for status in declared[operation] if int(status) >= 400}

    # A staff operation: no token (401), a role without the permission (403), another commune's (404), a bad field
    assert errors("POST /api/v1/communes/{commune_id}/departments") == {400, 401, 403, 404, 422}
    assert errors("GET /api/v1/communes/{commune_id}/audit") == {400, 401, 403, 404, 422}
    assert errors("GET /api/v1/me") == {401}
    # A step or an apology taken twice, or on a dossier that moved meanwhile
    assert errors("POST /api/v1/dossiers/{dossier_id}/steps") == {400, 401, 403, 404, 409, 422}
    assert errors("POST /api/v1/dossiers/{dossier_id}/apology") == {400, 401, 403, 404, 409, 422}
    # The citizen's lookup: an unknown code, a wrong PIN, too many lookups or wrong PINs from an address
    assert errors("GET /api/v1/dossiers/lookup") == {400, 404, 422, 429}
    assert errors("POST /api/v1/dossiers/lookup") == {400, 404, 422, 429}
    assert errors("GET /api/v1/health") == set()


def test_the_errors_answered_are_among_those_declared(document, commune, other_commune):
    # Given a desk officer's read-only token, an expired one, and nothing
    officer = make_staff(commune, Role.DESK_OFFICER)
    _t, read_only = api_token_issue(actor=SYSTEM, staff=officer, name="r", scope="read")
    declared = {name: {int(s) for s in details["responses"]} for name, details in operations(document)}
    departments = "POST /api/v1/communes/{commune_id}/departments"
    url = f"/api/v1/communes/{commune.id}/departments"

    answers = [
        Client().post(url, {"kind": "police", "name": "Công an"}, content_type="application/json"),
        Client().post(url, {"kind": "police", "name": "Công an"}, content_type="application/json", **bearer(read_only)),
        Client().post(url, "{", content_type="application/json", **bearer(read_only)),
        Client().post(
            f"/api/v1/communes/{other_commune.id}/departments",
            {"kind": "x"},
            content_type="application/json",
            **bearer(read_only),
        ),
    ]

    for answer in answers:
        assert answer.status_code in declared[departments], answer.content
        assert set(answer.json()["error"]) == {"code", "message", "fields"}
