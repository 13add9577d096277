"""The public site: the list of communes, a commune's home page and its officials."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from vidan.org.models import Commune
from vidan.org.selectors import departments_of, public_commune, public_communes, staff_directory


def home(request):
    query = request.GET.get("q", "").strip()[:100]
    communes = public_communes(query=query)
    if not query and len(communes[:2]) == 1:
        return redirect("web:commune-home", slug=communes[0].slug)
    page = Paginator(communes, 30).get_page(request.GET.get("page"))
    return render(request, "web/public/index.html", {"page": page, "query": query})


def commune_or_404(slug: str) -> Commune:
    """The public commune of this address, or a 404."""
    commune = public_commune(slug)
    if commune is None:
        raise Http404
    return commune


def commune_home(request, slug: str):
    commune = commune_or_404(slug)
    return render(request, "web/public/commune.html", {"commune": commune})


def commune_officials(request, slug: str):
    commune = commune_or_404(slug)
    return render(
        request,
        "web/public/officials.html",
        {
            "commune": commune,
            "officials": staff_directory(commune=commune).exclude(badge_number=None),
            "departments": departments_of(commune),
        },
    )
