"""A back-office request finds its staff member and their access in the shared cache, and every change to them
is seen by the next request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import logged_in_client
from tests.factories import SYSTEM, make_staff
from vidan.org.models import Role, RoleGrant
from vidan.org.services import role_revoke

HOME = "/staff/"
NOTICES = "/staff/notices/"  # a page that reads nothing about staff of its own
# The tables the gate reads a staff member's access from.
ACCESS_TABLES = ("org_staff", "org_rolegrant", "org_commune", "otp_totp_totpdevice")


@pytest.fixture
def shared(settings):
    """A cache every process shares (Redis in production; the tests' memory cache is one process's)."""
    settings.VIDAN_SHARED_CACHE = True


def password_only(staff) -> Client:
    """A session that logged in with the password alone (a desk officer needs no second factor)."""
    client = Client()
    client.force_login(staff)
    return client


def access_queries(client, path=NOTICES) -> tuple[int, int]:
    """(status, how many queries read the staff member or their access) of one request."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response.status_code, sum(
        any(f'FROM "{table}"' in query["sql"] for table in ACCESS_TABLES) for query in captured
    )


def test_the_second_request_reads_nothing_about_the_staff_member(shared, desk_officer):
    client = password_only(desk_officer)
    status, first = access_queries(client)
    assert status == 200 and first > 0
    assert access_queries(client) == (200, 0)


def test_without_a_shared_cache_every_request_reads_the_database(desk_officer):
    client = password_only(desk_officer)
    access_queries(client)
    status, again = access_queries(client)
    assert status == 200 and again > 0


def test_a_revoked_role_is_gone_at_the_next_request(shared, desk_officer, django_capture_on_commit_callbacks):
    client = logged_in_client(desk_officer)
    assert client.get("/staff/ho-so/").status_code == 200  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        role_revoke(actor=SYSTEM, grant=RoleGrant.objects.get(staff=desk_officer, role=Role.DESK_OFFICER))
    assert client.get("/staff/ho-so/").status_code == 403


def test_a_new_role_shows_at_the_next_request(shared, commune, django_capture_on_commit_callbacks):
    member = make_staff(commune, Role.SPECIALIST)
    client = logged_in_client(member)
    assert client.get("/staff/ho-so/tiep-nhan/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        RoleGrant.objects.create(staff=member, unit=commune.unit, role=Role.DESK_OFFICER)
    assert client.get("/staff/ho-so/tiep-nhan/").status_code == 200


def test_a_deactivated_account_is_logged_out_at_the_next_request(
    shared, desk_officer, django_capture_on_commit_callbacks
):
    client = logged_in_client(desk_officer)
    assert client.get(HOME).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        desk_officer.is_active = False
        desk_officer.save(update_fields=["is_active"])
    response = client.get(HOME)
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_a_renamed_commune_shows_its_new_name_at_once(
    shared, desk_officer, commune, django_capture_on_commit_callbacks
):
    client = logged_in_client(desk_officer)
    assert "Thuận Hóa" in client.get(HOME).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        unit = commune.unit
        unit.name = "Thuận Hòa Mới"
        unit.save(update_fields=["name"])
    assert "Thuận Hòa Mới" in client.get(HOME).content.decode()


def test_an_authenticator_set_up_elsewhere_asks_for_its_code(shared, desk_officer, django_capture_on_commit_callbacks):
    # A session that logged in with the password alone, before any authenticator existed
    client = password_only(desk_officer)
    assert client.get(HOME).status_code == 200
    # When an authenticator is confirmed for the account
    with django_capture_on_commit_callbacks(execute=True):
        TOTPDevice.objects.create(user=desk_officer, name="phone", confirmed=True)
    # Then that session must give the second factor
    response = client.get(HOME)
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_a_version_the_cache_lost_does_not_bring_an_old_entry_back(
    shared, desk_officer, django_capture_on_commit_callbacks
):
    client = logged_in_client(desk_officer)
    assert client.get("/staff/ho-so/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        role_revoke(actor=SYSTEM, grant=RoleGrant.objects.get(staff=desk_officer, role=Role.DESK_OFFICER))
    # The cache evicts the staff member's version (memory pressure), not the entry read before the revocation
    cache.delete(f"vidan:org:access-version:{desk_officer.pk}")
    assert client.get("/staff/ho-so/").status_code == 403
