"""The model's API, for supervisors and the province's own dashboards (staff API token):

- GET /api/v1/units/{unit_id}/model/rollout — the communes below a unit the caller supervises, in launch order,
  with their scores for a period, rank, trend and, for those falling behind, why;
- GET /api/v1/communes/{commune_id}/model/scorecard — one commune's scorecard, indicator by indicator;
- GET /api/v1/communes/{commune_id}/model/indicators — every registered indicator's value for a period, as last
  computed, with when and how.

A period is named by any day in it (`period`, yyyy-mm-dd): the quarter, half year or year of the commune's
framework that holds it.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from vidan.core.api import API_ROUTERS, ApiRouter
from vidan.core.days import DAY_OUT_OF_RANGE, day_in_range
from vidan.model.criteria import CRITERIA
from vidan.model.frameworks import framework_for
from vidan.model.models import IndicatorSnapshot
from vidan.model.periods import period_containing, period_label
from vidan.model.rollout import (
    Row,
    access_rollout_unit,
    default_day,
    last_period_ended,
    rollout,
    state_label,
    unit_period_months,
)
from vidan.model.scorecards import commune_scorecard
from vidan.model.snapshots import snapshots_explained
from vidan.org.access import access_commune
from vidan.org.indicators import INDICATORS
from vidan.org.rules import needs

router = Router(tags=["model"])


def _day(value: date) -> date:
    if not day_in_range(value):
        raise PydanticCustomError("day_out_of_range", str(DAY_OUT_OF_RANGE))
    return value


Day = Annotated[date, AfterValidator(_day)]


class ModelPeriodQuery(Schema):
    period: Day | None = Field(None, description="A day of the period (yyyy-mm-dd); by default the current one")


class RolloutQuery(Schema):
    period: Day | None = Field(None, description="A day of the period (yyyy-mm-dd); by default the last that ended")
    day: Day | None = Field(
        None, description="The communes below the unit on this day; by default today (a unit that ended: its last)"
    )


class ModelPeriodOut(Schema):
    start: date
    end: date
    label: str


class CriterionScoreOut(Schema):
    number: int
    label: str
    score: Decimal | None


class ModelDragOut(Schema):
    indicator: str
    criterion: int
    value: Decimal | None
    target: Decimal
    unit: str
    score: Decimal
    points: Decimal = Field(description="Points of the total lost to this indicator")


class RolloutCommuneOut(Schema):
    commune_id: int
    name: str
    launch_order: int | None = Field(description="Order of launch among the communes of the unit; null: not yet")
    launched_on: date | None
    state: str = Field(description="approved, submitted, provisional or not_launched")
    state_label: str
    total: Decimal | None
    criteria: list[CriterionScoreOut]
    trend: list[Decimal | None] = Field(description="The totals of the last periods, oldest first, this one last")
    rank: int | None
    behind: bool
    reasons: list[str]
    drag: ModelDragOut | None


class RolloutOut(Schema):
    unit_id: int
    unit: str
    day: date
    period: ModelPeriodOut
    periods: list[ModelPeriodOut] = Field(description="The trend's periods, oldest first")
    mean_total: Decimal | None
    communes: list[RolloutCommuneOut]


class IndicatorLineOut(Schema):
    label: str
    unit: str
    source: str = Field(description="computed or declared")
    target: Decimal
    direction: str
    value: Decimal | None
    score: Decimal | None
    how: str


class ModelCriterionOut(Schema):
    number: int
    label: str
    weight: Decimal | None
    score: Decimal | None
    indicators: list[IndicatorLineOut]


class ScorecardOut(Schema):
    commune_id: int
    name: str
    period: ModelPeriodOut
    state: str
    state_label: str
    launched_on: date | None
    assessment_id: int | None
    total: Decimal | None
    criteria: list[ModelCriterionOut]


class IndicatorValueOut(Schema):
    code: str
    label: str
    criterion: int
    unit: str
    value: Decimal | None
    computed_at: datetime | None = Field(description="null: not computed yet for this period")
    how: str


class IndicatorValuesOut(Schema):
    commune_id: int
    period: ModelPeriodOut
    indicators: list[IndicatorValueOut]


def _period_of(commune, day: date | None) -> tuple[date, date]:
    day = day or timezone.localdate()
    framework = framework_for(commune, day)
    return period_containing(day, framework.period_months if framework else 3)


def _period_out(start: date, end: date) -> ModelPeriodOut:
    return ModelPeriodOut(start=start, end=end, label=period_label(start, end))


def _row_out(row: Row) -> RolloutCommuneOut:
    drag = row.scores.drag
    return RolloutCommuneOut(
        commune_id=row.commune.pk,
        name=row.commune.name,
        launch_order=row.order,
        launched_on=row.launched_on,
        state=row.scores.state,
        state_label=row.state_label,
        total=row.scores.total,
        criteria=[
            CriterionScoreOut(number=number, label=str(label), score=row.scores.criteria.get(number))
            for number, label in CRITERIA.items()
        ],
        trend=row.trend,
        rank=row.rank,
        behind=row.behind,
        reasons=row.reasons,
        drag=None
        if drag is None
        else ModelDragOut(
            indicator=drag.label,
            criterion=drag.criterion,
            value=drag.value,
            target=drag.target,
            unit=drag.unit,
            score=drag.score,
            points=drag.points,
        ),
    )


@router.get(
    "units/{int:unit_id}/model/rollout",
    response=RolloutOut,
    summary="The rollout of the model below a unit the caller supervises",
    openapi_extra=needs("model.rollout"),
)
def unit_rollout(request, unit_id: int, query: Query[RolloutQuery]):
    unit = access_rollout_unit(request.actor, unit_id)
    day = query.day or default_day(unit, timezone.localdate())
    months = unit_period_months(unit, day)
    start, end = (
        period_containing(query.period, months) if query.period else last_period_ended(timezone.localdate(), months)
    )
    seen = rollout(unit, day=day, start=start, end=end)
    return RolloutOut(
        unit_id=unit.pk,
        unit=unit.name,
        day=day,
        period=_period_out(start, end),
        periods=[_period_out(*span) for span in seen.periods],
        mean_total=seen.mean_total,
        communes=[_row_out(row) for row in seen.rows],
    )


@router.get(
    "communes/{int:commune_id}/model/scorecard",
    response=ScorecardOut,
    summary="A commune's scorecard for a period, indicator by indicator",
    openapi_extra=needs("model.view"),
)
def commune_scorecard_read(request, commune_id: int, query: Query[ModelPeriodQuery]):
    commune = access_commune(request.actor, commune_id, permission="model.view")
    start, end = _period_of(commune, query.period)
    card = commune_scorecard(commune, start, end)
    return ScorecardOut(
        commune_id=commune.pk,
        name=commune.name,
        period=_period_out(start, end),
        state=card.state,
        state_label=state_label(card.state),
        launched_on=card.launched_on,
        assessment_id=card.assessment.pk if card.assessment else None,
        total=card.total,
        criteria=[
            ModelCriterionOut(
                number=block.number,
                label=block.label,
                weight=block.weight,
                score=block.score,
                indicators=[
                    IndicatorLineOut(
                        label=line.label,
                        unit=line.unit,
                        source=line.source,
                        target=line.target,
                        direction=line.direction,
                        value=line.value,
                        score=line.score,
                        how=line.how,
                    )
                    for line in block.lines
                ],
            )
            for block in card.blocks
        ],
    )


@router.get(
    "communes/{int:commune_id}/model/indicators",
    response=IndicatorValuesOut,
    summary="Every registered indicator of a commune for a period, as last computed, with how",
    openapi_extra=needs("model.view"),
)
def commune_indicators_read(request, commune_id: int, query: Query[ModelPeriodQuery]):
    commune = access_commune(request.actor, commune_id, permission="model.view")
    start, end = _period_of(commune, query.period)
    kept = {
        snapshot.code: snapshot
        for snapshot in IndicatorSnapshot.objects.filter(commune=commune, period_start=start, period_end=end)
    }
    lines = []
    for indicator in INDICATORS.all():
        snapshot = kept.get(indicator.code)
        lines.append(
            IndicatorValueOut(
                code=indicator.code,
                label=str(indicator.label),
                criterion=indicator.criterion,
                unit=str(indicator.unit),
                value=snapshot.value if snapshot else None,
                computed_at=snapshot.computed_at if snapshot else None,
                how=snapshots_explained(indicator.code, snapshot.computed_at if snapshot else None),
            )
        )
    return IndicatorValuesOut(commune_id=commune.pk, period=_period_out(start, end), indicators=lines)


API_ROUTERS.register(ApiRouter("model", router, staff_token=True))
