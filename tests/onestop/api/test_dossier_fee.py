"""The fee through the staff API: given at receipt, shown on the dossier, marked paid."""

from tests.onestop.api.test_dossiers import api_as, post
from tests.onestop.factories import load_catalogue
from vidan.onestop.models import Dossier


def test_the_api_receives_copies_of_an_original_and_marks_their_fee_paid(commune, desk_officer):
    load_catalogue()
    client = api_as(desk_officer)
    response = post(
        client,
        f"/api/v1/communes/{commune.pk}/dossiers",
        {"procedure": "CT-01", "applicant_name": "Lê Văn An", "fee_pages": 2, "fee_copies": 3},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["fee"]["amount"], body["fee"]["status"]) == (12_000, "unpaid")

    paid = post(client, f"/api/v1/dossiers/{body['id']}/fee-payment", {"method": "cash"})
    assert paid.status_code == 200
    assert (paid.json()["fee"]["status"], paid.json()["fee"]["payment_method"]) == ("paid", "cash")

    again = post(client, f"/api/v1/dossiers/{body['id']}/fee-payment", {"method": "cash"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_the_api_names_the_fee_field_at_fault(commune, desk_officer):
    load_catalogue()
    response = post(
        api_as(desk_officer),
        f"/api/v1/communes/{commune.pk}/dossiers",
        {"procedure": "CT-01", "applicant_name": "Lê Văn An"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"fee_pages": ["Hãy nhập số trang của bản chính."]}
    assert not Dossier.objects.exists()
