"""GET /api/v1/procedures/{code}/fee: public, the catalogue's rule, structured errors."""

from django.test import Client

from tests.onestop.factories import load_catalogue


def test_anyone_gets_the_fee_of_copies_of_an_original_without_a_token(db):
    load_catalogue()
    response = Client().get("/api/v1/procedures/CT-01/fee", {"pages": 2, "copies": 3})
    assert response.status_code == 200
    assert response.json()["fee"] == 12_000


def test_the_online_fee_of_a_residence_registration_is_the_online_rate(db):
    load_catalogue()
    desk = Client().get("/api/v1/procedures/CT-04/fee").json()["fee"]
    online = Client().get("/api/v1/procedures/CT-04/fee", {"online": "true"}).json()["fee"]
    assert (desk, online) == (20_000, 10_000)


def test_bad_input_and_an_unknown_code_get_structured_json_errors(db):
    load_catalogue()
    missing = Client().get("/api/v1/procedures/CT-01/fee")
    assert missing.status_code == 400
    assert missing.json()["error"]["fields"] == {"pages": ["Hãy nhập số trang của bản chính."]}

    bad = Client().get("/api/v1/procedures/CT-01/fee", {"pages": "hai", "copies": 0})
    assert bad.status_code == 422
    assert set(bad.json()["error"]["fields"]) == {"pages", "copies"}

    unknown = Client().get("/api/v1/procedures/KHONG-CO/fee", {"pages": 1})
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "not_found"


def test_the_fee_operation_is_documented_as_public(db):
    operation = Client().get("/api/openapi.json").json()["paths"]["/api/v1/procedures/{code}/fee"]["get"]
    assert not operation.get("security")
    assert {p["name"] for p in operation["parameters"]} >= {"code", "pages", "copies", "online"}
