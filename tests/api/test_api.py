from django.test import Client

from tests.factories import SYSTEM, make_department, make_staff
from vidan.api.tokens import api_token_issue, api_token_revoke
from vidan.audit.models import AuditEntry
from vidan.org.models import Department, Role


def bearer(staff) -> dict:
    _token, raw = api_token_issue(actor=SYSTEM, staff=staff, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_me_lists_the_communes_and_roles_of_the_token_owner(desk_officer, commune):
    response = Client().get("/api/v1/me", **bearer(desk_officer))
    assert response.status_code == 200
    assert response.json()["communes"] == [{"id": commune.id, "name": commune.name, "roles": ["desk_officer"]}]


def test_admin_adds_a_department(commune):
    admin = make_staff(commune, Role.ADMIN)
    response = Client().post(
        f"/api/v1/communes/{commune.id}/departments",
        {"kind": "police", "name": "Công an xã"},
        content_type="application/json",
        **bearer(admin),
    )
    assert response.status_code == 201
    department = Department.objects.get(pk=response.json()["id"])
    assert (department.commune, department.name) == (commune, "Công an xã")
    assert AuditEntry.objects.filter(action="org.department.create", object_id=str(department.pk)).exists()


def test_malformed_body_gets_structured_error_and_changes_nothing(commune):
    admin = make_staff(commune, Role.ADMIN)
    before = Department.objects.count()
    response = Client().post(
        f"/api/v1/communes/{commune.id}/departments", "{not json", content_type="application/json", **bearer(admin)
    )
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == {"code": "malformed", "message": "Nội dung yêu cầu không phải JSON hợp lệ.", "fields": {}}
    assert Department.objects.count() == before


def test_invalid_fields_are_named(commune):
    admin = make_staff(commune, Role.ADMIN)
    response = Client().post(
        f"/api/v1/communes/{commune.id}/departments",
        {"kind": "spaceport", "name": ""},
        content_type="application/json",
        **bearer(admin),
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"kind", "name"}


def test_duplicate_department_is_refused_with_the_field(commune):
    admin = make_staff(commune, Role.ADMIN)
    make_department(commune, name="Công an xã")
    response = Client().post(
        f"/api/v1/communes/{commune.id}/departments",
        {"kind": "police", "name": "Công an xã"},
        content_type="application/json",
        **bearer(admin),
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert Department.objects.filter(commune=commune, name="Công an xã").count() == 1


def test_forged_commune_id_from_another_commune_is_not_found(commune, other_commune):
    admin = make_staff(commune, Role.ADMIN)
    before = Department.objects.count()
    response = Client().post(
        f"/api/v1/communes/{other_commune.id}/departments",
        {"kind": "police", "name": "Công an xã"},
        content_type="application/json",
        **bearer(admin),
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert Department.objects.count() == before


def test_revoked_and_unknown_tokens_are_refused(desk_officer):
    token, raw = api_token_issue(actor=SYSTEM, staff=desk_officer, name="test")
    api_token_revoke(actor=SYSTEM, token=token)
    for header in (f"Bearer {raw}", "Bearer vd_nope", "Basic abc"):
        response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"


def test_viewing_personal_details_is_audited(commune, desk_officer):
    leader = make_staff(commune, Role.LEADER)
    response = Client().get(f"/api/v1/staff/{desk_officer.id}", **bearer(leader))
    assert response.status_code == 200
    assert response.json()["username"] == desk_officer.username
    assert AuditEntry.objects.filter(
        action="org.staff.view_personal", actor=leader, object_id=str(desk_officer.pk)
    ).exists()


def test_public_units_are_searchable_without_accents(commune):
    response = Client().get("/api/v1/units", {"q": "thuan hoa", "level": "commune"})
    assert response.status_code == 200
    assert [unit["name"] for unit in response.json()] == ["Thuận Hóa"]


def test_bad_query_parameter_is_a_structured_error(db):
    response = Client().get("/api/v1/units", {"level": "galaxy", "limit": "many"})
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"level", "limit"}


def test_openapi_document_is_published(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/communes/{commune_id}/departments" in response.json()["paths"]
    assert Client().get("/api/docs").status_code == 200


def test_each_answer_has_its_own_schema_in_the_openapi_document(db):
    # Two schemas of one name would be one entry, and a client generated from the document would get one wrong
    document = Client().get("/api/openapi.json").json()

    def answer(path, method="get"):
        ref = document["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        return ref, document["components"]["schemas"][ref.rsplit("/", 1)[1]]

    public_ref, public = answer("/api/v1/dossiers/lookup")
    staff_ref, staff = answer("/api/v1/dossiers/{dossier_id}")
    assert public_ref != staff_ref
    assert "actions" in staff["properties"] and "actions" not in public["properties"]


def test_unknown_api_path_answers_in_json(db):
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_english_callers_get_english_errors(db):
    response = Client().get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["error"]["message"] == "A valid staff API token is required."


def test_the_same_department_typed_in_decomposed_unicode_is_a_duplicate(commune):
    import unicodedata

    admin = make_staff(commune, Role.ADMIN)
    make_department(commune, name="Công an xã")
    response = Client().post(
        f"/api/v1/communes/{commune.id}/departments",
        {"kind": "police", "name": unicodedata.normalize("NFD", "Công an xã")},
        content_type="application/json",
        **bearer(admin),
    )
    assert response.status_code == 422
