"""The ratings' indicators agree with counts made by hand on a small fixture."""

from datetime import date, datetime

import pytest

from tests.factories import make_staff
from vidan.org.indicators import INDICATORS
from vidan.org.models import Role
from vidan.ratings.models import Rating
from vidan.workdays import VIETNAM

Q1 = {"date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31)}


def rating(commune, level, day, staff=None, kind="dossier", n=[0]):  # noqa: B006 - a counter for unique keys
    n[0] += 1
    return Rating.objects.create(
        commune=commune,
        kind=kind,
        subject_id=n[0],
        service_key=f"{kind}:{n[0]}",
        staff=staff,
        channel="sms",
        level=level,
        created_at=datetime(*day, 10, 0, tzinfo=VIETNAM),
    )


@pytest.fixture
def fixture(commune, other_commune):
    hoa, lan = make_staff(commune, Role.DESK_OFFICER), make_staff(commune, Role.SPECIALIST)
    # In the first quarter: Hoa 3 ratings (2 very satisfied, 1 not), Lan 2 (1 satisfied, 1 not), the desk 1
    # (very satisfied, no officer)
    rating(commune, "very_satisfied", (2026, 1, 5), hoa)
    rating(commune, "very_satisfied", (2026, 2, 5), hoa)
    rating(commune, "not_satisfied", (2026, 3, 31), hoa)  # the quarter's last day counts
    rating(commune, "satisfied", (2026, 1, 1), lan)  # and its first
    rating(commune, "not_satisfied", (2026, 2, 20), lan)
    rating(commune, "very_satisfied", (2026, 3, 3), None, kind="desk")
    # Outside: the next quarter, the year before, another commune
    rating(commune, "not_satisfied", (2026, 4, 1), hoa)
    rating(commune, "not_satisfied", (2025, 12, 31), hoa)
    rating(other_commune, "not_satisfied", (2026, 2, 2), None)
    return commune


def test_the_satisfaction_rate_counts_very_satisfied_and_satisfied_out_of_all(fixture):
    # By hand: 6 ratings, of which 3 very satisfied and 1 satisfied → 4 / 6 = 66.7 %
    assert INDICATORS.get("ratings.satisfaction_rate").value(commune=fixture, **Q1) == 66.7
    assert INDICATORS.get("ratings.count").value(commune=fixture, **Q1) == 6


def test_ratings_per_officer_count_only_ratings_that_name_one(fixture):
    # By hand: 5 ratings name an officer, 2 officers → 2.5
    assert INDICATORS.get("ratings.per_officer").value(commune=fixture, **Q1) == 2.5


def test_a_period_without_ratings_has_no_rate(commune):
    assert INDICATORS.get("ratings.satisfaction_rate").value(commune=commune, **Q1) is None
    assert INDICATORS.get("ratings.count").value(commune=commune, **Q1) == 0
    assert INDICATORS.get("ratings.per_officer").value(commune=commune, **Q1) is None


def test_the_indicators_belong_to_criterion_5():
    for code in ("ratings.satisfaction_rate", "ratings.count", "ratings.per_officer"):
        assert INDICATORS.get(code).criterion == 5
