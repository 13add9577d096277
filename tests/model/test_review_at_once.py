"""Two supervisors decide on the same self-assessment at the same moment: exactly one decision is taken, the
other is refused with what happened; and the model's list pages read a bounded number of queries."""

import threading
from datetime import date, datetime

import pytest
from django.db import connection

from tests.conftest import logged_in_client
from tests.factories import actor_of, make_commune, make_department, make_staff
from tests.model.factories import checked_pdf, make_framework, make_launch
from vidan.core.errors import Conflict
from vidan.model.assessments import assessment_review, assessment_save, assessment_start, assessment_submit
from vidan.model.commitments import Signer, commitment_draft
from vidan.model.models import AssessmentStatus, Source
from vidan.org.models import Role
from vidan.org.selectors import province_of
from vidan.workdays.calendar import VIETNAM


def _submitted(commune, day=date(2025, 11, 1)):
    leader = actor_of(make_staff(commune, Role.LEADER))
    assessment = assessment_start(actor=leader, commune=commune, period_day=day)
    declared = {v.pk: ("1", "") for v in assessment.values.all() if v.indicator.source == Source.DECLARED}
    assessment = assessment_save(
        actor=leader,
        assessment=assessment,
        expected_status=None,
        declared=declared,
        comments={},
        evidence={pk: [checked_pdf()] for pk in declared},
    )
    return assessment_submit(actor=leader, assessment=assessment, expected_status="draft")


def _decide(actor, assessment, decision, results, barrier):
    try:
        barrier.wait()
        assessment_review(
            actor=actor, assessment=assessment, expected_status="submitted", decision=decision, comment="Lý do"
        )
        results.append(decision)
    except Conflict as conflict:
        results.append(conflict)
    finally:
        connection.close()


@pytest.mark.clock(datetime(2026, 3, 10, 9, 30, tzinfo=VIETNAM))
@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_return_at_the_same_moment_take_exactly_one_decision(clock):
    commune = make_commune(name="Thuận Hóa")
    make_framework(commune)
    make_launch(commune)
    assessment = _submitted(commune)
    province = province_of(commune.unit)
    one, two = (actor_of(make_staff(None, Role.SUPERVISOR, unit=province)) for _ in range(2))
    results, barrier = [], threading.Barrier(2)
    threads = [
        threading.Thread(target=_decide, args=(one, assessment, "approve", results, barrier)),
        threading.Thread(target=_decide, args=(two, assessment, "return", results, barrier)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    taken = [r for r in results if isinstance(r, str)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(taken) == 1 and len(refused) == 1
    assessment.refresh_from_db()
    assert assessment.status == {"approve": AssessmentStatus.APPROVED, "return": AssessmentStatus.RETURNED}[taken[0]]
    assert assessment.events.filter(action__in=["approve", "return"]).count() == 1


@pytest.mark.clock(datetime(2026, 3, 10, 9, 30, tzinfo=VIETNAM))
def test_the_list_pages_do_not_query_per_row(clock, db, django_assert_max_num_queries):
    province = None
    communes = []
    for n in range(3):
        commune = make_commune(name=f"Xã {n}", province=province)
        province = province or province_of(commune.unit)
        communes.append(commune)
    make_framework(communes[0], publisher=province)
    for commune in communes:
        make_launch(commune)
        _submitted(commune)
    home = communes[0]
    leader = make_staff(home, Role.LEADER)
    for n in range(6):
        department = make_department(home, name=f"Bộ phận {n}")
        commitment_draft(actor=actor_of(leader), department=department, items=["Một"], signers=[Signer("A", "B")])
    supervisor = make_staff(None, Role.SUPERVISOR, unit=province)
    client, reviewer = logged_in_client(leader), logged_in_client(supervisor)
    client.get("/staff/mo-hinh/bo-phan/")  # the session's first page reads the actor's roles once
    reviewer.get("/staff/mo-hinh/duyet/")
    with django_assert_max_num_queries(12):
        assert client.get("/staff/mo-hinh/bo-phan/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/staff/mo-hinh/tu-danh-gia/").status_code == 200
    with django_assert_max_num_queries(12):
        page = reviewer.get("/staff/mo-hinh/duyet/")
    assert page.content.decode().count("Quý 4/2025") == 3
