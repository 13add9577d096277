"""The rollout of the model below a unit (a province, or a former district for history), as a supervisor reads it:
which communes launched and in what order, each one's scores for a period and their trend, the ranking, and the
communes falling behind with the indicator that drags each one down.

The tree is read as of a date: the communes below the unit that were in force that day. A commune's scores for a
period are those of its self-assessment once submitted (approved, or waiting for review); otherwise they are
provisional, from its computed indicators (vidan/model/snapshots.py) scored against its framework, the declared
indicators left out. A commune falls behind when its total is below `BEHIND_FLOOR`, or `BEHIND_GAP` points or
more below the mean of the communes shown (docs/model.md).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from vidan.core.charts import figure
from vidan.core.collation import vi_sort_key
from vidan.core.errors import NotFound, PermissionDenied
from vidan.model.criteria import CRITERIA
from vidan.model.frameworks import ancestor_ids
from vidan.model.models import (
    Assessment,
    AssessmentCriterion,
    AssessmentStatus,
    AssessmentValue,
    Framework,
    FrameworkIndicator,
    Launch,
    Source,
)
from vidan.model.periods import period_containing, period_label
from vidan.model.scoring import IndicatorInput, rounded, scorecard
from vidan.model.snapshots import snapshot_values
from vidan.org.models import Commune, RoleGrant, Unit, UnitLevel, UnitSuccession
from vidan.org.rules import roles_for

BEHIND_FLOOR = Decimal(50)
BEHIND_GAP = Decimal(10)
TREND_PERIODS = 4
# The assessments whose scores stand in the rollout: the commune has submitted them.
STANDING = (AssessmentStatus.APPROVED, AssessmentStatus.SUBMITTED)


class State:
    APPROVED = "approved"
    SUBMITTED = "submitted"
    PROVISIONAL = "provisional"
    NOT_LAUNCHED = "not_launched"


def state_label(state: str) -> str:
    return {
        State.APPROVED: _("Approved"),
        State.SUBMITTED: _("Waiting for review"),
        State.PROVISIONAL: _("Provisional"),
        State.NOT_LAUNCHED: _("Not launched"),
    }[state]


@dataclass(frozen=True)
class Drag:
    """The indicator that costs the commune the most points of its total."""

    label: str
    criterion: int
    value: Decimal | None
    target: Decimal
    unit: str
    score: Decimal
    points: Decimal  # points of the total lost to it


@dataclass
class Scores:
    state: str
    total: Decimal | None = None
    criteria: dict[int, Decimal | None] = field(default_factory=dict)
    drag: Drag | None = None


@dataclass
class Row:
    commune: Commune
    launched_on: date | None
    order: int | None  # launch order among the communes shown
    scores: Scores
    history: list[Scores]  # the scores of the last periods, oldest first, this period last
    rank: int | None = None
    behind: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return state_label(self.scores.state)

    @property
    def trend(self) -> list[Decimal | None]:
        return [scores.total for scores in self.history]


@dataclass
class Rollout:
    unit: Unit
    day: date
    start: date
    end: date
    rows: list[Row]  # in launch order, then the communes not launched
    periods: list[tuple[date, date]]  # the trend's periods, oldest first
    means: dict[int, list[Decimal | None]]  # criterion (0: the total) → its mean per period

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def ranking(self) -> list[Row]:
        return sorted((row for row in self.rows if row.rank is not None), key=lambda row: row.rank)

    @property
    def behind(self) -> list[Row]:
        return [row for row in self.ranking if row.behind]

    @property
    def launched(self) -> list[Row]:
        return [row for row in self.rows if row.order is not None]

    @property
    def mean_total(self) -> Decimal | None:
        return self.means[0][-1] if self.means.get(0) else None


def rollout_units(actor) -> list[Unit]:
    """The units the actor supervises above communes, and the districts below them (former ones too)."""
    if actor.staff is None:
        return []
    granted = {
        grant.unit
        for grant in RoleGrant.objects.filter(staff=actor.staff, role__in=roles_for("model.rollout"))
        .exclude(unit__level=UnitLevel.COMMUNE)
        .select_related("unit")
    }
    below = Unit.objects.none()
    for unit in granted:
        below |= Unit.objects.filter(path__startswith=unit.path, level=UnitLevel.DISTRICT)
    units = granted | set(below)
    return sorted(units, key=lambda unit: (unit.depth, unit.valid_to is not None, vi_sort_key(unit.name)))


def access_rollout_unit(actor, unit_id) -> Unit:
    """The unit, if the actor may read its rollout: not found when no commune of theirs lies below it (whatever
    it is, it is not theirs to know of), refused when it does but they do not supervise it."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not (
        actor.is_system or Commune.objects.filter(pk__in=actor.commune_ids, unit__path__startswith=unit.path).exists()
    ):
        raise NotFound(_("No unit you supervise has this number."))
    if not any(candidate.pk == unit.pk for candidate in rollout_units(actor)):
        raise PermissionDenied(_("Only a supervisor of %(unit)s reads its rollout.") % {"unit": unit.name})
    return unit


