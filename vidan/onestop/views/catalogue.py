"""The procedure catalogue in the back office: its export for everyone there, its import (a dry run first) for
the deployment's administrators."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.onestop.catalogue import CatalogueFileError, catalogue_export, catalogue_import, catalogue_read
from vidan.onestop.forms import CatalogueUploadForm
from vidan.onestop.models import Procedure
from vidan.onestop.selectors import procedures_in_force
from vidan.org.gate import staff_page


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
