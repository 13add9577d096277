"""The scoring rule, on numbers worked out by hand (docs/model.md)."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vidan.model.scoring import IndicatorInput, indicator_score, rounded, scorecard, weighted_mean


@pytest.mark.parametrize(
    ("value", "target", "direction", "expected"),
    [
        (D("98"), D("98"), "higher", D("100")),
        (D("100"), D("98"), "higher", D("100")),
        (D("49"), D("98"), "higher", D("50")),
        (D("0"), D("30"), "higher", D("0")),
        (D("5"), D("0"), "higher", D("100")),
        (D("0"), D("0"), "lower", D("100")),
        (D("1"), D("0"), "lower", D("0")),
        (D("3"), D("4"), "lower", D("100")),
        (D("5"), D("4"), "lower", D("75")),
        (D("8"), D("4"), "lower", D("0")),
        (D("12"), D("4"), "lower", D("0")),
    ],
)
def test_an_indicator_scores_against_its_target_in_its_direction(value, target, direction, expected):
    assert indicator_score(value, target=target, direction=direction) == expected


def test_an_unknown_value_scores_nothing():
    assert indicator_score(None, target=D("98"), direction="higher") is None


def test_an_unknown_direction_is_refused():
    with pytest.raises(ValueError):
        indicator_score(D(1), target=D(1), direction="sideways")


def test_a_scorecard_worked_by_hand():
    # Criterion 2: on time 88.2 % of a target of 98 (score 90, weight 3), online 15 % of 30 (score 50, weight 2):
    # (90×3 + 50×2) / 5 = 74. Criterion 5: 1 complaint with a target of 0 (score 0). Criterion 1: nothing measured.
    # Total over the criteria that have a score: (74×30 + 0×15) / 45 = 49.33… → 49.3.
    card = scorecard(
        [
            IndicatorInput("ontime", 2, D(3), D(98), "higher", D("88.2")),
            IndicatorInput("online", 2, D(2), D(30), "higher", D(15)),
            IndicatorInput("received", 2, D(0), D(0), "higher", D(500)),
            IndicatorInput("complaints", 5, D(1), D(0), "lower", D(1)),
            IndicatorInput("meetings", 1, D(1), D(3), "higher", None),
        ],
        {1: D(15), 2: D(30), 3: D(20), 4: D(20), 5: D(15)},
    )
    assert card.indicators == {
        "ontime": D("90.0"),
        "online": D("50.0"),
        "received": D("100.0"),
        "complaints": D("0.0"),
        "meetings": None,
    }
    assert card.criteria == {1: None, 2: D("74.0"), 3: None, 4: None, 5: D("0.0")}
    assert card.total == D("49.3")


def test_rounding_is_half_away_from_zero_at_the_end_only():
    assert rounded(D("66.65")) == D("66.7")
    assert weighted_mean([(D(100), D(1)), (D(0), D(2))]) == D(100) / D(3)
    assert weighted_mean([(None, D(1)), (D(50), D(0))]) is None


@given(
    value=st.decimals(min_value=0, max_value=10**6, places=2),
    target=st.decimals(min_value=0, max_value=10**6, places=2),
    direction=st.sampled_from(["higher", "lower"]),
)
def test_every_score_lies_between_0_and_100(value, target, direction):
    assert D(0) <= indicator_score(value, target=target, direction=direction) <= D(100)


@given(
    a=st.decimals(min_value=0, max_value=1000, places=2),
    b=st.decimals(min_value=0, max_value=1000, places=2),
    target=st.decimals(min_value=1, max_value=1000, places=2),
)
def test_a_better_value_never_scores_less(a, b, target):
    low, high = sorted((a, b))
    assert indicator_score(high, target=target, direction="higher") >= indicator_score(
        low, target=target, direction="higher"
    )
    assert indicator_score(low, target=target, direction="lower") >= indicator_score(
        high, target=target, direction="lower"
    )