def unit_period_months(unit: Unit, day: date) -> int:
    """The length of a period, in months, of the framework in force at the unit (a quarter without one)."""
    framework = (
        Framework.objects.filter(publisher_id__in=[*ancestor_ids(unit), unit.pk], valid_from__lte=day)
        .order_by("-valid_from", "-publisher__depth")
        .first()
    )
    return framework.period_months if framework else 3


def communes_below(unit: Unit, day: date) -> list[Commune]:
    """The communes below the unit on `day`: those whose unit was in force that day, and those whose unit had
    ended by then, under the unit that succeeded theirs (a commune merged in 2025 counts in today's province)."""
    found = list(
        Commune.objects.select_related("unit")
        .filter(unit__path__startswith=unit.path, unit__valid_from__lte=day)
        .filter(Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=day))
    )
    ended = list(Commune.objects.select_related("unit").filter(unit__valid_to__lt=day))
    if ended:
        successors: dict[int, list[Unit]] = {}
        for succession in UnitSuccession.objects.select_related("successor"):
            successors.setdefault(succession.predecessor_id, []).append(succession.successor)
        for commune in ended:
            heir = _successor_on(commune.unit, day, successors)
            if heir is not None and heir.path.startswith(unit.path):
                found.append(commune)
    return found


def _successor_on(unit: Unit, day: date, successors: dict[int, list[Unit]]) -> Unit | None:
    """The unit that had taken over `unit`'s territory by `day`, through as many successions as it took."""
    current, seen = unit, set()
    while current.valid_to is not None and current.valid_to < day and current.pk not in seen:
        seen.add(current.pk)
        heirs = sorted(successors.get(current.pk, []), key=lambda heir: heir.code)
        if not heirs:
            return None
        current = heirs[0]
    return current if current.is_valid_on(day) else None


def last_period_ended(today: date, months: int) -> tuple[date, date]:
    """The period a rollout reads by default: the last one that ended, whose self-assessments are due."""
    return period_containing(period_containing(today, months)[0] - timedelta(days=1), months)


def default_day(unit: Unit, today: date) -> date:
    """The day a rollout reads by default: today, or the last day of a unit that has ended."""
    return unit.valid_to if unit.valid_to is not None and unit.valid_to < today else today


def previous_periods(start: date, end: date, count: int) -> list[tuple[date, date]]:
    """The `count` periods of the same length ending with (start, end), oldest first."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    spans = [(start, end)]
    while len(spans) < count:
        spans.insert(0, period_containing(spans[0][0] - timedelta(days=1), months))
    return spans


class _Frameworks:
    """The framework in force for each commune on a day, from one read of every framework above them (the rule
    of vidan.model.frameworks.framework_for)."""

    def __init__(self, communes: list[Commune]):
        publishers = {pk for commune in communes for pk in ancestor_ids(commune.unit)}
        self.frameworks = list(
            Framework.objects.filter(publisher_id__in=publishers)
            .select_related("publisher")
            .prefetch_related(
                "criteria",
                Prefetch("indicators", queryset=FrameworkIndicator.objects.order_by("criterion", "order", "pk")),
            )
            .order_by("-valid_from", "-publisher__depth")
        )

    def for_commune(self, commune: Commune, day: date) -> Framework | None:
        above = set(ancestor_ids(commune.unit))
        return next((f for f in self.frameworks if f.publisher_id in above and f.valid_from <= day), None)


def _drag(indicators: list[tuple[FrameworkIndicator, Decimal | None, Decimal | None]], weights: dict) -> Drag | None:
    """Of (indicator, value, score), the one whose shortfall weighs most in the total: (100 − score) × its share
    of its criterion × its criterion's share of the total, over what has a score."""
    scored = [(indicator, value, score) for indicator, value, score in indicators if score is not None]
    by_criterion: dict[int, Decimal] = {}
    for indicator, _value, _score in scored:
        by_criterion[indicator.criterion] = by_criterion.get(indicator.criterion, Decimal(0)) + indicator.weight
    total_weight = sum((weights.get(number, Decimal(0)) for number in by_criterion), Decimal(0))
    best: Drag | None = None
    for indicator, value, score in scored:
        if not by_criterion[indicator.criterion] or not total_weight:
            continue
        points = (
            (100 - score)
            * indicator.weight
            / by_criterion[indicator.criterion]
            * weights.get(indicator.criterion, Decimal(0))
            / total_weight
        )
        if points > 0 and (best is None or points > best.points):
            best = Drag(
                str(indicator.label), indicator.criterion, value, indicator.target, indicator.unit, score, points
            )
    return best if best is None else Drag(**{**best.__dict__, "points": rounded(best.points)})


def _provisional(framework: Framework, values: dict[str, Decimal | None], *, with_drag: bool) -> Scores:
    """Scores from the computed indicators alone: the declared ones are unknown until the commune declares them."""
    weights = {row.number: row.weight for row in framework.criteria.all()}
    computed = [i for i in framework.indicators.all() if i.source == Source.COMPUTED]
    inputs = [
        IndicatorInput(i.pk, i.criterion, i.weight, i.target, i.direction, values.get(i.indicator_key))
        for i in computed
    ]
    card = scorecard(inputs, weights)
    drag = None
    if with_drag:
        drag = _drag([(i, values.get(i.indicator_key), card.indicators[i.pk]) for i in computed], weights)
    criteria = {number: card.criteria.get(number) for number in CRITERIA}
    return Scores(State.PROVISIONAL, card.total, criteria, drag)


