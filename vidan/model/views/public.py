"""The commune's public model page, and the files it shows (the launch's, the signed commitments' scans)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vidan.model.files import stored_file_response
from vidan.model.public import public_file, public_model
from vidan.org.gate import commune_or_404


@require_GET
def model_page(request, slug: str):
    commune = commune_or_404(slug)
    return render(request, "model/public/model.html", {"commune": commune, **public_model(commune)})


@require_GET
def model_public_file(request, slug: str, file_id: int):
    commune = commune_or_404(slug)
    stored = public_file(commune, file_id)
    if stored is None:
        raise Http404
    return stored_file_response(stored, inline=stored.content_type in ("application/pdf", "image/jpeg", "image/png"))
