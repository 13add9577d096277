"""The statistics page of the one-stop desk."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidan.core.days import DayField
from vidan.onestop.statistics import dossier_statistics
from vidan.org.gate import staff_page


class PeriodForm(forms.Form):
    tu = DayField(label=_("From"))
    den = DayField(label=_("To"))

    def clean(self):
        data = super().clean()
        if data.get("tu") and data.get("den"):
            if data["tu"] > data["den"]:
                raise forms.ValidationError(_("The start date is after the end date."))
            if (data["den"] - data["tu"]).days > 366 * 5:
                raise forms.ValidationError(_("Choose a period of at most five years."))
        return data


@staff_page("dossier.view")
def statistics(request):
    today = timezone.localdate()
    form = PeriodForm(request.GET or {"tu": today.replace(month=1, day=1), "den": today})
    stats = None
    if form.is_valid():
        stats = dossier_statistics(
            commune=request.commune, date_from=form.cleaned_data["tu"], date_to=form.cleaned_data["den"]
        )
    rows = []
    if stats is not None:
        # One loop in the template, not an included row each: a year has a few dozen rows.
        rows = [
            (_("Whole commune"), stats.total, True),
            *((row.label, row.figures, True) for row in stats.by_department),
            *((row.label, row.figures, False) for row in stats.by_procedure),
        ]
    return render(request, "onestop/staff/statistics.html", {"form": form, "stats": stats, "rows": rows})
