"""Every staff page and every API endpoint, tried by every kind of visitor.

The URLs are discovered from the URL conf and the OpenAPI schema, so a new module is covered the day it is
added; a URL whose arguments this test cannot fill makes it fail with a message saying what to add.
"""

import itertools
import re
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conduct.factories import make_version
from tests.conftest import logged_in_client
from tests.factories import actor_of, make_commune, make_department, make_staff
from tests.onestop.factories import load_catalogue
from vidan.api.root import api
from vidan.api.tokens import api_token_issue
from vidan.conduct.badges import badge_issue
from vidan.onestop.models import DossierFile, Procedure
from vidan.onestop.services import dossier_receive_at_desk
from vidan.org.actors import Actor
from vidan.org.models import Role
from vidan.org.rules import roles_for
from vidan.org.selectors import province_of
from vidan.ratings.services import kiosk_register
from vidan.ratings.surveys import survey_open
from vidan.workdays import calendar_for
from vidan.workdays.services import calendar_override_add

# Pages anyone may open. Everything else must be behind the staff gate or an API token.
PUBLIC_VIEWS = {
    "onestop:lookup",
    "onestop:lookup-result",
    "onestop:supplement",
    "onestop:online-choose",
    "onestop:online-submit",
    "onestop:online-submitted",
    "onestop:catalogue",
    "onestop:procedure",
    "web:home",
    "web:commune-home",
    "web:commune-officials",
    "web:login",
    "web:login-otp",
    "web:otp-setup",
    "web:logout",
    "workdays:due",
    "model:public",
    "model:public-file",
    "set_language",
    "ratings:rate",
    "ratings:thanks",
    "ratings:kiosk",
    "ratings:kiosk-thanks",
    "ratings:survey-public",
    "conduct:code-public",
    "conduct:code-version-public",
    "conduct:code-file-public",
    "conduct:officers-public",
    "conduct:officer-public",
}
# Actions that only take a POST: tried with a POST where a GET would be refused with 405.
POST_ONLY = {
    "apitokens:revoke",
    "web:switch-commune",
    "onestop:desk-dossier-step",
    "onestop:desk-dossier-apology",
    "onestop:desk-dossier-result",
    "onestop:desk-dossier-fee",
    "model:launch-files",
    "model:launch-article",
    "model:commitment-sign",
    "model:commitment-revise",
    "model:commitment-follow-up",
    "model:assessment-save",
    "model:assessment-review",
    "ratings:kiosk-switch-off",
    "ratings:survey-close",
    "conduct:acknowledge",
    "conduct:version-edit",
    "conduct:version-publish",
    "conduct:version-delete",
    "conduct:version-remind",
    "conduct:officer-issue",
    "conduct:officer-revoke",
    "conduct:officer-profile",
    "conduct:officer-photo",
}
# Pages whose URL arguments name no object of a commune (a year), so a stranger gets their own data.
NO_OBJECT_IN_URL = {"workdays:calendar-ics", "onestop:catalogue-download", "model:rollout-download"}
# Papers drawn from a step the world's dossier has not taken (a supplement request, a refusal, an apology, a
# return during processing, a refusal after it): a role allowed in gets "not found", one that is not gets 403
# before that.
NEEDS_A_STEP = {
    "onestop:paper-supplement",
    "onestop:paper-refusal",
    "onestop:paper-apology",
    "onestop:paper-return-notice",
    "onestop:paper-decision-refusal",
}
# Parts of the URL conf with their own gate, tested elsewhere.
SKIPPED_PREFIXES = ("admin/", "api/", "static/", "_bench/")
# A valid body for every endpoint that takes one, keyed by operationId.
SAMPLE_BODIES = {
    "vidan_api_v1_communes_department_add": lambda n: {"kind": "justice", "name": f"Tư pháp – Hộ tịch {n}"},
    "vidan_onestop_api_dossiers_dossier_receive": lambda n: {
        "procedure": "HT-04",
        "applicant_name": f"Nguyễn Thị Lan {n}",
    },
    # Each call gets a dossier just received (see fill_api), which the desk may withdraw at the citizen's request.
    "vidan_onestop_api_dossiers_dossier_step": lambda n: {
        "action": "withdraw",
        "expected_status": "received",
        "note": f"Công dân xin rút hồ sơ ({n})",
    },
    "vidan_onestop_api_dossiers_dossier_fee_payment": lambda n: {"method": "cash"},
    # A working day a month on: later than the due date of a dossier just received.
    "vidan_onestop_api_dossiers_dossier_apology": lambda n: {
        "reason": f"Cần xác minh thêm ({n})",
        "new_due": str(calendar_for().working_day_on_or_after(date.today() + timedelta(days=30))),
    },
}

