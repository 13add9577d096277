"""The public site: the list of communes, a commune's home page and its officials."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from vidan.org.models import Commune
from vidan.org.selectors import departments_of, public_communes, staff_directory
from vidan.web.areas import AREAS


def home(request):
    query = request.GET.get("q", "").strip()[:100]
    communes = public_communes(query=query)
    if not query and len(communes[:2]) == 1:
        return redirect("web:commune-home", slug=communes[0].slug)
    page = Paginator(communes, 30).get_page(request.GET.get("page"))
    return render(request, "web/public/index.html", {"page": page, "query": query})


def _commune(slug: str) -> Commune:
    return get_object_or_404(Commune.objects.select_related("unit", "unit__parent", "unit__parent__parent"), slug=slug)


def commune_home(request, slug: str):
    commune = _commune(slug)
    return render(request, "web/public/commune.html", {"commune": commune, "areas": AREAS})


def commune_officials(request, slug: str):
    commune = _commune(slug)
    return render(
        request,
        "web/public/officials.html",
        {
            "commune": commune,
            "officials": staff_directory(commune=commune).exclude(badge_number=None),
            "departments": departments_of(commune),
        },
    )
