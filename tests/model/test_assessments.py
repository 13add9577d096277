"""The self-assessment's workflow: opened, filled in, submitted (computed values frozen), returned once with a
reason, corrected, resubmitted, approved; and every step the table does not allow refused with its message."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.factories import SYSTEM, actor_of, make_commune, make_department, make_staff, make_unit
from tests.model.factories import checked_pdf, make_framework, make_launch
from tests.onestop.factories import load_catalogue, received
from vidan.audit.models import AuditEntry
from vidan.core.errors import Conflict, FieldsRefused, NotFound, PermissionDenied
from vidan.model.access import access_assessment
from vidan.model.assessments import assessment_review, assessment_save, assessment_start, assessment_submit
from vidan.model.models import AssessmentStatus, Source
from vidan.org.models import Role, UnitLevel
from vidan.org.selectors import province_of
from vidan.workdays.calendar import VIETNAM

pytestmark = pytest.mark.clock


@pytest.fixture
def world(clock, commune):
    """Thuận Hóa under its province's framework, launched on 20/03/2025; its leader; the province's supervisor."""
    make_framework(commune)
    make_launch(commune)
    province = province_of(commune.unit)
    return {
        "commune": commune,
        "leader": actor_of(make_staff(commune, Role.LEADER)),
        "supervisor": actor_of(make_staff(None, Role.SUPERVISOR, unit=province, full_name="Dương Thị Hải Yến")),
        "province": province,
    }


def _fill(assessment, actor, *, overrides=None, evidence=True):
    values = list(assessment.values.select_related("indicator"))
    declared = {v.pk: ("100", "Theo báo cáo") for v in values if v.indicator.source == Source.DECLARED}
    declared.update(overrides or {})
    files = {v: [checked_pdf()] for v in declared} if evidence else {}
    return assessment_save(
        actor=actor, assessment=assessment, expected_status=None, declared=declared, comments={1: "Tốt"}, evidence=files
    )


def test_the_commune_submits_the_supervisor_returns_it_once_then_approves(world):
    leader, supervisor = world["leader"], world["supervisor"]
    # Given the self-assessment of the last quarter of 2025, filled in with a declared value too high by mistake
    assessment = assessment_start(actor=leader, commune=world["commune"], period_day=date(2025, 11, 5))
    assert (assessment.period_start, assessment.period_end) == (date(2025, 10, 1), date(2025, 12, 31))
    assessment = _fill(assessment, leader)
    # When it is submitted
    assessment = assessment_submit(actor=leader, assessment=assessment, expected_status="draft")
    assert assessment.status == AssessmentStatus.SUBMITTED
    # And the supervisor returns it with a reason
    assessment = assessment_review(
        actor=supervisor, assessment=assessment, expected_status="submitted", decision="return", comment="Thiếu số liệu"
    )
    assert assessment.status == AssessmentStatus.RETURNED and assessment.return_reason == "Thiếu số liệu"
    # Then the commune corrects it and submits it again, and the supervisor approves
    phan_anh = assessment.values.get(indicator__code="phan-anh")
    assessment = assessment_save(
        actor=leader,
        assessment=assessment,
        expected_status="returned",
        declared={phan_anh.pk: ("2", "Hai phản ánh")},
        comments={},
    )
    assessment = assessment_submit(actor=leader, assessment=assessment, expected_status="returned")
    assessment = assessment_review(
        actor=supervisor, assessment=assessment, expected_status="submitted", decision="approve", comment="Đạt"
    )
    assert assessment.status == AssessmentStatus.APPROVED
    # Scores: declared 100 of 2 meetings → 100; 100 % → 100 twice; 2 complaints for a target of 0 → 0; on-time
    # unknown (no dossier) → criterion 2 has no score. Total over four criteria of 20: (100+100+100+0)/4 = 75.
    assert assessment.total_score == Decimal("75.0")
    assert [e.action for e in assessment.events.order_by("at", "id")] == [
        "start",
        "submit",
        "return",
        "submit",
        "approve",
    ]
    actions = list(AuditEntry.objects.filter(object_id=str(assessment.pk)).values_list("action", flat=True))
    for action in ("start", "save", "submit", "return", "approve"):
        assert f"model.assessment.{action}" in actions


def test_computed_values_are_frozen_at_submission_with_how_they_were_computed(world, clock):
    leader = world["leader"]
    commune = world["commune"]
    load_catalogue()
    desk = make_staff(commune, Role.DESK_OFFICER, department=make_department(commune))
    # Given three dossiers received in November 2025, and one in January 2026 (outside the period)
    clock.move_to(datetime(2025, 11, 4, 9, 0, tzinfo=VIETNAM))
    for _ in range(3):
        received(desk, commune)
    clock.move_to(datetime(2026, 1, 6, 9, 0, tzinfo=VIETNAM))
    received(desk, commune)
    clock.move_to(datetime(2026, 3, 10, 9, 30, tzinfo=VIETNAM))
    framework = make_framework(
        commune,
        valid_from=date(2025, 6, 1),
        indicators=[
            {"criterion": n, "code": f"c{n}", "label": f"Tiêu chí {n}", "unit": "count", "weight": 1, "target": 1,
             "direction": "higher", "source": "computed", "indicator_key": "onestop.received"}
            for n in range(1, 6)
        ],
    )  # fmt: skip
    assessment = assessment_start(actor=leader, commune=commune, period_day=date(2025, 12, 1))
    assert assessment.framework == framework
    # When it is submitted
    assessment = assessment_submit(actor=leader, assessment=assessment, expected_status="draft")
    # Then each value is the count made by hand, with how it was computed
    value = assessment.values.get(indicator__code="c2")
    assert value.value == Decimal("3.00")
    assert "onestop.received" in value.how and "01/10/2025–31/12/2025" in value.how
    assert value.computed_at is not None and value.score == Decimal("100.0")
    # And a dossier received later in the period's span changes nothing that was frozen
    clock.move_to(datetime(2025, 12, 2, 9, 0, tzinfo=VIETNAM))
    received(desk, commune)
    value.refresh_from_db()
    assert value.value == Decimal("3.00")


def test_opening_a_period_is_refused_before_the_launch_in_the_future_and_twice(world):
    leader, commune = world["leader"], world["commune"]
    with pytest.raises(FieldsRefused) as before:
        assessment_start(actor=leader, commune=commune, period_day=date(2024, 12, 1))
    assert "20/03/2025" in before.value.message
    with pytest.raises(FieldsRefused) as future:
        assessment_start(actor=leader, commune=commune, period_day=date(2026, 5, 1))
    assert "chưa bắt đầu" in future.value.message
    assessment_start(actor=leader, commune=commune, period_day=date(2025, 11, 1))
    with pytest.raises(Conflict) as twice:
        assessment_start(actor=leader, commune=commune, period_day=date(2025, 12, 31))
    assert "Quý 4/2025" in twice.value.message


def test_a_commune_that_has_not_launched_cannot_self_assess(clock, other_commune):
    make_framework(other_commune)
    leader = actor_of(make_staff(other_commune, Role.LEADER))
    with pytest.raises(Conflict) as refused:
        assessment_start(actor=leader, commune=other_commune, period_day=date(2025, 11, 1))
    assert "chưa phát động" in refused.value.message


def test_submission_needs_every_declared_value_and_its_evidence_and_the_period_over(world):
    leader, commune = world["leader"], world["commune"]
    assessment = assessment_start(actor=leader, commune=commune, period_day=date(2025, 11, 5))
    with pytest.raises(FieldsRefused) as empty:
        assessment_submit(actor=leader, assessment=assessment, expected_status="draft")
    assert len(empty.value.fields) == 8  # four declared indicators: a value and evidence each
    _fill(assessment, leader, evidence=False)
    with pytest.raises(FieldsRefused) as no_evidence:
        assessment_submit(actor=leader, assessment=assessment, expected_status="draft")
    assert all(key.startswith("evidence-") for key in no_evidence.value.fields)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    current = assessment_start(actor=leader, commune=commune, period_day=date(2026, 3, 1))
    _fill(current, leader)
    with pytest.raises(Conflict) as unfinished:
        assessment_submit(actor=leader, assessment=current, expected_status="draft")
    assert "01/04/2026" in unfinished.value.message


def test_wrong_values_are_refused_together_and_nothing_is_saved(world):
    leader = world["leader"]
    assessment = assessment_start(actor=leader, commune=world["commune"], period_day=date(2025, 11, 5))
    by_code = {v.indicator.code: v for v in assessment.values.select_related("indicator")}
    with pytest.raises(FieldsRefused) as refused:
        assessment_save(
            actor=leader,
            assessment=assessment,
            expected_status="draft",
            declared={
                by_code["tuyen-truyen"].pk: ("ba", ""),
                by_code["cong-khai"].pk: ("120", ""),
                by_code["don-thu"].pk: ("-1", ""),
                by_code["phan-anh"].pk: ("2", ""),
                by_code["dung-han"].pk: ("99", ""),  # computed: never typed in
            },
            comments={},
        )
    assert set(refused.value.fields) == {
        f"value-{by_code[c].pk}" for c in ("tuyen-truyen", "cong-khai", "don-thu", "dung-han")
    }
    assert all(v.value is None for v in assessment.values.all())
    saved = assessment_save(
        actor=leader,
        assessment=assessment,
        expected_status="draft",
        declared={by_code["cong-khai"].pk: ("97,5", "")},
        comments={},
    )
    assert saved.values.get(indicator__code="cong-khai").value == Decimal("97.50")


def test_stale_transitions_are_refused_with_what_happened(world):
    leader, supervisor = world["leader"], world["supervisor"]
    assessment = _fill(assessment_start(actor=leader, commune=world["commune"], period_day=date(2025, 11, 5)), leader)
    assessment = assessment_submit(actor=leader, assessment=assessment, expected_status="draft")
    # Editing after submission
    with pytest.raises(Conflict) as edit:
        assessment_save(actor=leader, assessment=assessment, expected_status="draft", declared={}, comments={1: "x"})
    assert "đã được nộp" in edit.value.message
    # Submitting twice
    with pytest.raises(Conflict):
        assessment_submit(actor=leader, assessment=assessment, expected_status="draft")
    assessment_review(actor=supervisor, assessment=assessment, expected_status="submitted", decision="approve")
    # Approving twice, and returning what was approved
    for decision in ("approve", "return"):
        with pytest.raises(Conflict) as again:
            assessment_review(
                actor=supervisor, assessment=assessment, expected_status="submitted", decision=decision, comment="x"
            )
        assert "đã được phê duyệt" in again.value.message and "Dương Thị Hải Yến" in again.value.message
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPROVED
    assert assessment.events.filter(action="approve").count() == 1


def test_returning_needs_a_reason_and_only_the_supervisor_above_reviews(world):
    leader, supervisor, commune = world["leader"], world["supervisor"], world["commune"]
    assessment = _fill(assessment_start(actor=leader, commune=commune, period_day=date(2025, 11, 5)), leader)
    assessment = assessment_submit(actor=leader, assessment=assessment, expected_status="draft")
    with pytest.raises(FieldsRefused) as no_reason:
        assessment_review(actor=supervisor, assessment=assessment, expected_status="submitted", decision="return")
    assert no_reason.value.field == "comment"
    # The commune's own leader cannot approve itself
    with pytest.raises(PermissionDenied):
        assessment_review(actor=leader, assessment=assessment, expected_status="submitted", decision="approve")
    # A supervisor of another province does not even find it
    elsewhere = make_unit(level=UnitLevel.PROVINCE)
    stranger = actor_of(make_staff(None, Role.SUPERVISOR, unit=elsewhere))
    with pytest.raises(NotFound):
        access_assessment(stranger, assessment.pk, permission="model.review")
    with pytest.raises(PermissionDenied) as stranger_refused:
        assessment_review(actor=stranger, assessment=assessment, expected_status="submitted", decision="approve")
    assert world["province"].name in stranger_refused.value.message
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert not assessment.events.filter(action__in=["approve", "return"]).exists()


def test_a_former_district_that_published_the_framework_reviews_and_the_province_above_it_too(db, clock):
    province = make_unit(level=UnitLevel.PROVINCE)
    district = make_unit(level=UnitLevel.DISTRICT, parent=province)
    commune = make_commune(province=district)
    make_framework(commune, publisher=district)
    make_launch(commune)
    leader = actor_of(make_staff(commune, Role.LEADER))
    for reviewer_unit in (district, province):
        reviewer = actor_of(make_staff(None, Role.SUPERVISOR, unit=reviewer_unit))
        day = date(2025, 8, 1) if reviewer_unit == district else date(2025, 11, 1)
        assessment = _fill(assessment_start(actor=leader, commune=commune, period_day=day), leader)
        assessment = assessment_submit(actor=leader, assessment=assessment, expected_status="draft")
        approved = assessment_review(
            actor=reviewer, assessment=assessment, expected_status="submitted", decision="approve"
        )
        assert approved.status == AssessmentStatus.APPROVED
    # A sibling district's supervisor serves no commune of this one
    sibling = make_unit(level=UnitLevel.DISTRICT, parent=province)
    outsider = actor_of(make_staff(None, Role.SUPERVISOR, unit=sibling))
    assert commune.pk not in outsider.commune_ids
    assert SYSTEM.can("model.review", commune.pk)


def test_a_district_supervisor_below_the_province_that_published_is_refused_by_name(db, clock):
    province = make_unit(level=UnitLevel.PROVINCE)
    district = make_unit(level=UnitLevel.DISTRICT, parent=province)
    commune = make_commune(province=district)
    make_framework(commune, publisher=province)
    make_launch(commune)
    leader = actor_of(make_staff(commune, Role.LEADER))
    assessment = _fill(assessment_start(actor=leader, commune=commune, period_day=date(2025, 11, 1)), leader)
    assessment = assessment_submit(actor=leader, assessment=assessment, expected_status="draft")
    below = actor_of(make_staff(None, Role.SUPERVISOR, unit=district))
    with pytest.raises(PermissionDenied) as refused:
        assessment_review(actor=below, assessment=assessment, expected_status="submitted", decision="approve")
    assert province.name in refused.value.message
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED


def test_every_step_has_a_label_in_the_audit_log():
    from vidan.audit.actions import AUDIT_ACTIONS
    from vidan.model.assessments import STEP_ACTIONS, TRANSITIONS

    assert set(TRANSITIONS) | {"start"} == set(STEP_ACTIONS)
    assert all(code in AUDIT_ACTIONS for code in STEP_ACTIONS.values())
