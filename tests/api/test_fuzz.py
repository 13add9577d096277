"""The whole API fuzzed from its own OpenAPI document (schemathesis): requests valid and invalid by the document,
to every operation, public ones without a token and staff ones with a token of a staff member who holds every
role of a commune (its real commune, dossier and staff ids in the paths, so the services run, not only the
404s). No answer may be a server error, have a status the document does not declare, or a body that breaks its
declared schema.

The number of examples per operation is bounded (FUZZ_EXAMPLES), to stay well under a minute on the suite.
"""

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import SYSTEM, make_department, make_staff
from tests.onestop.factories import received
from vidan.api.root import api
from vidan.api.tokens import api_token_issue
from vidan.org.models import DepartmentKind, Role

FUZZ_EXAMPLES = int(os.environ.get("VIDAN_FUZZ_EXAMPLES", 12))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def in_process_app(db):
    """The app answers in this process, on the test's database connection: as Django's test client does, the
    connection is not closed at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(commune, catalogue):
    """A commune with a one-stop desk, a staff member holding every role, their token, and a dossier."""
    department = make_department(commune, kind=DepartmentKind.JUSTICE)
    everyone = make_staff(commune, *Role.values, department=department)
    _token, raw = api_token_issue(actor=SYSTEM, staff=everyone, name="fuzz")
    dossier = received(make_staff(commune, Role.DESK_OFFICER), commune)
    return {
        "token": raw,
        "ids": {"commune_id": commune.id, "dossier_id": dossier.id, "staff_id": everyone.id},
    }


# The document as /api/openapi.json serves it; the requests go to the app itself (WSGI), not over the network.
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
schema.app = get_wsgi_application()


@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_request_gets_a_server_error_or_an_answer_outside_the_document(case, world):
    # Given a request the document describes (or one it forbids), with real ids where it sends ids
    for name, value in (case.path_parameters or {}).items():
        if name in world["ids"] and isinstance(value, int):
            case.path_parameters[name] = world["ids"][name]
    positive = case.meta.generation.mode.is_positive
    if positive and isinstance(case.body, dict) and isinstance(case.body.get("procedure"), str):
        case.body["procedure"] = "HT-04"  # a procedure in force: the receipt itself runs, not only its refusal
    headers = {"Authorization": f"Bearer {world['token']}"} if case.operation.definition.raw.get("security") else {}

    # When it is sent, then the answer is no server error and matches the document
    case.call_and_validate(headers=headers, checks=CHECKS)
