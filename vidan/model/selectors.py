"""Reads of the model: what a commune's pages and the supervisor's queue show, each with its joins."""

from django.db.models import Prefetch, QuerySet

from vidan.core.collation import vi_sort_key
from vidan.model.models import (
    Assessment,
    AssessmentStatus,
    Commitment,
    CommitmentStatus,
    DepartmentModel,
    FollowUp,
    ModelFile,
)
from vidan.org.actors import Actor
from vidan.org.models import Commune, Department


def launch_page_data(launch) -> dict:
    files = list(launch.files.all()) if launch else []
    return {
        "attendees": list(launch.attendees.all()) if launch else [],
        "documents": [f for f in files if f.role == "document"],
        "photos": [f for f in files if f.role == "photo"],
    }


def departments_with_models(commune: Commune) -> list[dict]:
    """Every department of the commune, sorted as Vietnamese reads, with its model and its commitments (the
    current signed one, a draft, the superseded ones)."""
    departments = sorted(Department.objects.filter(commune=commune), key=lambda d: vi_sort_key(d.name))
    models = {m.department_id: m for m in DepartmentModel.objects.filter(commune=commune)}
    by_department: dict[int, list[Commitment]] = {}
    for commitment in Commitment.objects.filter(commune=commune).order_by("-version"):
        by_department.setdefault(commitment.department_id, []).append(commitment)
    rows = []
    for department in departments:
        commitments = by_department.get(department.pk, [])
        rows.append(
            {
                "department": department,
                "model": models.get(department.pk),
                "signed": next((c for c in commitments if c.status == CommitmentStatus.SIGNED), None),
                "draft": next((c for c in commitments if c.status == CommitmentStatus.DRAFT), None),
                "older": [c for c in commitments if c.status == CommitmentStatus.SUPERSEDED],
            }
        )
    return rows


def commitment_page_data(commitment: Commitment) -> dict:
    items = list(
        commitment.items.prefetch_related(
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("-period_start").prefetch_related("files"))
        )
    )
    return {
        "items": items,
        "signatories": list(commitment.signatories.all()),
        "scans": list(ModelFile.objects.filter(commitment=commitment, role="scan")),
    }


def assessments_of(commune: Commune) -> QuerySet:
    return Assessment.objects.filter(commune=commune).select_related("framework").order_by("-period_start")


def review_queue(actor: Actor) -> QuerySet:
    """The submitted self-assessments of every commune where the actor reviews, oldest first, then the ones they
    reviewed lately."""
    communes = actor.communes_where("model.review")
    return (
        Assessment.objects.filter(commune_id__in=communes, status=AssessmentStatus.SUBMITTED)
        .select_related("commune__unit", "framework__publisher", "submitted_by")
        .order_by("submitted_at")
    )


def reviewed_lately(actor: Actor, limit: int = 20) -> QuerySet:
    communes = actor.communes_where("model.review")
    return (
        Assessment.objects.filter(
            commune_id__in=communes, status__in=[AssessmentStatus.APPROVED, AssessmentStatus.RETURNED]
        )
        .select_related("commune__unit", "reviewed_by")
        .order_by("-reviewed_at")[:limit]
    )


def assessment_page_data(assessment: Assessment) -> dict:
    values = list(
        assessment.values.select_related("indicator")
        .prefetch_related("files")
        .order_by("indicator__criterion", "indicator__order", "indicator_id")
    )
    criteria = {c.number: c for c in assessment.criteria.all()}
    weights = {c.number: c.weight for c in assessment.framework.criteria.all()}
    return {
        "values": values,
        "criteria": criteria,
        "weights": weights,
        "events": list(assessment.events.select_related("actor").order_by("at", "id")),
    }
