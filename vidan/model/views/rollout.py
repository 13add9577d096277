"""The rollout page of a supervisor: the communes below a unit as of a day, scored for a period; one commune's
scorecard in detail; the same figures as a PDF or an XLSX workbook.

A supervisor chooses among the units they supervise (where they hold the role, and the districts below, former
ones included, for history). A unit or commune outside them is refused, whatever id the address names.
"""

from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from vidan.core.charts import Bar, Series, bar_chart, line_chart, sparkline
from vidan.core.days import DayField
from vidan.core.errors import NotFound
from vidan.model.criteria import CRITERIA
from vidan.model.periods import period_containing, period_label
from vidan.model.rollout import (
    Rollout,
    default_day,
    last_period_ended,
    rollout,
    rollout_units,
    state_label,
    unit_period_months,
)
from vidan.model.rollout_report import render_rollout_pdf, render_rollout_xlsx
from vidan.model.scorecards import commune_scorecard
from vidan.org.gate import staff_page
from vidan.org.models import Commune, Unit

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERIODS_OFFERED = 8


def _unit_label(unit: Unit) -> str:
    label = f"{unit.kind.capitalize()} {unit.name}"
    if unit.valid_to:
        label += " " + _("(until %(day)s)") % {"day": unit.valid_to.strftime("%d/%m/%Y")}
    return label


class RolloutForm(forms.Form):
    don_vi = forms.TypedChoiceField(
        label=gettext_lazy("Unit"),
        coerce=int,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the units you supervise.")},
    )
    ngay = DayField(label=gettext_lazy("Communes as of"), required=False)
    ky = forms.ChoiceField(
        label=gettext_lazy("Period"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a period from the list.")},
    )

    def __init__(self, data, *, units: list[Unit]):
        super().__init__(data)
        self.units = {unit.pk: unit for unit in units}
        self.fields["don_vi"].choices = [(unit.pk, _unit_label(unit)) for unit in units]
        unit = self._unit_sent() or (units[0] if units else None)
        day = self._day_sent() or (default_day(unit, timezone.localdate()) if unit else timezone.localdate())
        today = timezone.localdate()
        months = unit_period_months(unit, day) if unit else 3
        # The periods up to today's and those up to the day asked (a history), newest first; the last one that
        # ended is read unless another is chosen.
        spans = set()
        for anchor in {today, day}:
            span = period_containing(anchor, months)
            for _count in range(PERIODS_OFFERED):
                spans.add(span)
                span = period_containing(span[0] - timedelta(days=1), months)
        self.spans = {f"{start:%Y-%m-%d}": (start, end) for start, end in sorted(spans, reverse=True)}
        self.fields["ky"].choices = [(key, period_label(*span)) for key, span in self.spans.items()]
        self.default_span = last_period_ended(today, months)

    def _day_sent(self) -> date | None:
        try:
            return self.fields["ngay"].clean(self.data.get("ngay", "")) if self.data.get("ngay") else None
        except forms.ValidationError:
            return None

    def _unit_sent(self) -> Unit | None:
        try:
            return self.units.get(int(self.data.get("don_vi", "")))
        except ValueError:
            return None

    def chosen(self) -> tuple[Unit, date, date, date]:
        data = self.cleaned_data
        unit = self.units[data["don_vi"]]
        day = data.get("ngay") or default_day(unit, timezone.localdate())
        start, end = self.spans.get(data.get("ky") or "", self.default_span)
        return unit, day, start, end


def _form(request) -> RolloutForm:
    units = rollout_units(request.actor)
    data = request.GET.copy()
    if units and "don_vi" not in data:
        data["don_vi"] = str(units[0].pk)
    return RolloutForm(data, units=units)


def _charts(seen: Rollout) -> dict:
    ranking = bar_chart(
        [
            Bar(row.commune.name, float(row.scores.total), emphasis=row.behind)
            for row in seen.ranking
            if row.scores.total is not None
        ],
        title=_("Total score of each commune, %(period)s") % {"period": seen.label},
        description=_("Communes in order of their total score, out of 100; those falling behind are in red."),
    )
    trend = line_chart(
        [period_label(*span) for span in seen.periods],
        [Series(_("Total"), [None if v is None else float(v) for v in seen.means[0]])]
        + [
            Series(f"{number}. {label}", [None if v is None else float(v) for v in seen.means[number]])
            for number, label in CRITERIA.items()
        ],
        title=_("Mean score of the communes, by criterion and period"),
        description=_("The mean of the communes that launched, for each of the last periods, out of 100."),
    )
    return {"ranking_chart": ranking, "trend_chart": trend}


@require_GET
@staff_page("model.rollout")
def rollout_page(request):
    form = _form(request)
    if not form.is_valid():
        return render(request, "model/staff/rollout.html", {"form": form}, status=400 if form.units else 403)
    unit, day, start, end = form.chosen()
    seen = rollout(unit, day=day, start=start, end=end)
    filters = urlencode({"don_vi": unit.pk, "ngay": f"{day:%d/%m/%Y}", "ky": f"{start:%Y-%m-%d}"})
    rows = [
        {"row": row, "trend": sparkline([None if v is None else float(v) for v in row.trend], label=_("Total"))}
        for row in seen.rows
    ]
    context = {"form": form, "rollout": seen, "rows": rows, "filters": filters, "criteria": CRITERIA, **_charts(seen)}
    return render(request, "model/staff/rollout.html", context)


@require_GET
@staff_page("model.rollout")
def rollout_download(request, file_format: str):
    if file_format not in ("pdf", "xlsx"):
        raise NotFound(_("The rollout downloads as pdf or xlsx."))
    form = _form(request)
    if not form.is_valid():
        return render(request, "model/staff/rollout.html", {"form": form}, status=400 if form.units else 403)
    unit, day, start, end = form.chosen()
    seen = rollout(unit, day=day, start=start, end=end)
    stem = f"trien-khai-mo-hinh-{unit.code}-{start:%Y%m%d}"
    if file_format == "xlsx":
        response = HttpResponse(render_rollout_xlsx(seen), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    else:
        response = HttpResponse(render_rollout_pdf(seen), content_type=PDF)
        response["Content-Disposition"] = f'inline; filename="{stem}.pdf"'
    return response


@require_GET
@staff_page("model.rollout")
def rollout_commune(request, commune_id: int):
    """One commune's scorecard for the period: each criterion, each indicator with its value, target, score and
    where the value comes from; reached from the rollout, for a commune the supervisor oversees."""
    commune = Commune.objects.select_related("unit").filter(pk=commune_id).first()
    if commune is None or not request.actor.can("model.rollout", commune.pk):
        raise NotFound(_("No commune you supervise has this number."))
    form = _form(request)
    if not form.is_valid():
        return render(request, "model/staff/rollout.html", {"form": form}, status=400)
    unit, day, start, end = form.chosen()
    if not commune.unit.path.startswith(unit.path):
        raise NotFound(_("No commune you supervise has this number."))
    card = commune_scorecard(commune, start, end)
    filters = urlencode({"don_vi": unit.pk, "ngay": f"{day:%d/%m/%Y}", "ky": f"{start:%Y-%m-%d}"})
    context = {
        "commune": commune,
        "card": card,
        "state_label": state_label(card.state),
        "unit": unit,
        "period": period_label(start, end),
        "filters": filters,
    }
    return render(request, "model/staff/rollout_commune.html", context)
