"""The back office: home, directory, a colleague's card, the audit log, notices, switching commune, search."""

from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from vidan.audit.actions import audit_action_label, audit_object_name, audit_object_url
from vidan.audit.selectors import audit_entries
from vidan.audit.services import audit_record
from vidan.notify.selectors import recent_notices
from vidan.notify.services import staff_notices_mark_read
from vidan.org.access import access_staff_member
from vidan.org.gate import SESSION_COMMUNE, staff_page
from vidan.org.selectors import departments_of, staff_directory, staff_sorted
from vidan.web.forms import AuditFilterForm
from vidan.web.nav import search_links


@staff_page()
def staff_home(request):
    commune = request.commune
    return render(
        request,
        "web/staff/home.html",
        {
            "departments": departments_of(commune),
            "my_roles": sorted(request.actor.roles_in(commune.id)),
            "staff_count": staff_directory(commune=commune).count(),
        },
    )


@staff_page("staff.view_directory")
def directory(request):
    query = request.GET.get("q", "").strip()[:100]
    # A commune's staff is read whole and sorted in Vietnamese order before it is paginated (staff_sorted).
    people = staff_sorted(staff_directory(commune=request.commune, query=query))
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    # htmx asks for the rows alone, except when it restores a page from history and needs all of it.
    fragment = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "web/staff/_directory_rows.html" if fragment else "web/staff/directory.html"
    response = render(request, template, {"page": page, "query": query})
    patch_vary_headers(response, ["HX-Request"])
    return response


@staff_page("staff.view_directory")
def staff_member(request, staff_id: int):
    member = access_staff_member(request.actor, staff_id)
    show_personal = request.actor.can("staff.view_personal", member.commune_id)
    if show_personal:
        with transaction.atomic():
            audit_record(actor=request.actor, action="org.staff.view_personal", obj=member, commune=member.commune)
    return render(request, "web/staff/member.html", {"member": member, "show_personal": show_personal})


@staff_page("audit.view")
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(
        commune_ids=request.actor.communes_where("audit.view"),
        action_code=filters.get("action") or "",
        actor=filters.get("actor") or "",
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [
        {
            "entry": entry,
            "label": audit_action_label(entry.action),
            "object_name": audit_object_name(entry.object_type) if entry.object_type else "",
            "object_url": audit_object_url(entry.object_type, entry.object_id),
        }
        for entry in page
    ]
    return render(
        request, "web/staff/audit.html", {"form": form, "page": page, "rows": rows, "page_query": query.urlencode()}
    )


@staff_page()
def notices(request):
    items = list(recent_notices(request.user))
    if request.method == "POST":
        staff_notices_mark_read(recipient=request.user)
        return redirect("web:notices")
    return render(request, "web/staff/notices.html", {"notices": items})


@require_POST
@staff_page()
def switch_commune(request):
    try:
        chosen = int(request.POST.get("commune", ""))
    except ValueError:
        chosen = None
    if chosen in request.actor.commune_ids:
        request.session[SESSION_COMMUNE] = chosen
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "web:staff-home"
    return redirect(target)


@staff_page()
def search(request):
    """The search box of the back office: staff are searched here; each module's records are searched where they
    live, in its own list with all its filters, and the box leads there (vidan/core/menus.py)."""
    query = request.GET.get("q", "").strip()[:100]
    people = staff_sorted(staff_directory(commune=request.commune, query=query)[:20]) if query else []
    elsewhere = search_links(request.actor, request.commune.id, query) if query else []
    return render(request, "web/staff/search.html", {"query": query, "people": people, "elsewhere": elsewhere})