_bodies = itertools.count(1)


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry.callback


def staff_urls():
    found = []
    for route, name, callback in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or name in PUBLIC_VIEWS:
            continue
        found.append((route, name, callback))
    return found


@pytest.fixture
def world(db):
    """Two communes; in the first, one holder of every role; the second has an officer of its own."""
    home, away = make_commune(name="Thuận Hóa"), make_commune(name="Lâm Hóa")
    # A supervisor serves from above: granted at the province, as the demo's and a real deployment's are.
    province = province_of(home.unit)
    holders = {role: make_staff(home, role, unit=province if role == Role.SUPERVISOR else None) for role in Role.values}
    stranger = make_staff(away, *Role.values)
    department = make_department(home)
    load_catalogue()
    dossier, _pin = dossier_receive_at_desk(
        actor=Actor.system("test"),
        commune=home,
        procedure=Procedure.objects.get(code="HT-04"),
        applicant_name="Nguyễn Thị Lan",
    )
    upload = DossierFile(
        dossier=dossier,
        commune=home,
        document_name="Tờ khai",
        name="to-khai.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
        uploaded_at=dossier.received_at,
    )
    upload.file.save("to-khai.pdf", ContentFile(b"%PDF-1.4\n"))
    # The code of conduct in force, and the desk officer's badge (its PDF is a page of the back office).
    code_version = make_version(home)
    badge_issue(actor=Actor.system("test"), staff=holders[Role.DESK_OFFICER])
    override = calendar_override_add(
        actor=Actor.system("test"),
        unit=province_of(home.unit),
        day=date(2026, 3, 2),
        kind="day_off",
        basis="Quyết định 1/QĐ-UBND",
    )
    model = _model_world(home, department)
    device, _key = kiosk_register(actor=actor_of(holders[Role.DESK_OFFICER]), commune=home, name="Quầy 1")
    survey = survey_open(
        actor=actor_of(holders[Role.LEADER]), commune=home, title="Khảo sát quý I", date_from=date(2026, 1, 1),
        date_to=date(2026, 3, 31),
    )  # fmt: skip
    return {
        **model,
        "survey": survey,
        "device": device,
        "home": home,
        "away": away,
        "holders": holders,
        "stranger": stranger,
        "department": department,
        "override": override,
        "dossier": dossier,
        "file": upload,
        "code_version": code_version,
    }


def _model_world(home, department) -> dict:
    """The model's objects in the first commune: a signed commitment with its scan, an open self-assessment."""
    from tests.model.factories import checked_pdf, make_framework, make_launch
    from vidan.model.assessments import assessment_start
    from vidan.model.commitments import Signer, commitment_draft, commitment_sign

    system = Actor.system("test")
    make_framework(home, valid_from=date(2024, 1, 1))
    make_launch(home, held_on=date(2024, 3, 20))
    commitment = commitment_draft(
        actor=system, department=department, items=["Phục vụ tận tình"], signers=[Signer("Trần Thị Hoa", "Công chức")]
    )
    commitment = commitment_sign(actor=system, commitment=commitment, signed_on=date(2024, 3, 20), scan=checked_pdf())
    assessment = assessment_start(actor=system, commune=home, period_day=date(2024, 5, 1))
    return {"commitment": commitment, "assessment": assessment, "model_file": commitment.files.get()}


def fill(route: str, world) -> str:
    """Turn a route pattern into a URL naming objects of the first commune."""
    home = world["home"]
    samples = {
        "staff_id": world["holders"][Role.DESK_OFFICER].pk,
        "commune_id": home.pk,
        "slug": home.slug,
        "token_id": 0,
        "year": 2026,
        "override_id": world["override"].pk,
        "file_format": "xlsx",  # every download offers it
        "dossier_id": world["dossier"].pk,
        "file_id": world["file"].pk,
        "department_id": world["department"].pk,
        "commitment_id": world["commitment"].pk,
        "assessment_id": world["assessment"].pk,
        "model_file_id": world["model_file"].pk,
        "device_id": world["device"].pk,
        "survey_id": world["survey"].pk,
        "version_id": world["code_version"].pk,
    }

    def value(match):
        name = match.group(2)
        assert name in samples, f"The permission matrix has no sample for URL argument {name!r}: add one."
        return str(samples[name])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def test_every_back_office_page_is_behind_the_staff_gate():
    ungated = [name for _route, name, callback in staff_urls() if not hasattr(callback, "staff_permission")]
    assert ungated == [], f"Pages without @staff_page and not listed as public: {ungated}"


