"""Reading the calendar: due dates with their explanation, the special days of a year, the next days off,
the overrides of a province, the provinces to choose from."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from vidan.core.collation import vi_sort_key
from vidan.org.models import Unit, UnitLevel
from vidan.workdays.calendar import VIETNAM, OutOfRange
from vidan.workdays.deadlines import Period, due_day
from vidan.workdays.models import FIRST_YEAR, LAST_YEAR, CalendarOverride
from vidan.workdays.store import CalendarEntry, SpecialDay, UnknownProvince, calendar_entry

MAX_PERIOD = 20_000  # days; anything longer runs off the calendar anyway


def out_of_range_message() -> str:
    return _(
        "The calendar covers 01/01/%(first)s to 31/12/%(last)s; the receipt and the due date must fall within it."
    ) % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


def parse_received(text: str) -> datetime:
    """An ISO 8601 date and time (2026-02-13T16:00, with or without an offset); without one it is Vietnam
    time. Raises ValueError."""
    text = (text or "").strip()
    if len(text) <= 10:  # a date alone, or nothing: the time decides the 15:00 rule, so it is required
        raise ValueError(text)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(VIETNAM)


def _days(value, name: str, errors: dict) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.setdefault(name, []).append(_("Enter a whole number of days."))
        return None
    if number < 0:
        errors.setdefault(name, []).append(_("The period cannot be negative."))
        return None
    if number > MAX_PERIOD:
        errors.setdefault(name, []).append(out_of_range_message())
        return None
    return number


def due_question(*, received, working_days=None, calendar_days=None) -> tuple[datetime, Period]:
    """Check raw input (from the command line or a query string): a moment and one period.

    Raises ValidationError naming each bad field: received, working_days, calendar_days.
    """
    errors: dict[str, list[str]] = {}
    moment = None
    if isinstance(received, datetime):
        moment = received if received.tzinfo else received.replace(tzinfo=VIETNAM)
    else:
        try:
            moment = parse_received(received)
        except (TypeError, ValueError):
            errors["received"] = [
                _("Enter the date and time received as YYYY-MM-DDTHH:MM, for example 2026-02-13T16:00.")
            ]
    given = {"working_days": working_days, "calendar_days": calendar_days}
    present = [name for name, value in given.items() if value is not None and str(value).strip() != ""]
    if len(present) == 2:
        for name in present:
            errors.setdefault(name, []).append(_("Give the period in working days or in calendar days, not both."))
    elif not present:
        errors["working_days"] = [_("Give the period in working days or in calendar days.")]
    numbers = {name: _days(given[name], name, errors) for name in present}
    if errors:
        raise ValidationError(errors)
    if "working_days" in numbers:
        return moment, Period.working(numbers["working_days"])
    return moment, Period.calendar(numbers["calendar_days"])


@dataclass(frozen=True)
class DueAnswer:
    received: datetime  # Vietnam time
    period: Period
    province_code: str | None
    receipt_day: date
    due: datetime
    calendar_version: str
    moved: bool = False  # counted from the next working day (after the cut-off, or a day off)
    after_cutoff: bool = False
    received_on_working_day: bool = True
    last_day: date | None = None  # calendar days: the period's last day before moving to a working day
    days_off: list[SpecialDay] = field(default_factory=list)  # named days off skipped, weekends aside
    cutoff: str = "15:00"
    close: str = "17:00"

    @property
    def in_working_days(self) -> bool:
        return self.period.working_days is not None

    @property
    def due_day(self) -> date:
        return self.due.date()

    @property
    def days(self) -> int:
        return self.period.working_days if self.in_working_days else self.period.calendar_days


def due_answer(*, received: datetime, period: Period, province_code: str | None = None) -> DueAnswer:
    """The due date of `period` from `received`, with what an explanation needs.

    Raises ValidationError on the field at fault: an unknown province, a date outside the calendar.
    """
    entry = _entry(province_code)
    calendar = entry.calendar
    local = received.astimezone(VIETNAM)
    try:
        received_on_working_day = calendar.is_working_day(local.date())
        day = due_day(calendar, local, period)
        if period.working_days is not None:
            receipt = calendar.receipt_day(local)
            last = None
        else:
            receipt = local.date()
            last = local.date() + timedelta(days=period.calendar_days)
    except (OutOfRange, OverflowError):
        raise ValidationError({"received": [out_of_range_message()]}) from None
    hours = calendar.hours
    after_cutoff = local.time() >= hours.cutoff
    return DueAnswer(
        received=local,
        period=period,
        province_code=province_code or None,
        receipt_day=receipt,
        due=calendar.end_of_day(day),
        calendar_version=calendar.version,
        moved=receipt != local.date(),
        after_cutoff=after_cutoff,
        received_on_working_day=received_on_working_day,
        last_day=last,
        days_off=_named_days_off(entry, local.date(), day),
        cutoff=hours.cutoff.strftime("%H:%M"),
        close=hours.close.strftime("%H:%M"),
    )


def _entry(province_code: str | None) -> CalendarEntry:
    try:
        return calendar_entry(province_code or None)
    except UnknownProvince:
        raise ValidationError(
            {"province": [_("No province has the code %(code)s.") % {"code": province_code}]}
        ) from None


def _named_days_off(entry: CalendarEntry, start: date, end: date, limit: int = 30) -> list[SpecialDay]:
    days = [special for special in entry.special_between(start, end) if not special.working and not special.weekend]
    return days[:limit]


def special_days_of_year(province_code: str | None, year: int) -> tuple[str, list[SpecialDay]]:
    """The calendar's version and every day of the year that is not what its weekday says, or is a named
    holiday. Raises ValidationError for an unknown province."""
    entry = _entry(province_code)
    return entry.calendar.version, entry.special_between(date(year, 1, 1), date(year, 12, 31))


def days_off_ahead(province_code: str | None, today: date, count: int = 5) -> list[SpecialDay]:
    """The next `count` days off that fall on a weekday, from today on."""
    entry = calendar_entry(province_code or None)
    found = []
    for day in sorted(entry.special):
        if day < today:
            continue
        special = entry.special[day]
        if not special.working and not special.weekend:
            found.append(special)
            if len(found) == count:
                break
    return found


def overrides_of(province: Unit | None, year: int | None = None) -> QuerySet:
    """The nationwide overrides and those of the province (matched by code), oldest day first."""
    scope = Q(unit__isnull=True)
    if province is not None:
        scope |= Q(unit__code=province.code, unit__level=UnitLevel.PROVINCE)
    overrides = CalendarOverride.objects.filter(scope).select_related("unit", "created_by")
    if year is not None:
        overrides = overrides.filter(day__year=year)
    return overrides.order_by("day", "unit_id")


PROVINCES_TTL = 600


def province_choices() -> list[tuple[str, str]]:
    """(code, name) of every province code, under the name of its latest unit, in alphabetical order."""
    choices = caches["local"].get("vidan:province-choices")
    if choices is None:
        latest: dict[str, str] = {}
        for code, name in (
            Unit.objects.filter(level=UnitLevel.PROVINCE).order_by("code", "valid_from").values_list("code", "name")
        ):
            latest[code] = name
        choices = sorted(latest.items(), key=lambda item: vi_sort_key(item[1]))
        caches["local"].set("vidan:province-choices", choices, PROVINCES_TTL)
    return choices
