"""Reading ratings: a commune's, filtered, with their counts per level, per officer and per procedure; an
officer's own aggregates with the comments about them, anonymised.

An officer never reads a rating one by one: only counts, and comments without a date, in an order that says
nothing of when they were written, with phone numbers, e-mail addresses and dossier codes masked, and only once
there are MIN_FOR_COMMENTS ratings in the period, so that no comment can be matched to the citizen served."""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from vidan.core.collation import vi_sort_key
from vidan.org.indicators import percent
from vidan.org.models import Staff
from vidan.ratings.models import Rating, RatingLevel
from vidan.workdays import VIETNAM

MIN_FOR_COMMENTS = 3
MASK = "[…]"
_SECRETS = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+"  # e-mail addresses
    r"|\b\d{3}\.\d{2}\.\d{2}\.[0-9A-Z]{3}-\d{6}-\d{4}\b"  # dossier codes
    r"|(?:\+?\d[\d .-]{6,}\d)"  # phone numbers and other long numbers
)


def comment_anonymised(text: str) -> str:
    return _SECRETS.sub(MASK, text)


def period_bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """The moments a period of days spans in Vietnam: from the first day's midnight to the day after the last."""
    start = datetime.combine(date_from, time.min, tzinfo=VIETNAM)
    return start, datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=VIETNAM)


@dataclass
class LevelCounts:
    very_satisfied: int = 0
    satisfied: int = 0
    not_satisfied: int = 0

    @property
    def total(self) -> int:
        return self.very_satisfied + self.satisfied + self.not_satisfied

    @property
    def satisfied_rate(self) -> float | None:
        """Share of "very satisfied" and "satisfied" in every rating, in percent (docs/legal.md)."""
        return percent(self.very_satisfied + self.satisfied, self.total)


_LEVEL_COUNTS = {
    "very_satisfied": Count("id", filter=Q(level=RatingLevel.VERY_SATISFIED)),
    "satisfied": Count("id", filter=Q(level=RatingLevel.SATISFIED)),
    "not_satisfied": Count("id", filter=Q(level=RatingLevel.NOT_SATISFIED)),
}


@dataclass
class Row:
    label: str
    counts: LevelCounts
    key: str = ""


@dataclass
class CommuneRatings:
    counts: LevelCounts
    by_officer: list[Row] = field(default_factory=list)
    by_procedure: list[Row] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)


def ratings_in_period(commune, date_from: date, date_to: date):
    start, end = period_bounds(date_from, date_to)
    return Rating.objects.filter(commune=commune, created_at__gte=start, created_at__lt=end)


def level_counts(ratings) -> LevelCounts:
    return LevelCounts(**ratings.order_by().aggregate(**_LEVEL_COUNTS))


def _rows(ratings, column: str) -> list[tuple[object, LevelCounts]]:
    grouped = ratings.order_by().values(column).annotate(**_LEVEL_COUNTS)
    return [
        (row[column], LevelCounts(**{key: row[key] for key in _LEVEL_COUNTS}))
        for row in grouped
        if any(row[key] for key in _LEVEL_COUNTS)
    ]


def commune_ratings(
    commune,
    *,
    date_from: date,
    date_to: date,
    level: str = "",
    staff_id: int | None = None,
    service_code: str = "",
    channel: str = "",
    limit: int = 100,
) -> CommuneRatings:
    """The commune's ratings of the period, filtered, with their counts; the newest `limit` of them listed."""
    ratings = ratings_in_period(commune, date_from, date_to)
    if level:
        ratings = ratings.filter(level=level)
    if staff_id:
        ratings = ratings.filter(staff_id=staff_id)
    if service_code:
        ratings = ratings.filter(service_code=service_code)
    if channel:
        ratings = ratings.filter(channel=channel)
    by_staff = _rows(ratings, "staff_id")
    names = dict(Staff.objects.filter(pk__in=[pk for pk, _c in by_staff if pk]).values_list("pk", "full_name"))
    by_officer = sorted(
        (
            Row(names.get(pk, "") if pk else _("The desk (not an officer)"), counts, key=str(pk or ""))
            for pk, counts in by_staff
        ),
        key=lambda row: (not row.key, vi_sort_key(row.label)),
    )
    by_service = _rows(ratings, "service_code")
    service_names = dict(ratings.exclude(service_code="").order_by().values_list("service_code", "service_name"))
    by_procedure = sorted(
        (
            Row(service_names.get(code, "") if code else _("No procedure (an officer or the desk)"), counts, code)
            for code, counts in by_service
        ),
        key=lambda row: (not row.key, vi_sort_key(row.label)),
    )
    listed = list(ratings.select_related("staff").order_by("-created_at", "-id")[:limit])
    for rating in listed:
        rating.comment_shown = comment_anonymised(rating.comment)
    return CommuneRatings(level_counts(ratings), by_officer, by_procedure, listed)


@dataclass
class OfficerRatings:
    counts: LevelCounts
    comments: list[str]
    comments_withheld: bool


def officer_ratings(staff, commune, *, date_from: date, date_to: date) -> OfficerRatings:
    """How `staff` was rated in the period: counts, and the comments anonymised (none below MIN_FOR_COMMENTS)."""
    ratings = ratings_in_period(commune, date_from, date_to).filter(staff=staff)
    counts = level_counts(ratings)
    if counts.total < MIN_FOR_COMMENTS:
        return OfficerRatings(counts, [], counts.total > 0)
    texts = [comment_anonymised(text) for text in ratings.exclude(comment="").values_list("comment", flat=True)]
    # An order that says nothing of when each was written: by a digest of the text.
    texts.sort(key=lambda text: hashlib.sha256(text.encode()).hexdigest())
    return OfficerRatings(counts, texts, False)


def satisfied_share(commune, date_from: date, date_to: date) -> float | None:
    return level_counts(ratings_in_period(commune, date_from, date_to)).satisfied_rate


def ratings_per_officer(commune, date_from: date, date_to: date) -> float | None:
    """Ratings of the period that name an officer, per officer named at least once."""
    named = ratings_in_period(commune, date_from, date_to).exclude(staff=None)
    officers = named.order_by().values("staff_id").distinct().count()
    return round(named.count() / officers, 1) if officers else None
