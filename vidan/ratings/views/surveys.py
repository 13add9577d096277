"""The SIPAS-style survey: its public page, and in the back office the surveys of the commune, each with its
tally per element, the paper forms' entry and its closing."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from vidan.core.days import DayField
from vidan.core.errors import Conflict, FieldsRefused, NotFound
from vidan.org.gate import staff_page
from vidan.org.middleware import client_ip
from vidan.ratings.models import COMMENT_MAX, SurveyElement, SurveyScore
from vidan.ratings.services import Throttled
from vidan.ratings.surveys import (
    survey_answer,
    survey_by_code,
    survey_close,
    survey_of_commune,
    survey_open,
    survey_paper_enter,
    survey_tally,
    surveys_of,
)


def _sent(request) -> dict:
    return {name: request.POST.get(name, "") for name in (*SurveyElement.values, "comment")}


def _questions_context(sent: dict, errors: dict) -> dict:
    return {
        "elements": [(value, label, sent.get(value, "")) for value, label in SurveyElement.choices],
        "scores": SurveyScore.choices,
        "sent": sent,
        "errors": errors,
        "comment_max": COMMENT_MAX,
    }


# No CSRF token: the survey's address is public, no cookie or session is involved, and a form posted from
# another site can do nothing that posting it here could not (the answers per address are limited).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def survey_public(request, code: str):
    try:
        survey = survey_by_code(code)
    except NotFound as missing:
        return render(request, "ratings/survey_public.html", {"refusal": missing.message}, status=404)
    sent, errors, status = {}, {}, 200
    context = {"survey": survey, "commune": survey.commune}
    if not survey.is_open:
        context["refusal"] = _("This survey is closed: thank you, answers are no longer taken.")
        return render(request, "ratings/survey_public.html", context, status=200 if request.method == "GET" else 409)
    if request.method == "POST":
        sent = _sent(request)
        try:
            survey_answer(
                survey=survey,
                scores={element: sent[element] for element in SurveyElement.values},
                comment=sent["comment"],
                ip=client_ip(request),
            )
        except FieldsRefused as refused:
            errors, status = refused.fields, 400
        except (Conflict, Throttled) as refused:
            context["refusal"] = refused.message
            return render(request, "ratings/survey_public.html", context, status=refused.status)
        else:
            return redirect("ratings:thanks")
    context.update(_questions_context(sent, errors))
    return render(request, "ratings/survey_public.html", context, status=status)


class SurveyForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    date_from = DayField(label=gettext_lazy("Period from"))
    date_to = DayField(label=gettext_lazy("Period to"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Give the survey a title.")


@require_http_methods(["GET", "POST"])
@staff_page("survey.enter")
def surveys(request):
    can_manage = request.actor.can("survey.manage", request.commune.id)
    today = timezone.localdate()
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        initial={"date_from": today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), "date_to": today},
    )
    status = 200
    if request.method == "POST":
        if not can_manage:
            return render(request, "web/errors/403.html", status=403)
        if form.is_valid():
            try:
                survey = survey_open(actor=request.actor, commune=request.commune, **form.cleaned_data)
            except FieldsRefused as refused:
                for field, errors in refused.fields.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                return redirect("ratings:survey", survey.pk)
        status = 400
    context = {"form": form, "can_manage": can_manage, "surveys": list(surveys_of(request.commune))}
    return render(request, "ratings/staff/surveys.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_page("survey.enter")
def survey_page(request, survey_id: int):
    """A survey's tally per element, its public link, the entry of a paper form."""
    survey = survey_of_commune(request.commune, survey_id)
    sent, errors, status = {}, {}, 200
    if request.method == "POST":
        sent = _sent(request)
        try:
            survey_paper_enter(
                actor=request.actor,
                survey=survey,
                scores={element: sent[element] for element in SurveyElement.values},
                comment=sent["comment"],
            )
        except FieldsRefused as refused:
            errors, status = refused.fields, 400
        else:
            messages.success(request, _("The paper form is entered."))
            return redirect("ratings:survey", survey.pk)
    context = {
        "survey": survey,
        "tally": survey_tally(survey),
        "public_url": request.build_absolute_uri(f"/khao-sat/{survey.code}/"),
        "can_manage": request.actor.can("survey.manage", request.commune.id),
        **_questions_context(sent, errors),
    }
    return render(request, "ratings/staff/survey.html", context, status=status)


@require_POST
@staff_page("survey.manage")
def survey_close_view(request, survey_id: int):
    survey = survey_of_commune(request.commune, survey_id)
    survey_close(actor=request.actor, survey=survey)
    messages.success(request, _("The survey is closed."))
    return redirect("ratings:survey", survey.pk)
