"""The API tokens' page in the back office: a staff member's own tokens, shown once, revoked by their owner alone."""

from django.test import Client

from tests.conftest import logged_in_client
from tests.factories import make_staff
from vidan.org.models import Role


def test_token_is_shown_once_and_can_be_revoked(desk_officer):
    client = logged_in_client(desk_officer)
    response = client.post("/staff/tokens/", {"name": "Báo cáo", "days": "30", "scope": "read_write"})
    raw = response.context["raw"]
    assert raw.startswith("vd_") and raw in response.content.decode()
    assert raw not in client.get("/staff/tokens/").content.decode()
    token = desk_officer.api_tokens.get()
    client.post(f"/staff/tokens/{token.id}/revoke/")
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_someone_elses_token_cannot_be_revoked(commune, desk_officer):
    other = make_staff(commune, Role.DESK_OFFICER)
    logged_in_client(other).post("/staff/tokens/", {"name": "x", "days": "30", "scope": "read"})
    token = other.api_tokens.get()
    response = logged_in_client(desk_officer).post(f"/staff/tokens/{token.id}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
