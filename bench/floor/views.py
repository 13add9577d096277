import random

from django import forms
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from bench.floor.models import FLOOR_ROWS, FloorRow, FloorSubmission, floor_key
from vidan.onestop.models import Dossier

# How many rows the list floor shows: a back-office page of 50.
LIST_ROWS = 50


def floor_row(request):
    """One row fetched by a random unique key, rendered as about 1 KB of HTML."""
    row = get_object_or_404(FloorRow, key=floor_key(random.randrange(FLOOR_ROWS)))
    return render(request, "floor/row.html", {"row": row})


def floor_rows(request):
    """50 consecutive rows from a random key on, rendered as a table: the floor of a list page."""
    start = random.randrange(FLOOR_ROWS - LIST_ROWS)
    rows = list(
        FloorRow.objects.filter(key__gte=floor_key(start), key__lt=floor_key(start + LIST_ROWS)).order_by("key")
    )
    return render(request, "floor/rows.html", {"rows": rows})


class FloorSubmissionForm(forms.Form):
    name = forms.CharField(max_length=120)
    phone = forms.RegexField(regex=r"^0\d{9,10}$", max_length=20)


@csrf_exempt  # wrk posts without a session; a real form's CSRF check costs a cookie comparison
@require_http_methods(["GET", "POST"])
def floor_submit(request):
    """A form-encoded POST validated by a Form, one row inserted in a transaction, then a redirect: the floor
    of a write."""
    form = FloorSubmissionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            FloorSubmission.objects.create(**form.cleaned_data, at=timezone.now())
        return redirect("benchfloor:row")
    return render(request, "floor/submit.html", {"form": form}, status=400 if form.is_bound else 200)


def floor_rollout(request):
    """One GROUP BY over the whole dossier table, a row per commune (100 in the benchmark), rendered as a table:
    the floor of a page that sums up every commune below a supervisor."""
    rows = list(
        Dossier.objects.values("commune_id")
        .annotate(received=Count("received_at"), returned=Count("returned_at"))
        .order_by("commune_id")
    )
    return render(request, "floor/rollout.html", {"rows": rows})
