"""The ratings in the API: a commune's aggregates for its leaders, an officer's own for the officer.

GET /api/v1/communes/{commune_id}/ratings — counts per level, per officer, per procedure (rating.view_all).
GET /api/v1/communes/{commune_id}/ratings/mine — the token owner's counts and anonymised comments
(rating.view_own). Neither answers anything that could tell who rated: no rating one by one, no date of a
comment, no dossier. Authentication: a staff API token.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from vidan.core.api import API_ROUTERS, ApiRouter
from vidan.core.errors import FieldsRefused
from vidan.org.access import access_commune
from vidan.org.rules import needs
from vidan.ratings.selectors import LevelCounts, commune_ratings, officer_ratings

router = Router(tags=["ratings"])


class PeriodQuery(Schema):
    date_from: date | None = Field(None, description="First day (default: the first day of this quarter)")
    date_to: date | None = Field(None, description="Last day (default: today)")


class CountsOut(Schema):
    very_satisfied: int
    satisfied: int
    not_satisfied: int
    total: int
    satisfaction_rate: float | None = Field(..., description="Very satisfied and satisfied, in % of all ratings")


class RowOut(Schema):
    key: str = Field(..., description="The officer's id or the procedure's code; empty for the desk's service")
    label: str
    counts: CountsOut


class CommuneRatingsOut(Schema):
    counts: CountsOut
    by_officer: list[RowOut]
    by_procedure: list[RowOut]


class MyRatingsOut(Schema):
    counts: CountsOut
    comments: list[str] = Field(..., description="Anonymised, undated, in no order of time")
    comments_withheld: bool = Field(..., description="Too few ratings to show comments without telling who wrote")


def _counts(counts: LevelCounts) -> CountsOut:
    return CountsOut(
        very_satisfied=counts.very_satisfied,
        satisfied=counts.satisfied,
        not_satisfied=counts.not_satisfied,
        total=counts.total,
        satisfaction_rate=counts.satisfied_rate,
    )


def _period(query: PeriodQuery) -> tuple[date, date]:
    today = timezone.localdate()
    date_to = query.date_to or today
    date_from = query.date_from or today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    if date_from > date_to:
        raise FieldsRefused({"date_from": [_("The start date is after the end date.")]})
    return date_from, date_to


@router.get(
    "communes/{commune_id}/ratings",
    response=CommuneRatingsOut,
    summary="A commune's ratings, counted",
    openapi_extra=needs("rating.view_all"),
)
def ratings_of_commune(request, commune_id: int, query: Query[PeriodQuery]):
    commune = access_commune(request.actor, commune_id, permission="rating.view_all")
    date_from, date_to = _period(query)
    result = commune_ratings(commune, date_from=date_from, date_to=date_to, limit=0)
    return CommuneRatingsOut(
        counts=_counts(result.counts),
        by_officer=[RowOut(key=row.key, label=row.label, counts=_counts(row.counts)) for row in result.by_officer],
        by_procedure=[RowOut(key=row.key, label=row.label, counts=_counts(row.counts)) for row in result.by_procedure],
    )


@router.get(
    "communes/{commune_id}/ratings/mine",
    response=MyRatingsOut,
    summary="How the token's owner was rated",
    openapi_extra=needs("rating.view_own"),
)
def my_ratings(request, commune_id: int, query: Query[PeriodQuery]):
    commune = access_commune(request.actor, commune_id, permission="rating.view_own")
    date_from, date_to = _period(query)
    result = officer_ratings(request.actor.staff, commune, date_from=date_from, date_to=date_to)
    return MyRatingsOut(
        counts=_counts(result.counts), comments=result.comments, comments_withheld=result.comments_withheld
    )


API_ROUTERS.register(ApiRouter("ratings", router, staff_token=True))
