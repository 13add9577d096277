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
    sent, errors, status = {}, {}, 200
    if request.method == "POST":
        # Straight to the service: the page is drawn again only when it refuses.
        sent = {key: request.POST.get(key, "") for key in request.POST if key != "csrfmiddlewaretoken"}
        try:
            rating_submit(
                token=token,
                level=sent.get("level", ""),
                comment=sent.get("comment", ""),
                answers={key: value for key, value in sent.items() if key not in ("level", "comment")},
            )
        except FieldsRefused as refused:
            errors, status = refused.fields, 400
        except (Conflict, NotFound) as refused:
            return _refused(request, token, refused)
        else:
            return redirect("ratings:thanks")
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
        "sent": sent,
        "errors": errors,
        "refusal": rating_refusal(invitation, kind, subject),
    }
    return render(request, "ratings/rate.html", context, status=status)


def _refused(request, token: str, refused):
    """The page with the service's refusal, and the service named when the link is a real one."""
    context = {"refusal": refused.message}
    try:
        _kind, subject = invitation_subject(invitation_by_token(token))
        context.update(subject=subject, commune=subject.commune)
    except NotFound:
        pass
    return render(request, "ratings/rate.html", context, status=refused.status)


def thanks(request):
    return render(request, "ratings/thanks.html")
