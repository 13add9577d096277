"""The gate of the back office: what it lets through is never kept by a browser or a proxy."""

from tests.conftest import logged_in_client
from tests.onestop.factories import received


def test_back_office_answers_are_not_stored(catalogue, commune, desk_officer):
    dossier = received(desk_officer, commune)
    client = logged_in_client(desk_officer)
    answers = {
        "page": client.get("/staff/people/"),
        "dossier": client.get(f"/staff/ho-so/{dossier.pk}/"),
        "form 01": client.get(f"/staff/ho-so/{dossier.pk}/mau-01.pdf"),
        "not allowed": client.get("/staff/audit/"),
        "htmx rows": client.get("/staff/ho-so/", HTTP_HX_REQUEST="true"),
    }
    for name, response in answers.items():
        assert response.status_code in (200, 403), name
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], name
    # the public site's pages may be cached as before
    assert "no-store" not in client.get(f"/xa/{commune.slug}/").get("Cache-Control", "")
