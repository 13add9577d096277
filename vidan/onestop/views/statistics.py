"""The statistics page of the one-stop desk, and the same figures as a report to download (PDF or XLSX).

The page and the downloads read the same filters (the period, a department) and count only the dossiers of
the commune the officer is working in (`staff_page`): a download is never wider than the page.
"""

from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from vidan.core.days import DayField
from vidan.core.replica import replica_reads
from vidan.onestop.paperwork.statistics_report import (
    ReportLine,
    StatisticsReport,
    render_statistics_pdf,
    render_statistics_xlsx,
)
from vidan.onestop.paperwork_data import department_label, letterhead_of
from vidan.onestop.statistics import Figures, Statistics, dossier_statistics
from vidan.org.gate import staff_page
from vidan.org.models import DepartmentKind

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PeriodForm(forms.Form):
    tu = DayField(label=_("From"), error_messages={"required": _("Enter the first day of the period.")})
    den = DayField(label=_("To"), error_messages={"required": _("Enter the last day of the period.")})
    bo_phan = forms.ChoiceField(
        label=_("Department"),
        required=False,
        choices=[("", _("Any")), *DepartmentKind.choices],
        error_messages={"invalid_choice": _("Choose from the list.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("tu") and data.get("den"):
            if data["tu"] > data["den"]:
                raise forms.ValidationError(_("The start date is after the end date."))
            if (data["den"] - data["tu"]).days > 366 * 5:
                raise forms.ValidationError(_("Choose a period of at most five years."))
        return data


def _period_form(request) -> PeriodForm:
    """The form bound to the address's query; a day left out is the year's first day, or today."""
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("tu", today.replace(month=1, day=1).isoformat())
    data.setdefault("den", today.isoformat())
    return PeriodForm(data)


def _statistics(request, form: PeriodForm) -> Statistics:
    data = form.cleaned_data
    # Counts that may lag a few seconds: from the read replica when there is one (vidan.core.replica).
    with replica_reads():
        return dossier_statistics(
            commune=request.commune, date_from=data["tu"], date_to=data["den"], department_kind=data["bo_phan"]
        )


def _page(request, form: PeriodForm, stats: Statistics | None, *, status: int = 200) -> HttpResponse:
    query = ""
    if stats is not None:
        query = urlencode({"tu": stats.date_from.isoformat(), "den": stats.date_to.isoformat()})
        if stats.department_kind:
            query += "&" + urlencode({"bo_phan": stats.department_kind})
    context = {"form": form, "stats": stats, "download_query": query}
    return render(request, "onestop/staff/statistics.html", context, status=status)


@require_http_methods(["GET"])
@staff_page("dossier.view")
def statistics(request):
    form = _period_form(request)
    return _page(request, form, _statistics(request, form) if form.is_valid() else None)


def _line(label: str, figures: Figures) -> ReportLine:
    counts = (
        figures.total,
        figures.carried_over,
        figures.received_online,
        figures.received_desk,
        figures.done,
        figures.done_early,
        figures.done_on_time,
        figures.done_late,
        figures.in_progress,
        figures.open_on_time,
        figures.open_late,
        figures.waiting_citizen,
        figures.withdrawn,
    )
    return ReportLine(label, counts, figures.on_time_percent)


def statistics_report_of(commune, stats: Statistics) -> StatisticsReport:
    """The report's record: the page's figures, with the commune's letterhead. Issued in Vietnamese."""
    return StatisticsReport(
        letterhead=letterhead_of(commune),
        period_from=stats.date_from,
        period_to=stats.date_to,
        as_of=stats.as_of,
        ended=stats.ended,
        department=department_label(stats.department_kind, {}) if stats.department_kind else "",
        by_department=tuple(_line(department_label(row.kind, {}), row.figures) for row in stats.by_department),
        by_procedure=tuple(_line(row.label, row.figures) for row in stats.by_procedure),
        total=_line("Tổng cộng", stats.total),
    )


@never_cache
@require_http_methods(["GET"])
@staff_page("dossier.view")
def statistics_download(request, file_format: str):
    """The figures of the page, with its filters, as an A4 landscape PDF or an XLSX workbook; bad filters give
    the page back with the errors."""
    form = _period_form(request)
    if not form.is_valid():
        return _page(request, form, None, status=400)
    stats = _statistics(request, form)
    report = statistics_report_of(request.commune, stats)
    stem = f"thong-ke-mot-cua-{stats.date_from:%Y%m%d}-{stats.date_to:%Y%m%d}"
    if stats.department_kind:
        stem += f"-{stats.department_kind}"
    if file_format == "xlsx":
        response = HttpResponse(render_statistics_xlsx(report), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    else:
        response = HttpResponse(render_statistics_pdf(report), content_type=PDF)
        response["Content-Disposition"] = f'inline; filename="{stem}.pdf"'
    return response
