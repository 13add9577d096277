"""Changing the calendar: overrides and office hours. Each change moves the calendar version in the same
transaction, so every process rebuilds its calendars."""

from datetime import date, time
from uuid import uuid4

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.audit.services import audit_record
from vidan.core.errors import DomainError
from vidan.core.text import clean_text
from vidan.org.actors import Actor
from vidan.org.models import Unit
from vidan.workdays.access import calendar_manage_check, communes_covered
from vidan.workdays.calendar import OutOfRange
from vidan.workdays.models import CalendarOverride, CalendarVersion, OfficeHoursRule, OverrideKind
from vidan.workdays.store import calendar_cache_clear, calendar_entry


def calendar_version_bump() -> int:
    """Move the calendar version. Caller is inside the transaction that changed the data."""
    changed = CalendarVersion.objects.filter(pk=1).update(
        counter=F("counter") + 1, stamp=uuid4().hex, changed_at=timezone.now()
    )
    if not changed:
        CalendarVersion.objects.create(pk=1, counter=1, stamp=uuid4().hex, changed_at=timezone.now())
    # This process sees the change at once; the others within store.CHECK_SECONDS.
    calendar_cache_clear()
    transaction.on_commit(calendar_cache_clear)
    return CalendarVersion.objects.get(pk=1).counter


def _already(unit: Unit | None, day: date, kind: str) -> None:
    """Refuse an override that would change nothing: most often a mistyped date."""
    try:
        entry = calendar_entry(unit.code if unit else None)
        working = entry.calendar.is_working_day(day)
    except OutOfRange:
        return  # the model's own validation names the range
    if kind == OverrideKind.DAY_OFF and not working:
        special = entry.special.get(day)
        reason = special.name if special else _("weekend")
        raise DomainError(
            _("%(day)s is already a day off (%(reason)s).") % {"day": f"{day:%d/%m/%Y}", "reason": reason},
            field="day",
        )
    if kind == OverrideKind.WORKING_DAY and working:
        raise DomainError(_("%(day)s is already a working day.") % {"day": f"{day:%d/%m/%Y}"}, field="day")


@transaction.atomic
def calendar_override_add(
    *, actor: Actor, unit: Unit | None, day: date, kind: str, basis: str, note: str = ""
) -> CalendarOverride:
    """A day off or a make-up working day for a province (`unit`) or the whole country (None)."""
    calendar_manage_check(actor, unit)
    override = CalendarOverride(
        unit=unit, day=day, kind=kind, basis=clean_text(basis), note=clean_text(note), created_by=actor.staff
    )
    override.full_clean()
    _already(unit, day, kind)
    override.save()
    calendar_version_bump()
    _audit_across(
        actor=actor,
        action="workdays.override.add",
        obj=override,
        unit=unit,
        data={
            "day": day.isoformat(),
            "kind": kind,
            "province": unit.code if unit else None,
            "basis": override.basis,
            "note": override.note,
        },
    )
    return override


@transaction.atomic
def calendar_override_remove(*, actor: Actor, override: CalendarOverride) -> None:
    """Caller fetched `override` through access_calendar_override; the right is checked again here."""
    calendar_manage_check(actor, override.unit)
    pk = override.pk
    data = {
        "day": override.day.isoformat(),
        "kind": override.kind,
        "province": override.unit.code if override.unit else None,
        "basis": override.basis,
        "note": override.note,
    }
    override.delete()
    calendar_version_bump()
    override.pk = pk  # deleting cleared it; the entry names what was removed
    _audit_across(actor=actor, action="workdays.override.remove", obj=override, unit=override.unit, data=data)


@transaction.atomic
def office_hours_set(
    *,
    actor: Actor,
    unit: Unit | None,
    valid_from: date,
    morning_start: time,
    morning_end: time,
    afternoon_start: time,
    afternoon_end: time,
    cutoff: time,
    basis: str,
) -> OfficeHoursRule:
    """Office hours from `valid_from` on, for a province or the whole country. Earlier rules stay, so a
    past day keeps the hours it had."""
    calendar_manage_check(actor, unit)
    rule = OfficeHoursRule(
        unit=unit,
        valid_from=valid_from,
        morning_start=morning_start,
        morning_end=morning_end,
        afternoon_start=afternoon_start,
        afternoon_end=afternoon_end,
        cutoff=cutoff,
        basis=clean_text(basis),
        created_by=actor.staff,
    )
    rule.full_clean()
    rule.save()
    calendar_version_bump()
    _audit_across(
        actor=actor,
        action="workdays.office_hours.set",
        obj=rule,
        unit=unit,
        data={
            "province": unit.code if unit else None,
            "valid_from": valid_from.isoformat(),
            "hours": [t.strftime("%H:%M") for t in (morning_start, morning_end, afternoon_start, afternoon_end)],
            "cutoff": cutoff.strftime("%H:%M"),
            "basis": rule.basis,
        },
    )
    return rule


def _audit_across(*, actor: Actor, action: str, obj, unit: Unit | None, data: dict) -> None:
    """A change of a province's calendar (or the nation's, `unit` None) moves the deadlines of every commune it
    covers: each of them finds it in its own audit log, naming the unit it applies to. With no commune on the
    platform there, one entry of no commune keeps the record."""
    data = {**data, "unit": {"code": unit.code, "name": unit.name} if unit else None}
    communes = list(communes_covered(unit))
    for commune in communes or [None]:
        audit_record(actor=actor, action=action, obj=obj, commune=commune, data=data)
