"""The public site: the list of communes, a commune's home page and its officials."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from vidan.org.gate import commune_or_404
from vidan.org.selectors import departments_of, public_communes, staff_directory, staff_sorted
from vidan.web.areas import AREAS
from vidan.web.nav import public_links, site_links


def home(request):
    query = request.GET.get("q", "").strip()[:100]
    communes = public_communes(query=query)
    if not query and len(communes[:2]) == 1:
        return redirect("web:commune-home", slug=communes[0].slug)
    page = Paginator(communes, 30).get_page(request.GET.get("page"))
    return render(request, "web/public/index.html", {"page": page, "query": query, "site_links": site_links()})


def commune_home(request, slug: str):
    commune = commune_or_404(slug)
    links = public_links(commune)
    areas = [(area, links.get(area.anchor)) for area in AREAS]
    return render(request, "web/public/commune.html", {"commune": commune, "areas_with_links": areas})


def commune_officials(request, slug: str):
    commune = commune_or_404(slug)
    return render(
        request,
        "web/public/officials.html",
        {
            "commune": commune,
            "officials": staff_sorted(staff_directory(commune=commune).exclude(badge_number=None)),
            "departments": departments_of(commune),
        },
    )
