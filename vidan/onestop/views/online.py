"""The citizen's online pages: choosing a procedure, submitting the dossier, sending a supplement."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from vidan.core.errors import Conflict, DomainError
from vidan.core.uploads import upload_too_large_message
from vidan.onestop.codes import REFERENCE
from vidan.onestop.forms import OnlineSubmissionForm, SupplementForm, form_refusal_show
from vidan.onestop.lifecycle import CITIZEN_TRANSITIONS
from vidan.onestop.lookup import dossier_by_code, pin_blocked, pin_check
from vidan.onestop.models import OnlineLevel
from vidan.onestop.online import dossier_submit_online, dossier_supplement_online, procedure_accepts_online
from vidan.onestop.selectors import procedure_in_force_cached, procedures_in_force, procedures_listed
from vidan.org.gate import commune_or_404
from vidan.org.middleware import client_ip

# The PIN of a dossier just submitted, shown once on the next page.
PIN_COOKIE_SALT = "vidan.onestop.submitted-pin"
PIN_COOKIE_SECONDS = 10 * 60


def _pin_cookie(reference: str) -> str:
    return f"vidan_pin_{reference}"


def online_choose(request, slug: str):
    """The procedures this commune takes online, with the same accent-insensitive search as the catalogue."""
    commune = commune_or_404(slug)
    query = request.GET.get("q", "").strip()[:100]
    procedures = procedures_in_force(query=query).filter(online_level__in=[OnlineLevel.FULL, OnlineLevel.PARTIAL])
    context = {"commune": commune, "procedures": procedures_listed(procedures), "query": query}
    return render(request, "onestop/online/choose.html", context)


def _procedure_online(code: str):
    procedure = procedure_in_force_cached(code[:40])
    if procedure is None or not procedure_accepts_online(procedure):
        raise Http404
    return procedure


@never_cache
@require_http_methods(["GET", "POST"])
def online_submit(request, slug: str, code: str):
    """The form generated from the procedure's documents. A refused field keeps everything else typed; files
    must be chosen again (browsers never refill a file input), and the page says so."""
    commune, procedure = commune_or_404(slug), _procedure_online(code)
    if request.method != "POST":
        form = OnlineSubmissionForm(procedure=procedure)
    else:
        form = OnlineSubmissionForm(request.POST, request.FILES, procedure=procedure)
        if getattr(request, "upload_too_large", False):
            form.add_error(None, upload_too_large_message())
        elif form.is_valid():
            data = form.cleaned_data
            try:
                dossier, pin = dossier_submit_online(
                    commune=commune,
                    procedure=procedure,
                    applicant_name=data["applicant_name"],
                    applicant_phone=data["applicant_phone"],
                    applicant_email=data["applicant_email"],
                    applicant_address=data["applicant_address"],
                    result_delivery=data["result_delivery"],
                    files=form.checked,
                    consent=data["consent"],
                    ip=client_ip(request),
                    fee_pages=data.get("fee_pages"),
                    fee_copies=data.get("fee_copies"),
                )
            except DomainError as error:
                form_refusal_show(form, error)
            else:
                url = reverse("onestop:online-submitted", kwargs={"slug": commune.slug, "code": procedure.code})
                response = redirect(f"{url}?ma={dossier.reference}")
                # The PIN travels to the next page in a signed cookie of its own (one per reference, so a second
                # tab does not hide the first one's), read once there: never in a URL, no session to write.
                response.set_signed_cookie(
                    _pin_cookie(dossier.reference),
                    pin,
                    salt=PIN_COOKIE_SALT,
                    max_age=PIN_COOKIE_SECONDS,
                    path=url,
                    secure=settings.SESSION_COOKIE_SECURE or request.is_secure(),
                    httponly=True,
                    samesite="Strict",
                )
                return response
    status = 422 if form.is_bound else 200
    return render(
        request,
        "onestop/online/submit.html",
        {
            "commune": commune,
            "procedure": procedure,
            "form": form,
            "at_desk": [d for d in procedure.documents.all() if not d.upload_accepted],
        },
        status=status,
    )


@never_cache
def online_submitted(request, slug: str, code: str):
    """The reference and the PIN, once. Reloading the page later shows how to find the dossier instead."""
    commune, procedure = commune_or_404(slug), _procedure_online(code)
    reference = request.GET.get("ma", "")[:20]
    pin = None
    if REFERENCE.match(reference):
        pin = request.get_signed_cookie(
            _pin_cookie(reference), default=None, salt=PIN_COOKIE_SALT, max_age=PIN_COOKIE_SECONDS
        )
    submitted = {"reference": reference, "pin": pin} if pin is not None else None
    response = render(
        request,
        "onestop/online/submitted.html",
        {"commune": commune, "procedure": procedure, "submitted": submitted},
    )
    if pin is not None:
        response.delete_cookie(_pin_cookie(reference), path=request.path, samesite="Strict")
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def supplement(request):
    """The citizen answers a supplement request: the PIN, the missing files, a word for the desk.

    What the desk asked for is not shown here (the code alone must not reveal an officer's notes): the citizen
    has it by SMS or e-mail, and on the lookup page with the PIN. The PIN is checked before any file is
    opened."""
    code = (request.POST.get("ma") or request.GET.get("ma") or "").strip()[:40]
    dossier = dossier_by_code(code)
    if dossier is None:
        raise Http404
    waiting = dossier.status in CITIZEN_TRANSITIONS["supplement"].sources
    ip = client_ip(request)
    blocked = pin_blocked(dossier, ip)
    form = SupplementForm(procedure=dossier.procedure)
    status = 200
    if request.method == "POST" and waiting:
        pin_ok = not blocked and pin_check(dossier=dossier, pin=request.POST.get("pin", ""), ip=ip)
        form = SupplementForm(request.POST, request.FILES, procedure=dossier.procedure, check_files=pin_ok)
        if getattr(request, "upload_too_large", False):
            form.add_error(None, upload_too_large_message())
        elif form.is_valid() and pin_ok:
            try:
                dossier_supplement_online(dossier=dossier, files=form.checked, note=form.cleaned_data["note"], ip=ip)
            except Conflict as conflict:
                messages.error(request, conflict.message)
                return redirect(reverse("onestop:lookup") + f"?ma={dossier.label}")
            except DomainError as error:
                form_refusal_show(form, error)
            else:
                messages.success(
                    request, _("Thank you. The one-stop desk has your supplement and will check it again.")
                )
                return redirect(reverse("onestop:lookup") + f"?ma={dossier.label}")
        if not pin_ok:
            blocked = pin_blocked(dossier, ip)
            form.add_error(
                "pin",
                _("Too many wrong PINs. For your safety, try again in 15 minutes.")
                if blocked
                else _("The PIN does not match this dossier."),
            )
        status = 422
    return render(
        request,
        "onestop/online/supplement.html",
        {"dossier": dossier, "waiting": waiting, "form": form, "blocked": blocked},
        status=status if waiting else 409 if request.method == "POST" else 200,
    )
