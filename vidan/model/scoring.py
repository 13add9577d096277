"""The scoring rule of the model (docs/model.md): plain numbers in, scores out, no database.

1. An indicator scores 0–100 against its target in its direction:
   - higher is better: 100 at or above the target, otherwise 100 × value ÷ target (0 at 0);
   - lower is better: 100 at or below the target, then falling linearly to 0 at twice the target
     (100 × (2 − value ÷ target)); with a target of 0, anything above it scores 0.
   A value that is unknown (nothing to measure in the period) scores nothing: it is left out, not counted as 0.
2. A criterion scores the weighted mean of the scores of its indicators that have one.
3. The total is the weighted mean of the criteria's scores, over the criteria that have one.
Every score is rounded to one decimal at the end (half away from zero), never in between.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HIGHER, LOWER = "higher", "lower"
ONE_DECIMAL = Decimal("0.1")


def indicator_score(value: Decimal | None, *, target: Decimal, direction: str) -> Decimal | None:
    """The indicator's score, unrounded, between 0 and 100; None when the value is unknown."""
    if value is None:
        return None
    value, target = Decimal(value), Decimal(target)
    if direction == HIGHER:
        if value >= target or target <= 0:
            return Decimal(100)
        return max(Decimal(0), 100 * value / target)
    if direction == LOWER:
        if value <= target:
            return Decimal(100)
        if target <= 0:
            return Decimal(0)
        return max(Decimal(0), 100 * (2 - value / target))
    raise ValueError(f"unknown direction {direction!r}")


def weighted_mean(pairs: Iterable[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """The mean of the scores weighted by their weights, over the scores that exist and weigh something."""
    total = weights = Decimal(0)
    for score, weight in pairs:
        if score is None or weight <= 0:
            continue
        total += score * weight
        weights += weight
    return total / weights if weights else None


def rounded(score: Decimal | None) -> Decimal | None:
    return None if score is None else score.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class IndicatorInput:
    key: object  # whatever the caller names the indicator by
    criterion: int
    weight: Decimal
    target: Decimal
    direction: str
    value: Decimal | None


@dataclass(frozen=True)
class Scorecard:
    indicators: dict  # key -> score (rounded) or None
    criteria: dict[int, Decimal | None]  # criterion -> score (rounded) or None
    total: Decimal | None


def scorecard(indicators: Iterable[IndicatorInput], criterion_weights: dict[int, Decimal]) -> Scorecard:
    """Every score of an assessment: each indicator's, each criterion's, and the total."""
    raw: dict = {}
    by_criterion: dict[int, list[tuple[Decimal | None, Decimal]]] = {number: [] for number in criterion_weights}
    for each in indicators:
        score = indicator_score(each.value, target=each.target, direction=each.direction)
        raw[each.key] = score
        by_criterion.setdefault(each.criterion, []).append((score, Decimal(each.weight)))
    criteria = {number: weighted_mean(pairs) for number, pairs in by_criterion.items()}
    total = weighted_mean((score, Decimal(criterion_weights.get(number, 0))) for number, score in criteria.items())
    return Scorecard(
        indicators={key: rounded(score) for key, score in raw.items()},
        criteria={number: rounded(score) for number, score in sorted(criteria.items())},
        total=rounded(total),
    )
