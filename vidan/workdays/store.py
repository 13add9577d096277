"""The calendar in force for a province, built from the holidays package and the operator's data, cached per
process.

Layers, each winning over the one before for the same day: the holidays package (country VN, its public
holidays and the swaps it knows), the make-up working days its names reveal ("Day off (substituted from
08/22/2026)" means 22/08/2026 is worked), the nationwide overrides, the province's overrides.

A process keeps what it built, keyed by province, and asks the database for the calendar version at most
every CHECK_SECONDS; any change to overrides or office hours moves the version in the same transaction, so
every worker picks it up within that time. Office hours are those in force on the day the calendar was
built; a calendar built yesterday is built again.
"""

import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import holidays
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vidan.org.models import Unit, UnitLevel
from vidan.workdays.calendar import Calendar, OfficeHours
from vidan.workdays.models import (
    FIRST_YEAR,
    LAST_YEAR,
    CalendarOverride,
    CalendarVersion,
    OfficeHoursRule,
    OverrideKind,
)

CHECK_SECONDS = 3.0
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
_SUBSTITUTED = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")


class UnknownProvince(LookupError):
    """No province has this code."""


class Source:
    LAW = "law"  # a public holiday of the Labour Code, from the holidays package
    COMPENSATORY = "compensatory"  # a holiday on a weekend moved to the next working day
    SWAP = "swap"  # the government's yearly swap, from the holidays package
    OVERRIDE = "override"  # the operator's


@dataclass(frozen=True)
class SpecialDay:
    """A day that is not what its weekday says, or a named holiday: what it is and why."""

    day: date
    working: bool
    source: str
    names: dict[str, str] = field(default_factory=dict)  # language → the package's name
    substitute_for: date | None = None  # a make-up day: the day off it pays for
    note: str = ""
    override_basis: str = ""
    province_code: str = ""  # "" nationwide
    override_id: int | None = None

    @property
    def weekend(self) -> bool:
        return self.day.weekday() >= 5

    @property
    def is_override(self) -> bool:
        return self.source == Source.OVERRIDE

    @property
    def name(self) -> str:
        if self.is_override:
            return self.note or (_("Make-up working day") if self.working else _("Day off"))
        if self.substitute_for is not None:
            return _("Make-up working day for %(day)s") % {"day": f"{self.substitute_for:%d/%m/%Y}"}
        language = (get_language() or "vi")[:2]
        return self.names.get(language) or self.names.get("en", "")

    @property
    def basis(self) -> str:
        if self.is_override:
            return self.override_basis
        if self.source == Source.COMPENSATORY:
            return _("Labour Code 2019, Art. 111(3): a holiday on a weekly rest day is taken the next working day")
        if self.source == Source.SWAP:
            return _("Day off swapped with a make-up working day, as announced by the government")
        return _("Labour Code 2019, Art. 112")


@dataclass(frozen=True)
class CalendarEntry:
    """A calendar and what each of its special days is."""

    calendar: Calendar
    special: dict[date, SpecialDay]
    province_code: str | None
    built_on: date
    stamp: str

    def special_between(self, start: date, end: date) -> list[SpecialDay]:
        return [self.special[day] for day in sorted(self.special) if start <= day <= end]


@lru_cache(maxsize=1)
def package_days() -> dict[date, SpecialDay]:
    """The holidays package's days off and the make-up days its names reveal, over the calendar's years.

    Built once per process: the package does not change while it runs.
    """
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    english = holidays.country_holidays("VN", years=years, language="en_US")
    vietnamese = holidays.country_holidays("VN", years=years, language="vi")
    days: dict[date, SpecialDay] = {}
    for day, name in english.items():
        if "substituted from" in name:
            source = Source.SWAP
        elif "(observed)" in name:
            source = Source.COMPENSATORY
        else:
            source = Source.LAW
        days[day] = SpecialDay(
            day=day, working=False, source=source, names={"en": name, "vi": vietnamese.get(day, name)}
        )
    for day, name in english.items():
        for month, dom, year in _SUBSTITUTED.findall(name):
            worked = date(int(year), int(month), int(dom))
            if FIRST_DAY <= worked <= LAST_DAY and worked not in days:
                days[worked] = SpecialDay(day=worked, working=True, source=Source.SWAP, substitute_for=day)
    return days


