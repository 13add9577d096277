"""List pages run the same number of queries whatever their length."""

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import logged_in_client
from tests.factories import SYSTEM, make_department, make_staff
from vidan.api.tokens import api_token_issue
from vidan.audit.services import audit_record
from vidan.org.models import Role
from vidan.org.selectors import province_of
from vidan.workdays import calendar_for


def queries(fetch) -> int:
    """The queries of one request made with every cache empty, so that counts compare whatever was asked before."""
    for each in caches.all():
        each.clear()
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    return len(captured)


def grow(commune, n):
    department = make_department(commune)
    for _ in range(n):
        make_staff(commune, Role.SPECIALIST, department=department)
        audit_record(actor=SYSTEM, action="test.row", commune=commune, data={"n": n})


def test_back_office_lists_do_not_query_per_row(commune):
    leader = make_staff(commune, Role.LEADER)
    client = logged_in_client(leader)
    _t, raw = api_token_issue(actor=SYSTEM, staff=leader, name="t")
    api = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    pages = {
        "directory": lambda: client.get("/staff/people/"),
        "audit": lambda: client.get("/staff/audit/"),
        "api staff": lambda: Client().get(f"/api/v1/communes/{commune.id}/staff", **api),
        "api audit": lambda: Client().get(f"/api/v1/communes/{commune.id}/audit", **api),
    }
    Client().get("/api/v1/me", **api)  # the token's first use of the minute writes its last-use time
    grow(commune, 2)
    few = {name: queries(fetch) for name, fetch in pages.items()}
    grow(commune, 20)
    many = {name: queries(fetch) for name, fetch in pages.items()}
    assert many == few


def test_public_lists_do_not_query_per_row(commune, django_assert_max_num_queries):
    grow(commune, 25)
    calendar_for(province_of(commune.unit).code)  # the footer's office hours: loaded once per process
    with django_assert_max_num_queries(3):
        assert Client().get(f"/xa/{commune.slug}/can-bo/").status_code == 200
    with django_assert_max_num_queries(2):
        assert Client().get("/", {"q": "thuan"}).status_code == 200
