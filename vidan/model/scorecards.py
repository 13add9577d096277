"""One commune's scorecard for a period, indicator by indicator, as the supervisor drills down from the rollout:
the submitted self-assessment's values and scores when there is one, otherwise the computed indicators as last
computed (vidan/model/snapshots.py) with the declared ones still to come."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from vidan.model.criteria import CRITERIA
from vidan.model.frameworks import framework_for
from vidan.model.models import Assessment, Framework, IndicatorSnapshot, Launch, Source
from vidan.model.rollout import STANDING, State
from vidan.model.scoring import IndicatorInput, scorecard
from vidan.model.snapshots import snapshots_explained
from vidan.org.models import Commune


@dataclass(frozen=True)
class Line:
    label: str
    unit: str
    source: str
    target: Decimal
    direction: str
    value: Decimal | None
    score: Decimal | None
    how: str


@dataclass
class Block:
    number: int
    label: str
    weight: Decimal | None
    score: Decimal | None
    lines: list[Line] = field(default_factory=list)


@dataclass
class CommuneScorecard:
    state: str
    launched_on: date | None
    framework: Framework | None
    assessment: Assessment | None
    total: Decimal | None
    blocks: list[Block]


def commune_scorecard(commune: Commune, start: date, end: date) -> CommuneScorecard:
    launch = Launch.objects.filter(commune=commune).only("held_on").first()
    launched_on = launch.held_on if launch and launch.held_on <= end else None
    assessment = (
        Assessment.objects.filter(commune=commune, period_start=start, status__in=STANDING)
        .select_related("framework")
        .prefetch_related("criteria", "framework__criteria", "values__indicator")
        .first()
    )
    if launched_on is None:
        return CommuneScorecard(State.NOT_LAUNCHED, None, None, None, None, [])
    if assessment is not None:
        return _standing(assessment, launched_on)
    return _provisional(commune, start, end, launched_on)


def _line(indicator, value: Decimal | None, score: Decimal | None, how: str) -> Line:
    return Line(
        indicator.label, indicator.unit, indicator.source, indicator.target, indicator.direction, value, score, how
    )


def _blocks(framework: Framework | None) -> dict[int, Block]:
    weights = {row.number: row.weight for row in framework.criteria.all()} if framework else {}
    return {number: Block(number, str(label), weights.get(number), None) for number, label in CRITERIA.items()}


def _standing(assessment: Assessment, launched_on: date) -> CommuneScorecard:
    blocks = _blocks(assessment.framework)
    for criterion in assessment.criteria.all():
        blocks[criterion.number].score = criterion.score
    for value in sorted(assessment.values.all(), key=lambda v: (v.indicator.criterion, v.indicator.order, v.pk)):
        indicator = value.indicator
        how = value.how if indicator.source == Source.COMPUTED else value.note or _("Declared by the commune.")
        blocks[indicator.criterion].lines.append(_line(indicator, value.value, value.score, how))
    state = State.APPROVED if assessment.status == "approved" else State.SUBMITTED
    return CommuneScorecard(
        state, launched_on, assessment.framework, assessment, assessment.total_score, list(blocks.values())
    )


def _provisional(commune: Commune, start: date, end: date, launched_on: date) -> CommuneScorecard:
    framework = framework_for(commune, start)
    blocks = _blocks(framework)
    if framework is None:
        return CommuneScorecard(State.PROVISIONAL, launched_on, None, None, None, list(blocks.values()))
    kept = {
        snapshot.code: snapshot
        for snapshot in IndicatorSnapshot.objects.filter(commune=commune, period_start=start, period_end=end)
    }
    indicators = list(framework.indicators.order_by("criterion", "order", "pk"))
    values = {
        i.pk: (kept[i.indicator_key].value if i.indicator_key in kept else None)
        for i in indicators
        if i.source == Source.COMPUTED
    }
    card = scorecard(
        [IndicatorInput(pk, i.criterion, i.weight, i.target, i.direction, values[pk]) for i in indicators
         if (pk := i.pk) in values],
        {row.number: row.weight for row in framework.criteria.all()},
    )  # fmt: skip
    for number, score in card.criteria.items():
        blocks[number].score = score
    for indicator in indicators:
        if indicator.source == Source.COMPUTED:
            snapshot = kept.get(indicator.indicator_key)
            how = snapshots_explained(indicator.indicator_key, snapshot.computed_at if snapshot else None)
            value, score = values[indicator.pk], card.indicators.get(indicator.pk)
        else:
            how, value, score = _("Not declared: the commune has not submitted its self-assessment."), None, None
        blocks[indicator.criterion].lines.append(_line(indicator, value, score, how))
    return CommuneScorecard(State.PROVISIONAL, launched_on, framework, None, card.total, list(blocks.values()))
