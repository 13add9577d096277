"""What a commune's public model page shows (vidan/model/views/public.py): the launch and its place in the
district's order, the departments' models with their signed commitments, the last approved scores beside the mean
of the province's communes for the same period, and the indicators the platform computes for the current period.
Nothing on it is a draft: a commitment appears once signed, scores once the supervisor approved them."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Q
from django.utils import timezone

from vidan.model.criteria import CRITERIA
from vidan.model.models import (
    Assessment,
    AssessmentStatus,
    Commitment,
    CommitmentStatus,
    DepartmentModel,
    IndicatorSnapshot,
    Launch,
    ModelFile,
)
from vidan.model.periods import period_containing, period_label
from vidan.model.scoring import rounded
from vidan.org.indicators import INDICATORS
from vidan.org.models import Commune
from vidan.org.selectors import province_of


@dataclass(frozen=True)
class Comparison:
    label: str  # the period
    total: Decimal | None
    criteria: dict[int, Decimal | None]
    province_total: Decimal | None  # the mean of the province's communes approved for the same period
    province_communes: int


def public_files(commune: Commune) -> dict[str, list[ModelFile]]:
    """The files a visitor may open: the launch's documents and photos, the scans of signed commitments."""
    files = ModelFile.objects.filter(commune=commune).filter(
        Q(launch__isnull=False) | Q(role="scan", commitment__status__in=[CommitmentStatus.SIGNED])
    )
    found: dict[str, list[ModelFile]] = {}
    for each in files.order_by("uploaded_at", "pk"):
        key = f"commitment-{each.commitment_id}" if each.commitment_id else each.role
        found.setdefault(key, []).append(each)
    return found


def public_file(commune: Commune, file_id: int) -> ModelFile | None:
    return next(
        (each for group in public_files(commune).values() for each in group if each.pk == file_id),
        None,
    )


def last_approved(commune: Commune) -> Comparison | None:
    assessment = (
        Assessment.objects.filter(commune=commune, status=AssessmentStatus.APPROVED)
        .prefetch_related("criteria")
        .order_by("-period_start")
        .first()
    )
    if assessment is None:
        return None
    province = province_of(commune.unit)
    peers = Assessment.objects.filter(
        status=AssessmentStatus.APPROVED, period_start=assessment.period_start, period_end=assessment.period_end
    )
    if province is not None:
        peers = peers.filter(commune__unit__path__startswith=province.path)
    summary = peers.aggregate(mean=Avg("total_score"))
    criteria = {number: None for number in CRITERIA}
    criteria.update({row.number: row.score for row in assessment.criteria.all()})
    return Comparison(
        period_label(assessment.period_start, assessment.period_end),
        assessment.total_score,
        criteria,
        rounded(Decimal(str(summary["mean"]))) if summary["mean"] is not None else None,
        peers.count(),
    )


def current_indicators(commune: Commune, today: date | None = None) -> tuple[str, list[dict]]:
    """The registered indicators of the current quarter, as last computed."""
    start, end = period_containing(today or timezone.localdate())
    kept = {
        row.code: row for row in IndicatorSnapshot.objects.filter(commune=commune, period_start=start, period_end=end)
    }
    lines = [
        {"indicator": indicator, "value": kept[indicator.code].value, "at": kept[indicator.code].computed_at}
        for indicator in INDICATORS.all()
        if indicator.code in kept
    ]
    return period_label(start, end), lines


def public_model(commune: Commune) -> dict:
    launch = Launch.objects.filter(commune=commune).select_related("commune__unit__parent").first()
    models = {m.department_id: m for m in DepartmentModel.objects.filter(commune=commune)}
    commitments = (
        Commitment.objects.filter(commune=commune, status=CommitmentStatus.SIGNED)
        .select_related("department")
        .prefetch_related("items", "signatories")
        .order_by("department__name")
    )
    period, indicators = current_indicators(commune)
    files, scores = public_files(commune), last_approved(commune)
    return {
        "launch": launch,
        "order": commune.model_sequence if launch else None,
        "attendees": list(launch.attendees.all()) if launch else [],
        "departments": [
            {"commitment": c, "model": models.get(c.department_id), "scans": files.get(f"commitment-{c.pk}", [])}
            for c in commitments
        ],
        "files": files,
        "scores": scores,
        "criteria_scores": [
            (number, label, scores.criteria.get(number) if scores else None) for number, label in CRITERIA.items()
        ],
        "indicators_period": period,
        "indicators": indicators,
    }