def test_anonymous_visitors_are_sent_to_login(world, client):
    for route, name, _callback in staff_urls():
        url = fill(route, world)
        response = client.post(url) if name in POST_ONLY else client.get(url)
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith("/staff/login/"), url


# Pages that change what a whole province shares: the permission must be held at the province, not at a commune.
HELD_AT_THE_PROVINCE = {"workdays:override-remove"}


def test_each_role_gets_each_page_only_with_its_permission(world):
    for role, holder in world["holders"].items():
        client = logged_in_client(holder)
        for route, name, callback in staff_urls():
            if name in POST_ONLY:
                continue  # actions, not pages: each is tried by the tests of its module
            url = fill(route, world)
            status = client.get(url).status_code
            allowed = 404 if name in NEEDS_A_STEP else 200
            permitted = role in roles_for(callback.staff_permission)
            if name in HELD_AT_THE_PROVINCE:
                permitted = permitted and role == Role.SUPERVISOR  # the only holder granted at the province
            expected = allowed if permitted else 403
            assert status == expected, (role, url, status)


def test_staff_of_another_commune_get_not_found_for_its_objects(world):
    client = logged_in_client(world["stranger"])
    for route, name, _callback in staff_urls():
        if "<" not in route or name in {"apitokens:revoke"} | NO_OBJECT_IN_URL:
            continue
        url = fill(route, world)
        response = client.post(url) if name in POST_ONLY else client.get(url)
        assert response.status_code == 404, url


def api_operations():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield method, path, operation


def fill_api(path: str, world, commune) -> str:
    member = world["holders"][Role.DESK_OFFICER] if commune == world["home"] else world["stranger"]
    samples = {"commune_id": commune.pk, "staff_id": member.pk, "unit_id": province_of(commune.unit).pk}
    if "{dossier_id}" in path:
        # A dossier of the first commune received for this call alone: a step moves it on, and an apology is
        # allowed once, so every role must find it as the desk left it. A procedure with a fee, which is paid once.
        samples["dossier_id"] = dossier_receive_at_desk(
            actor=Actor.system("test"),
            commune=world["home"],
            procedure=Procedure.objects.get(code="CT-03"),
            applicant_name="Nguyễn Thị Lan",
        )[0].pk

    def value(match):
        name = match.group(1)
        assert name in samples, f"The permission matrix has no sample for API argument {name!r}: add one."
        return str(samples[name])

    return re.sub(r"\{(\w+)\}", value, path)


def call(client, method, url, operation, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(url, **headers)
    make_body = SAMPLE_BODIES.get(operation["operationId"])
    assert make_body is not None, f"No sample body for {operation['operationId']}: add one to SAMPLE_BODIES."
    return getattr(client, method)(url, make_body(next(_bodies)), content_type="application/json", **headers)


def test_api_endpoints_refuse_anonymous_callers(world, client):
    protected = [(m, p, op) for m, p, op in api_operations() if op.get("security")]
    assert protected, "no protected endpoint discovered"
    for method, path, operation in protected:
        response = call(client, method, fill_api(path, world, world["home"]), operation)
        assert response.status_code == 401, (method, path)
        assert response.json()["error"]["code"] == "unauthenticated"


@pytest.mark.clock
def test_api_endpoints_check_commune_and_role(world, client):
    system = Actor.system("test")
    for method, path, operation in api_operations():
        if not operation.get("security") or "{" not in path:
            continue
        permission = operation.get("x-permission")
        assert permission, f"{method.upper()} {path} names no permission (openapi_extra=needs(...))"

        _t, stranger_token = api_token_issue(actor=system, staff=world["stranger"], name="t")
        response = call(client, method, fill_api(path, world, world["home"]), operation, stranger_token)
        assert response.status_code == 404, (method, path, "stranger")

        for role, holder in world["holders"].items():
            _t, token = api_token_issue(actor=system, staff=holder, name="t")
            response = call(client, method, fill_api(path, world, world["home"]), operation, token)
            expected = {200, 201} if role in roles_for(permission) else {403}
            if method != "get" and response.status_code == 422:
                pytest.fail(f"sample body for {operation['operationId']} is not valid: {response.json()}")
            assert response.status_code in expected, (method, path, role, response.status_code)