def _standing(assessment: Assessment, *, with_drag: bool) -> Scores:
    state = State.APPROVED if assessment.status == AssessmentStatus.APPROVED else State.SUBMITTED
    criteria = {number: None for number in CRITERIA}
    criteria.update({row.number: row.score for row in assessment.criteria.all()})
    drag = None
    if with_drag:
        weights = {row.number: row.weight for row in assessment.framework.criteria.all()}
        drag = _drag([(v.indicator, v.value, v.score) for v in assessment.values.all()], weights)
    return Scores(state, assessment.total_score, criteria, drag)


def _mean(figures: list[Decimal | None]) -> Decimal | None:
    known = [figure for figure in figures if figure is not None]
    return rounded(sum(known, Decimal(0)) / len(known)) if known else None


def rollout(unit: Unit, *, day: date, start: date, end: date) -> Rollout:
    """The rollout below `unit` as of `day`, scored for the period (start, end) and the periods before it."""
    communes = communes_below(unit, day)
    ids = [commune.pk for commune in communes]
    periods = previous_periods(start, end, TREND_PERIODS)
    launches = {
        launch.commune_id: launch.held_on
        for launch in Launch.objects.filter(commune_id__in=ids, held_on__lte=day).only("commune_id", "held_on")
    }
    frameworks = _Frameworks(communes)
    assessments = {
        (a.commune_id, a.period_start): a
        for a in Assessment.objects.filter(
            commune_id__in=ids, period_start__gte=periods[0][0], period_end__lte=end, status__in=STANDING
        ).prefetch_related(
            Prefetch("criteria", queryset=AssessmentCriterion.objects.order_by("number")),
        )
    }
    this_period = [a.pk for (commune_id, first), a in assessments.items() if first == start]
    detailed = {
        a.pk: a
        for a in Assessment.objects.filter(pk__in=this_period).prefetch_related(
            "criteria",
            "framework__criteria",
            Prefetch("values", queryset=AssessmentValue.objects.select_related("indicator")),
        )
    }
    snapshots = {span: snapshot_values(ids, *span) for span in periods}

    rows = []
    for commune in communes:
        launched_on = launches.get(commune.pk)
        history, scores = [], Scores(State.NOT_LAUNCHED, criteria={number: None for number in CRITERIA})
        for span in periods:
            current = span == (start, end)
            assessment = assessments.get((commune.pk, span[0]))
            framework = frameworks.for_commune(commune, span[0])
            if launched_on is None:
                found = Scores(State.NOT_LAUNCHED, criteria={number: None for number in CRITERIA})
            elif assessment is not None:
                found = _standing(detailed.get(assessment.pk, assessment) if current else assessment, with_drag=current)
            elif framework is not None:
                found = _provisional(framework, snapshots[span].get(commune.pk, {}), with_drag=current)
            else:
                found = Scores(State.PROVISIONAL, criteria={number: None for number in CRITERIA})
            history.append(found)
            if current:
                scores = found
        rows.append(Row(commune, launched_on, None, scores, history))

    launched = sorted(
        (row for row in rows if row.launched_on), key=lambda r: (r.launched_on, vi_sort_key(r.commune.name))
    )
    for order, row in enumerate(launched, start=1):
        row.order = order
    waiting = sorted((row for row in rows if not row.launched_on), key=lambda row: vi_sort_key(row.commune.name))

    means = {0: [_mean([row.history[i].total for row in launched]) for i in range(len(periods))]}
    for number in CRITERIA:
        means[number] = [_mean([row.history[i].criteria.get(number) for row in launched]) for i in range(len(periods))]
    _rank_and_flag(launched, means[0][-1])
    return Rollout(unit, day, start, end, [*launched, *waiting], periods, means)


def _rank_and_flag(rows: list[Row], mean: Decimal | None) -> None:
    scored = sorted(
        (row for row in rows if row.scores.total is not None),
        key=lambda row: (-row.scores.total, vi_sort_key(row.commune.name)),
    )
    for rank, row in enumerate(scored, start=1):
        row.rank = rank
        total = row.scores.total
        if total < BEHIND_FLOOR:
            row.reasons.append(
                _("Total %(total)s, below %(floor)s.") % {"total": figure(total), "floor": figure(BEHIND_FLOOR)}
            )
        if mean is not None and mean - total >= BEHIND_GAP:
            row.reasons.append(
                _("Total %(total)s, %(gap)s points below the mean of %(mean)s.")
                % {"total": figure(total), "gap": figure(mean - total), "mean": figure(mean)}
            )
        row.behind = bool(row.reasons)
    for row in rows:
        if row.scores.total is None:
            row.reasons.append(_("No score for the period: no self-assessment and no computed indicator."))
