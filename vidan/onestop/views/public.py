"""What anyone may read without an account: the procedure catalogue, a procedure, and the lookup of a dossier by
its code (with its PIN, the details)."""

from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from vidan.audit.services import audit_record
from vidan.onestop.fee_request import fee_problem_text
from vidan.onestop.fees import fee_compute, fee_request_check
from vidan.onestop.links import LOOKUP, dossier_links
from vidan.onestop.lookup import (
    dossier_and_steps_by_code,
    lookup_card,
    lookup_counted,
    lookup_page,
    page_texts,
    pin_blocked,
    pin_check,
    public_view,
)
from vidan.onestop.online import citizen_actor
from vidan.onestop.results import dossier_results, result_by_token, result_link_token
from vidan.onestop.selectors import fields_in_use, procedure_in_force, procedures_in_force, procedures_listed
from vidan.onestop.views.files import stored_file_response
from vidan.org.middleware import client_ip


def catalogue(request):
    query = request.GET.get("q", "").strip()[:100]
    field_code = request.GET.get("linh-vuc", "").strip()[:20]
    procedures = procedures_listed(procedures_in_force(query=query, field_code=field_code))
    template = "onestop/_catalogue_rows.html" if request.headers.get("HX-Request") else "onestop/catalogue.html"
    response = render(
        request,
        template,
        {"procedures": procedures, "query": query, "field_code": field_code, "fields": fields_in_use()},
    )
    response["Vary"] = "HX-Request"
    return response


def procedure_detail(request, code: str):
    """A procedure as NĐ 63/2010 Art. 8(2) describes it, with a fee calculator: a GET form, so that it works
    without JavaScript and a result can be linked to."""
    procedure = procedure_in_force(code)
    if procedure is None:
        raise Http404
    calculator = (
        _fee_calculator(procedure, request.GET)
        if procedure.fee_rule.needs_pages or procedure.fee_rule.counts_copies
        else None
    )
    return render(request, "onestop/procedure.html", {"procedure": procedure, "calculator": calculator})


def _fee_calculator(procedure, query) -> dict:
    """The calculator's fields as sent, what is wrong with them, and the fee when it can be worked out."""
    rule = procedure.fee_rule
    pages, copies = query.get("trang", "").strip()[:10], query.get("ban", "").strip()[:10]
    online = query.get("truc-tuyen") == "1"
    asked = bool(pages or copies)
    problems = fee_request_check(rule, pages=pages, copies=copies or "1") if asked else {}
    errors = {field: fee_problem_text(field, problem) for field, problem in problems.items()}
    fee = None
    if asked and not errors:
        fee = fee_compute(rule, pages=int(pages) if pages else None, copies=int(copies or 1), online=online)
    return {
        "pages": pages,
        "copies": copies or "1",
        "online": online,
        "needs_pages": rule.needs_pages,
        "counts_copies": rule.counts_copies,
        "errors": errors,
        "fee": fee,
    }


# No CSRF check on the PIN form: a PIN sent from another site changes nothing that sending it from anywhere else
# would not (the wrong-PIN counters are per dossier and per address, and the details go only into the response,
# which that site cannot read), and no session is involved. Without a token the page mints no CSRF cookie.
@csrf_exempt
@never_cache
def lookup(request):
    """A citizen looks a dossier up by its code; the PIN opens the personal details (POST, audited)."""
    code = (request.POST.get("ma") or request.GET.get("ma") or "").strip()[:40]
    found = dossier_and_steps_by_code(code) if code else None
    context = {"code": code, "texts": page_texts(), "dossier": None, "blocked": False, "pin_error": ""}
    if code and not lookup_counted(client_ip(request), found=found is not None):
        context["throttled"] = True
        return render(request, "onestop/lookup.html", context, status=429)
    if found is not None:
        dossier, steps = found
        ip, with_details = client_ip(request), False
        # The wrong-PIN counters are read when a PIN is tried, not to show the form: a look at the status, the
        # page's everyday use, makes no round trip to the shared cache.
        if request.method == "POST":
            context["blocked"] = pin_blocked(dossier, ip)
            if not context["blocked"]:
                with_details = pin_check(dossier=dossier, pin=request.POST.get("pin", ""), ip=ip)
                if not with_details:
                    context["pin_error"] = _("The PIN does not match this dossier.")
                    context["blocked"] = pin_blocked(dossier, ip)
        context["dossier"] = lookup_page(public_view(dossier, with_details=with_details, steps=steps))
        if with_details:  # the electronic result, behind the PIN like the details
            context["results"] = [(result, result_link_token(dossier, result)) for result in dossier_results(dossier)]
            # What other modules link the dossier to (vidan.onestop.links), behind the PIN too.
            context["links"] = dossier_links(dossier, LOOKUP)
        context["dossier_card"] = lookup_card(context["dossier"], context["texts"])
    status = 404 if code and found is None else 200
    return render(request, "onestop/lookup.html", context, status=status)


@never_cache
def lookup_result(request, token: str):
    """The electronic result, from the link the lookup page gives after a right PIN (vidan.onestop.results)."""
    result = result_by_token(token[:500])
    if result is None:
        raise Http404
    with transaction.atomic():
        audit_record(
            actor=citizen_actor(client_ip(request)),
            action="onestop.lookup.result",
            obj=result.dossier,
            commune=result.commune,
            data={"file": result.pk, "sha256": result.sha256},
        )
    return stored_file_response(result)
