"""GET /api/v1/units — the administrative units, public. Authentication: none."""

from datetime import date

from django.db.models import Q
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from vidan.core.text import fold
from vidan.org.models import Unit

router = Router(tags=["public"])


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    level: str
    parent_code: str | None
    valid_from: date
    valid_to: date | None


class UnitQuery(Schema):
    parent: str | None = Field(None, max_length=10, description="GSO code of the parent unit")
    level: str | None = Field(None, pattern="^(province|district|commune)$")
    q: str = Field("", max_length=100, description="Part of the name; accents optional")
    on: date | None = Field(None, description="Units valid on this day (default: today)")
    limit: int = Field(100, ge=1, le=1000)


@router.get("units", response=list[UnitOut], auth=None, summary="Administrative units valid on a day")
def unit_list(request, filters: Query[UnitQuery]):
    day = filters.on or timezone.localdate()
    units = Unit.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)
    if filters.parent:
        units = units.filter(parent__code=filters.parent, parent__valid_from__lte=day).filter(
            Q(parent__valid_to__isnull=True) | Q(parent__valid_to__gte=day)
        )
    if filters.level:
        units = units.filter(level=filters.level)
    if filters.q:
        units = units.filter(name_folded__contains=fold(filters.q))
    units = units.select_related("parent").order_by("code")[: filters.limit]
    return [
        UnitOut(
            code=u.code,
            name=u.name,
            kind=u.kind,
            level=u.level,
            parent_code=u.parent.code if u.parent else None,
            valid_from=u.valid_from,
            valid_to=u.valid_to,
        )
        for u in units
    ]


@router.get("health", auth=None, summary="The service answers")
def health(request):
    return {"status": "ok"}
