"""The desk's figures for a period, as form 06 and the unit's evaluation count them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import logged_in_client
from tests.factories import actor_of, make_staff
from tests.onestop.factories import load_catalogue
from vidan.onestop.models import Dossier, DossierStatus, Procedure
from vidan.onestop.services import dossier_receive_at_desk
from vidan.onestop.statistics import dossier_statistics
from vidan.org.models import Role

# Each test receives dossiers now and asks for today's figures: they hold on any day.
pytestmark = pytest.mark.clock


def make(commune, desk, code, n):
    procedure = Procedure.objects.get(code=code)
    return [
        dossier_receive_at_desk(actor=actor_of(desk), commune=commune, procedure=procedure, applicant_name="X")[0]
        for _ in range(n)
    ]


def test_on_time_late_and_in_progress_are_counted_per_department_and_procedure(commune):
    load_catalogue()
    desk = make_staff(commune, Role.DESK_OFFICER)
    guardianship = make(commune, desk, "HT-04", 5)  # justice
    residence = make(commune, desk, "CT-04", 3)  # police
    now = timezone.now()
    ids = lambda rows: [d.pk for d in rows]  # noqa: E731
    Dossier.objects.filter(pk__in=ids(guardianship[:2])).update(
        status=DossierStatus.RETURNED, finished_at=F("due_at") - timedelta(hours=2)
    )
    Dossier.objects.filter(pk__in=ids(guardianship[2:3])).update(
        status=DossierStatus.RETURNED, finished_at=F("due_at") + timedelta(days=1)
    )
    Dossier.objects.filter(pk__in=ids(guardianship[3:4])).update(due_at=now - timedelta(hours=1))
    Dossier.objects.filter(pk__in=ids(residence[:1])).update(status=DossierStatus.WITHDRAWN)

    stats = dossier_statistics(commune=commune, date_from=timezone.localdate(), date_to=timezone.localdate())

    total = stats.total
    assert (total.received, total.done_on_time, total.done_late, total.open_late) == (8, 2, 1, 1)
    assert (total.open_on_time, total.closed_without_result) == (3, 1)
    assert round(total.on_time_rate, 3) == round(2 / 3, 3)
    by_department = {row.label: row.figures.received for row in stats.by_department}
    assert by_department == {"Tư pháp – Hộ tịch": 5, "Công an xã": 3}
    assert {row.label for row in stats.by_procedure} == {"Đăng ký giám hộ", "Đăng ký thường trú"}


def test_the_page_shows_the_figures_in_the_same_queries_whatever_the_dossiers(commune):
    load_catalogue()
    leader = make_staff(commune, Role.LEADER)
    client = logged_in_client(leader)
    today = timezone.localdate().isoformat()
    client.get("/staff/ho-so/thong-ke/", {"tu": today, "den": today})
    make(commune, make_staff(commune, Role.DESK_OFFICER), "HT-04", 2)
    with CaptureQueriesContext(connection) as few:
        client.get("/staff/ho-so/thong-ke/", {"tu": today, "den": today})
    make(commune, make_staff(commune, Role.DESK_OFFICER), "CT-04", 20)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/staff/ho-so/thong-ke/", {"tu": today, "den": today})
    assert len(many) == len(few)
    assert "Đăng ký thường trú" in response.content.decode()
    bad = client.get("/staff/ho-so/thong-ke/", {"tu": today, "den": "2020-01-01"})
    assert "Ngày bắt đầu sau ngày kết thúc." in bad.content.decode()
