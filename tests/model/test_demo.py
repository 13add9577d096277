"""The model in the demo: Thuận Hóa's launch as the news report tells it, three departments' commitments signed,
one approved quarter; the eight neighbours launched before it, in their order."""

from io import StringIO

import pytest
from django.utils import timezone

from tests.factories import PASSWORD
from vidan.audit.verify import audit_verify
from vidan.model.models import Assessment, AssessmentStatus, Commitment, CommitmentStatus, Launch
from vidan.model.rollout import default_day, last_period_ended, rollout
from vidan.org.demo import demo_build
from vidan.org.models import DepartmentKind

pytestmark = pytest.mark.django_db


def test_the_demo_launches_thuan_hoa_ninth_with_three_signed_commitments_and_an_approved_quarter():
    demo_build(password=PASSWORD, stdout=StringIO())
    launches = list(Launch.objects.select_related("commune").order_by("held_on"))
    assert [launch.commune.slug for launch in launches][-1] == "thuan-hoa"
    assert [launch.commune.model_sequence for launch in launches] == list(range(1, 10))
    thuan_hoa = launches[-1]
    positions = [a.position for a in thuan_hoa.attendees.all()]
    assert "Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Huyện ủy" in positions
    assert thuan_hoa.framework.publisher.name == "Tuyên Hóa"
    assert {f.role for f in thuan_hoa.files.all()} == {"document", "photo"}
    signed = Commitment.objects.filter(commune=thuan_hoa.commune, status=CommitmentStatus.SIGNED)
    assert {c.department.kind for c in signed} == {
        DepartmentKind.ONE_STOP,
        DepartmentKind.POLICE,
        DepartmentKind.MILITARY,
    }
    assert all(c.files.filter(role="scan").exists() for c in signed)
    assessment = Assessment.objects.get(commune=thuan_hoa.commune)
    assert assessment.status == AssessmentStatus.APPROVED and assessment.total_score is not None
    assert assessment.reviewed_by.username == "giamsat.tuyenhoa"
    computed = assessment.values.filter(indicator__source="computed", indicator__indicator_key="onestop.received")
    assert computed.get().value > 0  # the demo's dossiers of that quarter, counted when it was submitted
    assert audit_verify().ok


def test_the_demo_rollout_shows_thuan_hoa_ninth_and_the_neighbours_scores():
    demo_build(password=PASSWORD, stdout=StringIO())
    district = Launch.objects.select_related("commune__unit__parent").get(commune__slug="thuan-hoa").commune.unit.parent
    start, end = last_period_ended(timezone.localdate(), 3)
    seen = rollout(district, day=default_day(district, timezone.localdate()), start=start, end=end)
    assert [row.commune.slug for row in seen.rows][-1] == "thuan-hoa" and seen.rows[-1].order == 9
    assert seen.rows[-1].scores.state == "approved"
    # the neighbours' provisional scores come from their own dossiers, and differ
    neighbours = [row.scores.total for row in seen.rows[:-1]]
    assert all(total is not None for total in neighbours) and len(set(neighbours)) > 1
