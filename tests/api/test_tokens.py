"""API tokens expire, and a read-only token only reads: chosen when the token is issued (back office, command),
refused with the API's structured errors afterwards."""

import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from tests.conftest import logged_in_client
from tests.factories import SYSTEM, make_staff
from vidan.api.models import ApiToken
from vidan.api.tokens import api_token_issue
from vidan.core.errors import FieldsRefused
from vidan.org.models import Department, Role


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.clock
def test_a_token_is_refused_as_expired_once_its_days_are_over(clock, desk_officer):
    # Given a token issued for 30 days
    _token, raw = api_token_issue(actor=SYSTEM, staff=desk_officer, name="report", days=30)
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 200

    # When the 30 days are over
    clock.shift(timedelta(days=30, seconds=1))
    response = Client().get("/api/v1/me", **bearer(raw))

    # Then it is refused, and the error says it expired (not that it is unknown)
    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "token_expired",
        "message": "Khóa API này đã hết hạn; hãy cấp khóa mới trong trang quản trị (Khóa API).",
        "fields": {},
    }


@pytest.mark.clock
def test_a_token_without_a_chosen_life_gets_the_default(clock, desk_officer, settings):
    settings.VIDAN_API_TOKEN_DAYS = 90

    token, _raw = api_token_issue(actor=SYSTEM, staff=desk_officer, name="report")

    assert abs(token.expires_at - token.created_at - timedelta(days=90)) < timedelta(seconds=5)
    assert token.scope == ApiToken.Scope.READ_WRITE


def test_a_life_longer_than_the_maximum_is_refused(desk_officer, settings):
    settings.VIDAN_API_TOKEN_MAX_DAYS = 365

    for days in (0, 366):
        with pytest.raises(FieldsRefused) as refused:
            api_token_issue(actor=SYSTEM, staff=desk_officer, name="report", days=days)
        assert set(refused.value.fields) == {"days"}
    assert not ApiToken.objects.exists()


def test_a_read_only_token_reads_but_every_write_is_refused(commune):
    admin = make_staff(commune, Role.ADMIN)
    _token, raw = api_token_issue(actor=SYSTEM, staff=admin, name="dashboard", scope=ApiToken.Scope.READ)

    # It reads
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 200
    assert Client().get(f"/api/v1/communes/{commune.id}/departments", **bearer(raw)).status_code == 200

    # But a write is refused before anything is done, with the reason
    response = Client().post(
        f"/api/v1/communes/{commune.id}/departments",
        {"kind": "police", "name": "Công an xã"},
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "read_only_token"
    assert response.json()["error"]["message"] == "Khóa API này chỉ được đọc: không thể thay đổi dữ liệu."
    assert not Department.objects.filter(name="Công an xã").exists()


def test_a_read_and_write_token_still_writes(commune):
    admin = make_staff(commune, Role.ADMIN)
    _token, raw = api_token_issue(actor=SYSTEM, staff=admin, name="sync")

    response = Client().post(
        f"/api/v1/communes/{commune.id}/departments",
        {"kind": "police", "name": "Công an xã"},
        content_type="application/json",
        **bearer(raw),
    )

    assert response.status_code == 201


@pytest.mark.clock
def test_the_officer_chooses_the_life_and_the_scope_and_sees_them(clock, desk_officer):
    client = logged_in_client(desk_officer)

    # The form offers the default life and the read-only scope first
    page = client.get("/staff/tokens/").content.decode()
    assert 'name="days"' in page and 'value="90"' in page
    assert re.search(r'value="read"[^>]*checked', page)

    # When she issues a read-only token for 30 days
    response = client.post("/staff/tokens/", {"name": "Báo cáo", "days": "30", "scope": "read"})

    # Then it is stored so, and the page says so next to the token shown once
    token = desk_officer.api_tokens.get()
    assert token.scope == ApiToken.Scope.READ
    assert timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= timedelta(days=30)
    shown = response.content.decode()
    expires = timezone.localtime(token.expires_at).strftime("%d/%m/%Y %H:%M")
    assert f"Phạm vi: Chỉ đọc. Có hiệu lực đến {expires}." in shown
    assert "Chỉ đọc" in client.get("/staff/tokens/").content.decode()

    # And once its days are over, the list says it expired
    clock.shift(timedelta(days=31))
    listed = logged_in_client(desk_officer).get("/staff/tokens/").content.decode()
    assert "Đã hết hạn" in listed


def test_a_life_over_the_maximum_is_refused_on_the_page(desk_officer, settings):
    settings.VIDAN_API_TOKEN_MAX_DAYS = 365

    response = logged_in_client(desk_officer).post(
        "/staff/tokens/", {"name": "Báo cáo", "days": "1000", "scope": "read_write"}
    )

    assert response.status_code == 200
    assert "365" in response.context["form"].errors["days"][0]
    assert not ApiToken.objects.exists()


def test_the_command_issues_a_read_only_token_for_the_days_asked(desk_officer, capsys):
    call_command("token", "issue", desk_officer.username, "--name", "export", "--days", "7", "--read-only")

    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(staff=desk_officer)
    assert raw.startswith("vd_") and token.prefix == raw[:10]
    assert token.scope == ApiToken.Scope.READ
    assert timedelta(days=6, hours=23) < token.expires_at - timezone.now() <= timedelta(days=7)


def test_the_command_refuses_a_life_over_the_maximum(desk_officer, settings):
    settings.VIDAN_API_TOKEN_MAX_DAYS = 365

    with pytest.raises(CommandError, match="365"):
        call_command("token", "issue", desk_officer.username, "--days", "400")
    assert not ApiToken.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_tokens_issued_before_expiry_existed_keep_working_for_a_year():
    # Given a token issued before tokens had an expiry and a scope
    executor = MigrationExecutor(connection)
    executor.migrate([("api", "0002_initial")])
    old_apps = executor.loader.project_state([("api", "0002_initial")]).apps
    staff = old_apps.get_model("org", "Staff").objects.create(username="old-script", password="!")
    old_apps.get_model("api", "ApiToken").objects.create(staff_id=staff.pk, name="old", prefix="vd_old", digest="x")

    # When the database is migrated
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    # Then the token reads and writes as before, and expires a year from the migration
    token = ApiToken.objects.get(name="old")
    assert token.scope == ApiToken.Scope.READ_WRITE
    assert timedelta(days=364) < token.expires_at - timezone.now() <= timedelta(days=365)
