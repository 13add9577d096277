import random

from django.shortcuts import get_object_or_404, render

from bench.floor.models import FLOOR_ROWS, FloorRow, floor_key


def floor_row(request):
    """One row fetched by a random unique key, rendered as about 1 KB of HTML."""
    row = get_object_or_404(FloorRow, key=floor_key(random.randrange(FLOOR_ROWS)))
    return render(request, "floor/row.html", {"row": row})
