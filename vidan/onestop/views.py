"""The public procedure catalogue, and its import and export in the back office."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from vidan.onestop.catalogue import CatalogueFileError, catalogue_export, catalogue_import, catalogue_read
from vidan.onestop.forms import CatalogueUploadForm
from vidan.onestop.lookup import (
    dossier_and_steps_by_code,
    lookup_card,
    lookup_page,
    page_texts,
    pin_blocked,
    pin_check,
    public_view,
)
from vidan.onestop.models import Procedure
from vidan.onestop.selectors import fields_in_use, procedure_in_force, procedures_in_force
from vidan.org.gate import staff_page
from vidan.org.middleware import client_ip


def catalogue(request):
    query = request.GET.get("q", "").strip()[:100]
    field_code = request.GET.get("linh-vuc", "").strip()[:20]
    procedures = list(procedures_in_force(query=query, field_code=field_code))
    template = "onestop/_catalogue_rows.html" if request.headers.get("HX-Request") else "onestop/catalogue.html"
    response = render(
        request,
        template,
        {"procedures": procedures, "query": query, "field_code": field_code, "fields": fields_in_use()},
    )
    response["Vary"] = "HX-Request"
    return response


def procedure_detail(request, code: str):
    procedure = procedure_in_force(code)
    if procedure is None:
        raise Http404
    return render(request, "onestop/procedure.html", {"procedure": procedure})


@staff_page()
def catalogue_admin(request):
    """Export for everyone in the back office; import (with a dry run first) for deployment administrators."""
    result, form = None, CatalogueUploadForm()
    if request.method == "POST":
        if not request.user.is_superuser:
            return render(request, "web/errors/403.html", status=403)
        form = CatalogueUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = catalogue_read(upload.read(), filename=upload.name)
            except CatalogueFileError as error:
                form.add_error("file", str(error))
            else:
                dry_run = not form.cleaned_data["apply"]
                result = catalogue_import(actor=request.actor, rows=rows, dry_run=dry_run)
                if result.written:
                    messages.success(
                        request,
                        _("Catalogue imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
                    )
                    return redirect("onestop:catalogue-admin")
    return render(
        request,
        "onestop/catalogue_admin.html",
        {"form": form, "result": result, "count": procedures_in_force().count()},
    )


@staff_page()
def catalogue_download(request, file_format: str):
    if file_format not in ("csv", "xlsx"):
        raise Http404
    content = catalogue_export(Procedure.objects.order_by("code", "valid_from"), file_format=file_format)
    kind = (
        "text/csv; charset=utf-8"
        if file_format == "csv"
        else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    response = HttpResponse(content, content_type=kind)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="thu-tuc-{stamp}.{file_format}"'
    return response


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
        context["dossier_card"] = lookup_card(context["dossier"], context["texts"])
    status = 404 if code and found is None else 200
    return render(request, "onestop/lookup.html", context, status=status)
