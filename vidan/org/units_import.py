"""Loading today's administrative units (34 provinces, 3,321 communes) from the `vietnam-provinces` package.

The two-tier system took effect on 2025-07-01 (Luật 72/2025/QH15): every current unit starts that day.
A run is idempotent: units are matched on their GSO code and that start date, so a second run changes
nothing, a renamed unit is renamed back, and a unit that left the package is closed the day before the run.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from vietnam_provinces import Province, Ward

from vidan.core.text import fold
from vidan.org.models import Unit, UnitLevel
from vidan.org.services import unit_update

TWO_TIER_FROM = date(2025, 7, 1)
"""The day the two-tier system took effect: valid_from of every unit this module loads."""

_BATCH = 500
_NO_PATH_YET = "/"  # a real path is never just "/": it ends with the unit's own id

# The package's division types, as the kind a person reads before the name ("xã Thuận Hóa").
_KINDS = {
    "tỉnh": "tỉnh",
    "thành phố trung ương": "thành phố",
    "xã": "xã",
    "phường": "phường",
    "đặc khu": "đặc khu",
}


@dataclass(frozen=True)
class UnitRecord:
    """One unit as the package describes it, in the shape the database keeps."""

    code: str
    name: str
    kind: str
    level: str
    parent_code: str | None = None


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: list[str] = field(default_factory=list)  # "code name" of units closed because they left the package

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        return (
            f"{self.total} units: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.retired)} closed"
        )


def _kind_and_name(division_type: str, full_name: str) -> tuple[str, str]:
    """ "Thành phố Hà Nội" → ("thành phố", "Hà Nội"); "Quảng Trị" → ("tỉnh", "Quảng Trị")."""
    kind = _KINDS[division_type]
    prefix = kind.capitalize() + " "
    name = full_name[len(prefix) :] if full_name.startswith(prefix) else full_name
    return kind, name.strip()


def units_from_package() -> list[UnitRecord]:
    """Every current unit, provinces first. GSO codes are zero-padded: 2 digits for a province, 5 for a commune."""
    records = []
    for province in sorted(Province.iter_all(), key=lambda p: int(p.code.value)):
        kind, name = _kind_and_name(province.division_type.value, province.name)
        records.append(UnitRecord(f"{int(province.code.value):02d}", name, kind, UnitLevel.PROVINCE))
    for ward in sorted(Ward.iter_all(), key=lambda w: int(w.code.value)):
        kind, name = _kind_and_name(ward.division_type.value, ward.name)
        records.append(
            UnitRecord(
                f"{int(ward.code.value):05d}",
                name,
                kind,
                UnitLevel.COMMUNE,
                parent_code=f"{int(ward.province_code.value):02d}",
            )
        )
    return records


@transaction.atomic
def units_import(*, progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Create or bring up to date every current unit; close those that are no longer listed.

    `progress(done, total)` is called now and then. Existing units are fetched in one query and compared in
    memory; only changed units cost a write, and new units are inserted in bulk.
    """
    records = units_from_package()
    existing: dict[str, Unit] = {unit.code: unit for unit in Unit.objects.filter(valid_from=TWO_TIER_FROM)}
    report = ImportReport()
    total, done = len(records), 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, total)

    for record in records:
        unit = existing.get(record.code)
        if unit is None:
            continue
        if unit_update(unit=unit, name=record.name, kind=record.kind, valid_to=None):
            report.updated += 1
        else:
            report.unchanged += 1
    advance(report.updated + report.unchanged)

    # Provinces first: a commune's path starts with its province's.
    for level in (UnitLevel.PROVINCE, UnitLevel.COMMUNE):
        new = [r for r in records if r.level == level and r.code not in existing]
        _units_bulk_create(new, existing, advance)
        report.created += len(new)

    listed = {record.code for record in records}
    yesterday = timezone.localdate() - timedelta(days=1)
    # Children before parents, so a province is never closed while a commune below it looks open.
    gone = sorted((u for code, u in existing.items() if code not in listed), key=lambda u: -u.depth)
    for unit in gone:
        if unit.valid_to is None:
            unit_update(unit=unit, name=unit.name, kind=unit.kind, valid_to=max(yesterday, unit.valid_from))
            report.retired.append(f"{unit.code} {unit.name}")
    return report


def _units_bulk_create(records: list[UnitRecord], existing: dict[str, Unit], advance: Callable[[int], None]) -> None:
    """Insert new units of one level, then give them their paths; `existing` gains them.

    The same result as `services.unit_create` one by one, which costs six queries a unit (20,000 for a
    first import: 7–11 s on SQLite, over 20 s on PostgreSQL). Uniqueness on code + valid_from is already
    known from `existing`, and the parents were checked when they were created, so only the fields are
    validated here; this costs a few dozen queries.
    """
    if not records:
        return
    units = []
    for record in records:
        parent = existing[record.parent_code] if record.parent_code else None
        unit = Unit(
            code=record.code,
            name=record.name,
            kind=record.kind,
            level=record.level,
            parent=parent,
            valid_from=TWO_TIER_FROM,
            name_folded=fold(record.name),
            path=_NO_PATH_YET,
            depth=parent.depth + 1 if parent else 0,
        )
        unit.clean_fields(exclude=["path", "parent"])
        units.append(unit)
    for start in range(0, len(units), _BATCH):
        Unit.objects.bulk_create(units[start : start + _BATCH])
        advance(len(units[start : start + _BATCH]))
    # A unit's path is its parent's followed by its own id, known only now.
    parents = {unit.parent_id: unit.parent for unit in units}
    for parent in parents.values():
        Unit.objects.filter(valid_from=TWO_TIER_FROM, parent=parent, path=_NO_PATH_YET).update(
            path=Concat(Value(parent.path if parent else "/"), Cast("id", CharField()), Value("/"))
        )
    codes = {record.code for record in records}
    for unit in Unit.objects.filter(valid_from=TWO_TIER_FROM, level=records[0].level):
        if unit.code in codes:
            existing[unit.code] = unit
