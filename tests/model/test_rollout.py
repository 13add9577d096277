"""The rollout below a unit: launch order, scores from submitted self-assessments or else from computed indicators,
ranking, the communes falling behind with the indicator that drags, the tree as of a date; and the computed
values kept ahead by the tick job. Every figure here is worked out by hand in the comments."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import SYSTEM, actor_of, make_staff, make_unit
from tests.model.factories import checked_pdf, make_framework, make_launch
from tests.onestop.factories import load_catalogue, received
from vidan.model.assessments import assessment_review, assessment_save, assessment_start, assessment_submit
from vidan.model.models import IndicatorSnapshot, Source
from vidan.model.rollout import State, default_day, rollout
from vidan.model.snapshots import REFRESH, snapshots_recompute, snapshots_refresh
from vidan.org.indicators import INDICATORS
from vidan.org.models import Role, UnitLevel, UnitSuccession
from vidan.org.services import commune_create, unit_create
from vidan.workdays.calendar import VIETNAM

pytestmark = pytest.mark.clock(datetime(2026, 1, 20, 9, 30, tzinfo=VIETNAM))

Q4 = (date(2025, 10, 1), date(2025, 12, 31))


def commune_in(district, name, *, valid_to=None):
    unit = make_unit(level=UnitLevel.COMMUNE, parent=district, name=name)
    if valid_to:
        unit.valid_to = valid_to
        unit.save(update_fields=["valid_to"])
    slug = f"xa-{unit.code}"
    return commune_create(actor=SYSTEM, unit=unit, slug=slug, agency_code=f"{unit.code[-3:]}.25.31.H44")


def snapshot(commune, value, span=Q4, code="onestop.on_time_rate"):
    IndicatorSnapshot.objects.create(
        commune=commune, code=code, period_start=span[0], period_end=span[1], value=value, computed_at=timezone.now()
    )


@pytest.fixture
def district(clock, db):
    return district_build()


def district_build():
    """A district of a province whose framework (one computed indicator, four declared, criteria of equal weight)
    its communes follow:
    - Kim Hóa launched 01/05/2022 (1st): provisional, on-time rate 49 % against a target of 98 %;
    - Thuận Hóa launched 10/01/2023 (2nd): its Q4/2025 self-assessment approved;
    - Lâm Hóa launched 02/02/2024 (3rd): nothing to score;
    - Sơn Hóa launched 05/01/2026, after the period; Đồng Hóa never; Thạch Hóa merged away on 30/06/2025."""
    province = make_unit(level=UnitLevel.PROVINCE, name="Quảng Bình")
    district = make_unit(level=UnitLevel.DISTRICT, parent=province, name="Tuyên Hóa")
    communes = {name: commune_in(district, name) for name in ("Kim Hóa", "Thuận Hóa", "Lâm Hóa", "Sơn Hóa", "Đồng Hóa")}
    communes["Thạch Hóa"] = commune_in(district, "Thạch Hóa", valid_to=date(2025, 6, 30))
    make_framework(communes["Thuận Hóa"], publisher=province, valid_from=date(2021, 1, 1))
    for name, day in [
        ("Kim Hóa", date(2022, 5, 1)),
        ("Thuận Hóa", date(2023, 1, 10)),
        ("Lâm Hóa", date(2024, 2, 2)),
        ("Sơn Hóa", date(2026, 1, 5)),
        ("Thạch Hóa", date(2021, 9, 1)),
    ]:
        make_launch(communes[name], held_on=day)
    snapshot(communes["Kim Hóa"], Decimal("49"))
    # Thuận Hóa declares 100 everywhere: 100 complaints about manners against a target of 0 scores 0.
    leader = actor_of(make_staff(communes["Thuận Hóa"], Role.LEADER))
    supervisor = actor_of(make_staff(None, Role.SUPERVISOR, unit=province))
    assessment = assessment_start(actor=leader, commune=communes["Thuận Hóa"], period_day=Q4[0])
    values = list(assessment.values.select_related("indicator"))
    declared = {v.pk: ("100", "") for v in values if v.indicator.source == Source.DECLARED}
    assessment = assessment_save(
        actor=leader,
        assessment=assessment,
        expected_status=None,
        declared=declared,
        comments={},
        evidence={pk: [checked_pdf()] for pk in declared},
    )
    assessment = assessment_submit(actor=leader, assessment=assessment, expected_status="draft")
    assessment_review(actor=supervisor, assessment=assessment, expected_status="submitted", decision="approve")
    return district, communes


def test_the_rollout_orders_by_launch_scores_ranks_and_flags_who_falls_behind(district):
    unit, _communes = district
    seen = rollout(unit, day=Q4[1], start=Q4[0], end=Q4[1])
    by_name = {row.commune.name: row for row in seen.rows}

    # The communes of the district on 31/12/2025, in launch order, then those not launched by then
    assert [(row.commune.name, row.order) for row in seen.rows] == [
        ("Kim Hóa", 1), ("Thuận Hóa", 2), ("Lâm Hóa", 3), ("Đồng Hóa", None), ("Sơn Hóa", None),
    ]  # fmt: skip
    # Thuận Hóa: its approved self-assessment. Criteria 1, 3, 4 score 100, criterion 5 scores 0, criterion 2 has
    # no dossier to measure: the total is (100 + 100 + 100 + 0) / 4 = 75
    thuan_hoa = by_name["Thuận Hóa"].scores
    assert thuan_hoa.state == State.APPROVED
    assert thuan_hoa.total == Decimal("75.0")
    assert thuan_hoa.criteria == {1: 100, 2: None, 3: 100, 4: 100, 5: 0}
    # and what drags it is criterion 5's indicator: 100 points of a quarter of the total = 25 points
    assert (thuan_hoa.drag.label, thuan_hoa.drag.criterion, thuan_hoa.drag.points) == (
        "Số phản ánh về thái độ", 5, Decimal("25.0"),
    )  # fmt: skip
    # Kim Hóa: provisional, from its on-time rate alone: 49 / 98 = 50 points, the whole of what can be scored
    kim_hoa = by_name["Kim Hóa"].scores
    assert (kim_hoa.state, kim_hoa.total, kim_hoa.criteria[2]) == (State.PROVISIONAL, Decimal("50.0"), Decimal("50.0"))
    assert (kim_hoa.drag.label, kim_hoa.drag.value, kim_hoa.drag.points) == (
        "Tỷ lệ hồ sơ đúng hạn", Decimal("49.00"), Decimal("50.0"),
    )  # fmt: skip
    # Lâm Hóa has nothing to score; Đồng Hóa and Sơn Hóa had not launched
    assert by_name["Lâm Hóa"].scores.total is None and by_name["Lâm Hóa"].rank is None
    assert by_name["Sơn Hóa"].scores.state == State.NOT_LAUNCHED

    # The mean is (75 + 50) / 2 = 62.5; Kim Hóa is 12.5 points below it: behind, though not below 50
    assert seen.mean_total == Decimal("62.5")
    assert [(row.commune.name, row.rank) for row in seen.ranking] == [("Thuận Hóa", 1), ("Kim Hóa", 2)]
    assert [row.commune.name for row in seen.behind] == ["Kim Hóa"]
    assert by_name["Kim Hóa"].reasons == ["Tổng 50, thấp hơn bình quân 62,5 là 12,5 điểm."]
    # and the criteria's means: criterion 2 only Kim Hóa's 50, criterion 5 only Thuận Hóa's 0
    assert (seen.means[2][-1], seen.means[5][-1]) == (Decimal("50.0"), Decimal("0.0"))
    # Each commune's trend runs over four quarters; before Q4 nothing was computed or assessed
    assert by_name["Thuận Hóa"].trend == [None, None, None, Decimal("75.0")]
    assert [label for label in (seen.label,)] == ["Quý 4/2025"]


def test_the_tree_and_the_launches_are_read_as_of_the_day_asked(district):
    unit, _communes = district
    # On 31/12/2022 Thạch Hóa was still a commune of the district and the first to launch; Thuận Hóa had not yet
    seen = rollout(unit, day=date(2022, 12, 31), start=date(2022, 10, 1), end=date(2022, 12, 31))
    assert [(row.commune.name, row.order) for row in seen.rows if row.order] == [("Thạch Hóa", 1), ("Kim Hóa", 2)]
    assert "Thuận Hóa" in [row.commune.name for row in seen.rows if row.order is None]


def test_a_commune_that_has_submitted_shows_its_submitted_scores_and_one_still_filling_in_is_provisional(district):
    unit, communes = district
    snapshot(communes["Lâm Hóa"], Decimal("98"))
    leader = actor_of(make_staff(communes["Lâm Hóa"], Role.LEADER))
    assessment_start(actor=leader, commune=communes["Lâm Hóa"], period_day=Q4[0])  # a draft: not standing
    row = next(r for r in rollout(unit, day=Q4[1], start=Q4[0], end=Q4[1]).rows if r.commune.name == "Lâm Hóa")
    assert (row.scores.state, row.scores.total, row.scores.drag) == (State.PROVISIONAL, Decimal("100.0"), None)


def test_recomputing_a_period_writes_every_registered_indicator_of_every_commune(district):
    _unit, communes = district
    load_catalogue()
    received(make_staff(communes["Thuận Hóa"], Role.DESK_OFFICER), communes["Thuận Hóa"])  # today, 20/01/2026
    quarter = (date(2026, 1, 1), date(2026, 3, 31))

    assert snapshots_recompute(*quarter) == 6
    kept = IndicatorSnapshot.objects.filter(period_start=quarter[0])
    assert kept.count() == 6 * len(INDICATORS.all())
    assert kept.get(commune=communes["Thuận Hóa"], code="onestop.received").value == 1
    assert kept.get(commune=communes["Kim Hóa"], code="onestop.received").value == 0
    # a second run replaces, never adds
    snapshots_recompute(*quarter, communes=[communes["Thuận Hóa"]])
    assert IndicatorSnapshot.objects.filter(period_start=quarter[0]).count() == 6 * len(INDICATORS.all())


def test_the_tick_job_recomputes_what_is_stale_a_batch_at_a_time(district, clock):
    _unit, _communes = district
    # The first runs compute the finished quarter (Q4/2025), then the running one (Q1/2026), 4 communes a run
    assert snapshots_refresh(batch=4) == 4
    assert snapshots_refresh(batch=4) == 4  # 6 communes × 2 periods = 12 commune-periods
    assert snapshots_refresh(batch=4) == 4
    assert snapshots_refresh(batch=4) == 0  # all fresh
    # A running period is computed again once its values are older than REFRESH
    clock.shift(REFRESH + timedelta(minutes=1))
    assert snapshots_refresh(batch=50) == 6
    # A finished period, once computed after its last day, is final
    assert IndicatorSnapshot.objects.filter(period_start=Q4[0]).count() == 6 * len(INDICATORS.all())
    clock.shift(timedelta(days=30))
    assert snapshots_refresh(batch=50) == 6  # only the running quarter again


def test_a_merged_commune_rolls_up_into_the_province_that_took_it_over(district):
    _unit, communes = district
    thach_hoa = communes["Thạch Hóa"]  # merged away on 30/06/2025
    province = unit_create(
        code="T01", name="Quảng Trị", kind="tỉnh", level=UnitLevel.PROVINCE, valid_from=date(2025, 7, 1)
    )
    heir = unit_create(
        code="T0101", name="Tuyên Hóa", kind="xã", level=UnitLevel.COMMUNE, parent=province, valid_from=date(2025, 7, 1)
    )
    UnitSuccession.objects.create(predecessor=thach_hoa.unit, successor=heir, effective_on=date(2025, 7, 1))

    # Today's province reads the tenant whose unit it took over; before the merger it had none
    today = rollout(province, day=date(2026, 1, 20), start=Q4[0], end=Q4[1])
    assert [(row.commune.name, row.order) for row in today.rows] == [("Thạch Hóa", 1)]
    assert rollout(province, day=date(2025, 7, 1), start=Q4[0], end=Q4[1]).rows[0].commune == thach_hoa
    # and a unit that has ended is read on its last day by default
    assert default_day(thach_hoa.unit, date(2026, 1, 20)) == date(2025, 6, 30)
    assert default_day(province, date(2026, 1, 20)) == date(2026, 1, 20)


def test_recording_a_launch_keeps_each_communes_order_in_its_district(district):
    _unit, communes = district
    for commune in communes.values():
        commune.refresh_from_db()
    assert [(name, c.model_sequence) for name, c in communes.items()] == [
        ("Kim Hóa", 2), ("Thuận Hóa", 3), ("Lâm Hóa", 4), ("Sơn Hóa", 5), ("Đồng Hóa", None), ("Thạch Hóa", 1),
    ]  # fmt: skip
    assert communes["Đồng Hóa"].model_launched_on is None
    # When a launch held before all the others is recorded late, every commune after it moves one place on
    make_launch(communes["Đồng Hóa"], held_on=date(2021, 3, 1))
    for commune in communes.values():
        commune.refresh_from_db()
    assert (communes["Đồng Hóa"].model_launched_on, communes["Đồng Hóa"].model_sequence) == (date(2021, 3, 1), 1)
    assert [communes[name].model_sequence for name in ("Thạch Hóa", "Kim Hóa", "Thuận Hóa")] == [2, 3, 4]