def _override_day(override: CalendarOverride, province_code: str) -> SpecialDay:
    return SpecialDay(
        day=override.day,
        working=override.kind == OverrideKind.WORKING_DAY,
        source=Source.OVERRIDE,
        note=override.note,
        override_basis=override.basis,
        province_code=province_code if override.unit_id else "",
        override_id=override.pk,
    )


def _office_hours(province_code: str | None, today: date) -> OfficeHours:
    """The rule in force today: the province's own if it has one, else the nationwide one."""
    scope = Q(unit__isnull=True)
    if province_code:
        scope |= Q(unit__code=province_code, unit__level=UnitLevel.PROVINCE)
    rules = OfficeHoursRule.objects.filter(scope, valid_from__lte=today).order_by("-valid_from")
    nationwide = province = None
    for rule in rules.only(
        "unit_id", "valid_from", "morning_start", "morning_end", "afternoon_start", "afternoon_end", "cutoff"
    ):
        if rule.unit_id is None:
            nationwide = nationwide or rule
        else:
            province = province or rule
    chosen = province or nationwide
    return chosen.as_office_hours() if chosen else OfficeHours()


def build(province_code: str | None, *, stamp: str, counter: int, today: date) -> CalendarEntry:
    """Read the data and build the calendar (three queries)."""
    if province_code and not Unit.objects.filter(level=UnitLevel.PROVINCE, code=province_code).exists():
        raise UnknownProvince(province_code)
    special = dict(package_days())
    scope = Q(unit__isnull=True)
    if province_code:
        scope |= Q(unit__code=province_code, unit__level=UnitLevel.PROVINCE)
    # Nationwide rows first, so that a province's row for the same day replaces them.
    overrides = CalendarOverride.objects.filter(scope).order_by("unit_id", "day")
    nationwide = [o for o in overrides if o.unit_id is None]
    provincial = [o for o in overrides if o.unit_id is not None]
    for override in [*nationwide, *provincial]:
        special[override.day] = _override_day(override, province_code or "")
    days_off = [day for day, entry in special.items() if not entry.working]
    working = [day for day, entry in special.items() if entry.working]
    calendar = Calendar(
        days_off=days_off,
        working_days=working,
        hours=_office_hours(province_code, today),
        first=FIRST_DAY,
        last=LAST_DAY,
        version=str(counter),
    )
    return CalendarEntry(calendar, special, province_code, today, stamp)


# -- the per-process cache ------------------------------------------------------------------------------
_lock = threading.Lock()
_entries: dict[str | None, CalendarEntry] = {}
_known: dict[str, object] = {"stamp": None, "counter": 0, "checked": float("-inf")}


def _current_version() -> tuple[str, int]:
    """The version as the database has it, asked at most every CHECK_SECONDS."""
    now = time.monotonic()
    if now - _known["checked"] >= CHECK_SECONDS:
        row = CalendarVersion.objects.filter(pk=1).values_list("stamp", "counter").first()
        stamp, counter = row if row else ("none", 0)
        with _lock:
            if stamp != _known["stamp"]:
                _entries.clear()
            _known.update(stamp=stamp, counter=counter, checked=now)
    return _known["stamp"], _known["counter"]


def calendar_entry(province_code: str | None = None) -> CalendarEntry:
    province_code = province_code or None
    stamp, counter = _current_version()
    today = timezone.localdate()
    entry = _entries.get(province_code)
    if entry is not None and entry.stamp == stamp and entry.built_on == today:
        return entry
    entry = build(province_code, stamp=stamp, counter=counter, today=today)
    with _lock:
        if _known["stamp"] == stamp:
            _entries[province_code] = entry
    return entry


def calendar_for(province_code: str | None = None) -> Calendar:
    """The calendar in force for a province (by its GSO code), or nationwide. Raises UnknownProvince."""
    return calendar_entry(province_code).calendar


def calendar_stamp() -> str:
    """An opaque value that changes whenever the calendar data changes: for cache keys."""
    return _current_version()[0]


def calendar_cache_clear() -> None:
    """Forget every calendar built and ask the database for the version on the next call.

    The services call it after a change, so this process sees the change at once (others within
    CHECK_SECONDS).
    """
    with _lock:
        _entries.clear()
        _known.update(stamp=None, counter=0, checked=float("-inf"))
