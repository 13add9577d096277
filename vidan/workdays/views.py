"""The due-date calculator (public) and the province's working calendar (back office)."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vidan.core.errors import DomainError, PermissionDenied
from vidan.core.htmx import is_htmx
from vidan.org.gate import staff_page
from vidan.org.selectors import province_of
from vidan.workdays.access import access_calendar_override, is_superuser, manages_province
from vidan.workdays.deadlines import Period
from vidan.workdays.forms import DueForm, OfficeHoursForm, OverrideForm
from vidan.workdays.grids import WEEKDAY_COLUMNS, year_grid
from vidan.workdays.ical import ical_calendar
from vidan.workdays.models import FIRST_YEAR, LAST_YEAR, OfficeHoursRule
from vidan.workdays.selectors import due_answer, overrides_of, province_choices
from vidan.workdays.services import calendar_override_add, calendar_override_remove, office_hours_set
from vidan.workdays.store import calendar_entry

# Which form field shows an error the selectors name after the API's parameters.
_FORM_FIELD = {"received": "received_date", "province": "province"}


@require_GET
def due_calculator(request):
    """Type a receipt and a period, see the due date and why. GET only: the answer is a link to share."""
    provinces = province_choices()
    codes = {code for code, _name in provinces}
    bound = "received_date" in request.GET
    chosen = request.GET.get("province", "")
    form = DueForm(
        request.GET if bound else None, provinces=provinces, initial={"province": chosen if chosen in codes else ""}
    )
    answer = None
    if bound and form.is_valid():
        data = form.cleaned_data
        period = Period.working(data["days"]) if data["unit"] == "working" else Period.calendar(data["days"])
        try:
            answer = due_answer(received=form.received(), period=period, province_code=data["province"] or None)
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(_FORM_FIELD.get(name), problem)
    province_name = dict(provinces).get(answer.province_code) if answer else None
    context = {"form": form, "answer": answer, "province_name": province_name}
    template = "workdays/_due_calculator.html" if is_htmx(request) else "workdays/due.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _year(request) -> int:
    try:
        year = int(request.GET.get("nam") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, FIRST_YEAR), LAST_YEAR)


@require_http_methods(["GET", "POST"])
@staff_page("calendar.view")
def calendar_page(request):
    """The year's calendar of the current commune's province; managers add overrides and office hours."""
    actor, commune = request.actor, request.commune
    province = province_of(commune.unit)
    code = province.code if province else None
    year = _year(request)
    can_manage = province is not None and manages_province(actor, province.code)
    nationwide_allowed = can_manage and is_superuser(actor)
    override_form = OverrideForm(
        prefix="override", nationwide_allowed=nationwide_allowed, province_name=province.name if province else ""
    )
    hours_form = OfficeHoursForm(
        prefix="hours", nationwide_allowed=nationwide_allowed, province_name=province.name if province else ""
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied()
        if request.POST.get("action") == "hours":
            hours_form = OfficeHoursForm(
                request.POST, prefix="hours", nationwide_allowed=nationwide_allowed, province_name=province.name
            )
            if _hours_submit(request, hours_form, province):
                return redirect(f"{reverse('workdays:calendar')}?nam={year}")
        else:
            override_form = OverrideForm(
                request.POST, prefix="override", nationwide_allowed=nationwide_allowed, province_name=province.name
            )
            added = _override_submit(request, override_form, province)
            if added is not None:
                return redirect(f"{reverse('workdays:calendar')}?nam={added.year}#ngay-{added:%Y-%m-%d}")
    entry = calendar_entry(code)
    special = entry.special_between(date(year, 1, 1), date(year, 12, 31))
    context = {
        "province": province,
        "year": year,
        "years": (year - 1 if year > FIRST_YEAR else None, year + 1 if year < LAST_YEAR else None),
        "months": year_grid(year, entry.calendar, entry.special),
        "weekday_columns": WEEKDAY_COLUMNS,
        "special": special,
        "overrides": overrides_of(province, year),
        "hours": entry.calendar.hours,
        "hours_rules": _hours_rules(province),
        "can_manage": can_manage,
        "override_form": override_form,
        "hours_form": hours_form,
        "today": timezone.localdate(),
    }
    return render(request, "workdays/calendar.html", context)


def _override_submit(request, form: OverrideForm, province) -> date | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    unit = None if form.nationwide else province
    try:
        calendar_override_add(
            actor=request.actor, unit=unit, day=data["day"], kind=data["kind"], basis=data["basis"], note=data["note"]
        )
    except ValidationError as error:
        _form_errors(form, error)
        return None
    except DomainError as error:
        if error.status == 403:
            raise
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None
    messages.success(request, _("The override of %(day)s has been added.") % {"day": f"{data['day']:%d/%m/%Y}"})
    return data["day"]


def _hours_submit(request, form: OfficeHoursForm, province) -> bool:
    if not form.is_valid():
        return False
    data = dict(form.cleaned_data)
    data.pop("scope", None)
    unit = None if form.nationwide else province
    try:
        office_hours_set(actor=request.actor, unit=unit, **data)
    except ValidationError as error:
        _form_errors(form, error)
        return False
    messages.success(request, _("The new office hours have been saved."))
    return True


def _form_errors(form, error: ValidationError) -> None:
    for name, problems in error.message_dict.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


def _hours_rules(province):
    scope = OfficeHoursRule.objects.filter(unit__isnull=True)
    if province is not None:
        scope = scope | OfficeHoursRule.objects.filter(unit__code=province.code, unit__level=province.level)
    return scope.select_related("unit").order_by("-valid_from")[:10]


@require_http_methods(["GET", "POST"])
@staff_page("calendar.manage")
def override_remove(request, override_id: int):
    override = access_calendar_override(request.actor, override_id, permission="calendar.manage")
    if request.method == "POST":
        day = override.day
        calendar_override_remove(actor=request.actor, override=override)
        messages.success(request, _("The override of %(day)s has been removed.") % {"day": f"{day:%d/%m/%Y}"})
        return redirect(f"{reverse('workdays:calendar')}?nam={day.year}")
    return render(request, "workdays/override_remove.html", {"override": override})


@require_GET
@staff_page("calendar.view")
def calendar_ics(request, year: int):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    province = province_of(request.commune.unit)
    code = province.code if province else None
    entry = calendar_entry(code)
    name = (
        _("Working calendar %(year)s — %(province)s") % {"year": year, "province": province.name}
        if province
        else _("Working calendar %(year)s") % {"year": year}
    )
    text = ical_calendar(
        entry.special_between(date(year, 1, 1), date(year, 12, 31)),
        name=name,
        uid_scope=code or "vn",
        summary_prefix={False: _("Day off"), True: _("Make-up working day")},
    )
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lich-lam-viec-{code or "vn"}-{year}.ics"'
    return response
