"""Reading the organisation: who holds which roles where, directories of staff and departments."""

from collections import defaultdict

from django.core.cache import caches
from django.db.models import Q, QuerySet

from vidan.core.collation import vi_sort_key
from vidan.core.text import fold
from vidan.org.models import Commune, Department, RoleGrant, Staff, Unit, UnitLevel


def staff_roles_by_commune(staff: Staff) -> dict[int, frozenset[str]]:
    """The roles a staff member holds in each commune, from grants at the commune or any unit above it.

    Two queries whatever the number of grants or communes.
    """
    grants = list(RoleGrant.objects.filter(staff=staff).select_related("unit").only("role", "unit__path"))
    if not grants:
        return {}
    prefix_filter = Q()
    for grant in grants:
        prefix_filter |= Q(unit__path__startswith=grant.unit.path)
    roles: dict[int, set[str]] = defaultdict(set)
    for commune_id, path in Commune.objects.filter(prefix_filter).values_list("id", "unit__path"):
        for grant in grants:
            if path.startswith(grant.unit.path):
                roles[commune_id].add(grant.role)
    return {commune_id: frozenset(names) for commune_id, names in roles.items()}


def communes_by_ids(ids) -> list[Commune]:
    communes = Commune.objects.filter(id__in=ids).select_related("unit", "unit__parent")
    return sorted(communes, key=lambda c: (vi_sort_key(c.unit.name), c.pk))


def staff_directory(*, commune: Commune, query: str = "") -> QuerySet:
    """The commune's active staff; `staff_sorted` puts them in the order of a printed directory."""
    qs = Staff.objects.filter(commune=commune, is_active=True).select_related("department")
    if query:
        qs = qs.filter(full_name_folded__contains=fold(query))
    return qs.order_by("department__name", "full_name")


def staff_sorted(staff) -> list[Staff]:
    """Staff by department, then by name, in Vietnamese alphabetical order (those of no department last).

    A commune's staff is a few dozen people: the whole list is read and sorted here, then paginated, since the
    database's collation (not the same on SQLite and PostgreSQL) puts "Đ" after "Z".
    """

    def key(member):
        department = member.department.name if member.department_id else None
        return (department is None, vi_sort_key(department or ""), vi_sort_key(member.full_name), member.pk)

    return sorted(staff, key=key)


def departments_of(commune: Commune) -> list[Department]:
    return sorted(Department.objects.filter(commune=commune), key=lambda d: (vi_sort_key(d.name), d.pk))


def public_communes(*, query: str = "") -> list[Commune]:
    """The communes on the platform by name in Vietnamese alphabetical order, read whole and sorted here (a few
    hundred at most: the communes that run the model, not every commune of the country)."""
    qs = Commune.objects.select_related("unit", "unit__parent", "unit__parent__parent")
    if query:
        qs = qs.filter(unit__name_folded__contains=fold(query))
    return sorted(qs, key=lambda c: (vi_sort_key(c.unit.name), vi_sort_key(c.unit.kind), c.pk))


PUBLIC_COMMUNE_TTL = 60  # seconds a change to a commune's contact details may take to show on its site


def public_commune_key(slug: str) -> str:
    return f"vidan:public-commune:{slug}"


def public_commune(slug: str) -> Commune | None:
    """A commune by its address on the site, with its unit and the two units above it.

    Every public page asks for it, so each process keeps it in its own memory for PUBLIC_COMMUNE_TTL seconds
    (a round trip to a shared cache would cost about what the query does); the admin drops the entry of the
    process it runs in when it saves a commune.
    """
    key = public_commune_key(slug)
    commune = caches["local"].get(key)
    if commune is None:
        commune = (
            Commune.objects.select_related("unit", "unit__parent", "unit__parent__parent").filter(slug=slug).first()
        )
        if commune is not None:
            caches["local"].set(key, commune, PUBLIC_COMMUNE_TTL)
    return commune


def units_below(unit: Unit) -> QuerySet:
    return Unit.objects.filter(path__startswith=unit.path).exclude(pk=unit.pk)


def province_of(unit: Unit) -> Unit | None:
    """The unit's ancestor of level province (or the unit itself), walking the parents already loaded and
    reading the path only when the tree is deeper than what was loaded."""
    current = unit
    while current.level != UnitLevel.PROVINCE:
        if current.parent_id is None:
            return None
        if not Unit.parent.is_cached(current):
            ids = [int(part) for part in unit.path.strip("/").split("/") if part]
            return Unit.objects.filter(pk__in=ids, level=UnitLevel.PROVINCE).first()
        current = current.parent
    return current
