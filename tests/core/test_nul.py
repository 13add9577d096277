"""A NUL character in what a request sends (PostgreSQL cannot store or compare it) is refused with a clear
message, on the public site, in the back office and in the API, and nothing is written."""

import json

from django.test import Client

from tests.conftest import logged_in_client
from tests.factories import SYSTEM
from vidan.api.tokens import api_token_issue
from vidan.onestop.models import Dossier

MESSAGE = "Yêu cầu có ký tự NUL (mã 0), không thể xử lý; hãy gõ lại nội dung."


def test_a_nul_in_a_search_is_refused_on_the_pages(commune, desk_officer):
    public = Client().get("/", {"q": "thu\x00an"})
    assert public.status_code == 400 and MESSAGE in public.content.decode()
    staff = logged_in_client(desk_officer).get("/staff/people/", {"q": "lan\x00"})
    assert staff.status_code == 400 and MESSAGE in staff.content.decode()
    form = logged_in_client(desk_officer).post("/staff/tokens/", {"name": "bao\x00cao"})
    assert form.status_code == 400 and not desk_officer.api_tokens.exists()


def test_a_nul_in_the_api_is_refused_with_the_field(catalogue, commune, desk_officer):
    _token, raw = api_token_issue(actor=SYSTEM, staff=desk_officer, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    search = api.get(f"/api/v1/communes/{commune.id}/dossiers", {"q": "\x00"})
    assert search.status_code == 400 and search.json()["error"]["code"] == "malformed"
    body = {"procedure": "HT-04", "applicant_name": "Nguyễn\x00 Lan", "applicant_phone": "0912345678"}
    response = api.post(f"/api/v1/communes/{commune.id}/dossiers", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == {"code": "malformed", "message": MESSAGE, "fields": {}}
    assert not Dossier.objects.exists()


def test_a_multipart_body_without_its_boundary_is_a_bad_request_not_a_server_error(catalogue, commune, desk_officer):
    _token, raw = api_token_issue(actor=SYSTEM, staff=desk_officer, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", raise_request_exception=False)
    response = api.post(f"/api/v1/communes/{commune.id}/dossiers", b"--x\r\n", content_type="multipart/form-data")
    page = Client(raise_request_exception=False).post(
        f"/xa/{commune.slug}/nop-ho-so/HT-01/", b"--x\r\n", content_type="multipart/form-data"
    )
    assert response.status_code == 400 and page.status_code == 400
    assert not Dossier.objects.exists()
