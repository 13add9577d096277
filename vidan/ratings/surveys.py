"""The SIPAS-style survey of a period: a commune opens it (a public link, and paper forms an officer enters),
citizens score each of the five elements from 1 (very unsatisfied) to 5 (very satisfied), and the tally gives
each element's index: the share of its answers that are satisfied or very satisfied (4 or 5), as the SIPAS
reports count it (docs/legal.md §3.6). Nothing of who answered is kept; the public link is limited per address."""

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.audit.services import audit_record
from vidan.core.errors import Conflict, FieldsRefused, NotFound, PermissionDenied
from vidan.core.throttle import window_count
from vidan.org.actors import Actor
from vidan.org.indicators import percent
from vidan.ratings.models import COMMENT_MAX, Survey, SurveyElement, SurveyResponse, SurveyScore
from vidan.ratings.services import RATER, Throttled

ANSWERS_PER_HOUR = 5  # from one address, per survey: a family may answer from one phone


def survey_closed() -> str:
    return _("This survey is closed: thank you, answers are no longer taken.")


@transaction.atomic
def survey_open(*, actor: Actor, commune, title: str, date_from, date_to) -> Survey:
    if not actor.can("survey.manage", commune.id):
        raise PermissionDenied()
    title = " ".join((title or "").split())
    errors = {}
    if not title:
        errors["title"] = [_("Give the survey a title.")]
    elif len(title) > 160:
        errors["title"] = [_("At most 160 characters.")]
    if date_from and date_to and date_from > date_to:
        errors["date_to"] = [_("The start date is after the end date.")]
    if errors:
        raise FieldsRefused(errors)
    survey = Survey(
        commune=commune,
        title=title,
        date_from=date_from,
        date_to=date_to,
        code=secrets.token_urlsafe(12),
        opened_by=actor.staff,
        opened_at=timezone.now(),
    )
    survey.full_clean(exclude=["commune", "opened_by"])
    survey.save()
    audit_record(actor=actor, action="ratings.survey.open", obj=survey, commune=commune, data={"title": title})
    return survey


@transaction.atomic
def survey_close(*, actor: Actor, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not actor.can("survey.manage", survey.commune_id):
        raise PermissionDenied()
    if survey.closed_at is not None:
        raise Conflict(_("This survey was already closed."))
    survey.closed_at = timezone.now()
    survey.save(update_fields=["closed_at"])
    audit_record(actor=actor, action="ratings.survey.close", obj=survey, commune=survey.commune)
    return survey


def _scores_checked(scores: dict, comment: str) -> tuple[dict, str]:
    kept, errors = {}, {}
    for element in SurveyElement.values:
        value = str((scores or {}).get(element) or "").strip()
        if not value:
            continue
        if value not in {str(score) for score in SurveyScore.values}:
            errors[element] = [_("Choose a score from 1 to 5.")]
        else:
            kept[element] = int(value)
    if not kept and not errors:
        errors["scores"] = [_("Answer at least one question.")]
    comment = " ".join((comment or "").replace("\x00", "").split())
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [
            _("The comment is too long: at most %(n)s characters, please shorten it.") % {"n": COMMENT_MAX}
        ]
    if errors:
        raise FieldsRefused(errors)
    return kept, comment


@transaction.atomic
def survey_answer(*, survey: Survey, scores: dict, comment: str = "", ip: str | None = None) -> SurveyResponse:
    """A citizen's answers through the public link. Refused when the survey is closed, and beyond
    ANSWERS_PER_HOUR from one address."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open:
        raise Conflict(survey_closed())
    kept, comment = _scores_checked(scores, comment)
    if ip and window_count(f"ratings.survey:{survey.pk}:{ip}", 3600) > ANSWERS_PER_HOUR:
        raise Throttled(_("Too many answers from this connection in the last hour; please try again later."))
    response = SurveyResponse.objects.create(
        survey=survey, commune=survey.commune, scores=kept, comment=comment, created_at=timezone.now()
    )
    audit_record(actor=RATER, action="ratings.survey.answer", obj=response, commune=survey.commune)
    return response


@transaction.atomic
def survey_paper_enter(*, actor: Actor, survey: Survey, scores: dict, comment: str = "") -> SurveyResponse:
    """An officer types in a paper form's answers."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not actor.can("survey.enter", survey.commune_id):
        raise PermissionDenied()
    if not survey.is_open:
        raise Conflict(survey_closed())
    kept, comment = _scores_checked(scores, comment)
    response = SurveyResponse.objects.create(
        survey=survey,
        commune=survey.commune,
        scores=kept,
        comment=comment,
        on_paper=True,
        entered_by=actor.staff,
        created_at=timezone.now(),
    )
    audit_record(actor=actor, action="ratings.survey.paper", obj=response, commune=survey.commune)
    return response


def survey_by_code(code: str) -> Survey:
    survey = Survey.objects.select_related("commune__unit").filter(code=(code or "")[:40]).first()
    if survey is None:
        raise NotFound(_("This survey does not exist. Check the address."))
    return survey


@dataclass
class ElementTally:
    element: str
    label: str
    answers: int
    satisfied: int
    by_score: dict

    @property
    def index(self) -> float | None:
        """Satisfied or very satisfied (4–5), in % of the element's answers."""
        return percent(self.satisfied, self.answers)


@dataclass
class SurveyTally:
    responses: int
    on_paper: int
    elements: list[ElementTally]

    @property
    def index(self) -> float | None:
        """The survey's index: the mean of its elements' indexes (elements without answers left out)."""
        values = [element.index for element in self.elements if element.index is not None]
        return round(sum(values) / len(values), 1) if values else None


def survey_tally(survey: Survey) -> SurveyTally:
    rows = SurveyResponse.objects.filter(survey=survey)
    counts = rows.aggregate(total=Count("id"), paper=Count("id", filter=Q(on_paper=True)))
    by_element = {element: {score: 0 for score in SurveyScore.values} for element in SurveyElement.values}
    for scores in rows.values_list("scores", flat=True).iterator(chunk_size=2000):
        for element, score in scores.items():
            if element in by_element and score in by_element[element]:
                by_element[element][score] += 1
    elements = [
        ElementTally(
            element,
            str(label),
            sum(by_element[element].values()),
            by_element[element][4] + by_element[element][5],
            by_element[element],
        )
        for element, label in SurveyElement.choices
    ]
    return SurveyTally(counts["total"], counts["paper"], elements)


def surveys_of(commune):
    return Survey.objects.filter(commune=commune).select_related("opened_by").order_by("-opened_at")


def survey_of_commune(commune, survey_id) -> Survey:
    try:
        return Survey.objects.get(pk=int(survey_id), commune=commune)
    except (Survey.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
