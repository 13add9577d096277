"""A citizen rates a service received, from the one-time link of a QR code, the lookup page or an SMS."""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from vidan.core.errors import Conflict, FieldsRefused, NotFound
from vidan.ratings.models import COMMENT_MAX, RatingLevel
from vidan.ratings.services import invitation_by_token, invitation_subject, rating_refusal, rating_submit


def levels():
    return RatingLevel.choices


# No CSRF token: the one-time token in the address is what lets a rating in, and no cookie or session is
# involved, so a form posted from another site can do nothing a copy of the link could not.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def rate(request, token: str):
    token = token[:100]
    try:
        invitation = invitation_by_token(token)
        kind, subject = invitation_subject(invitation)
    except NotFound as missing:
        return render(request, "ratings/rate.html", {"refusal": missing.message}, status=404)
    context = {
        "commune": subject.commune,
        "subject": subject,
        "questions": kind.questions,
        "levels": levels(),
        "comment_max": COMMENT_MAX,
        "sent": {},
        "errors": {},
    }
    status = 200
    if request.method == "POST":
        sent = {name: request.POST.get(name, "") for name in ("level", "comment", *(q.code for q in kind.questions))}
        try:
            rating_submit(
                token=token,
                level=sent["level"],
                comment=sent["comment"],
                answers={q.code: sent[q.code] for q in kind.questions},
            )
        except FieldsRefused as refused:
            context.update(sent=sent, errors=refused.fields)
            status = 400
        except Conflict as conflict:
            context["refusal"] = conflict.message
            return render(request, "ratings/rate.html", context, status=409)
        else:
            return redirect("ratings:thanks")
    context["refusal"] = rating_refusal(invitation, kind, subject)
    return render(request, "ratings/rate.html", context, status=status)


def thanks(request):
    return render(request, "ratings/thanks.html")
