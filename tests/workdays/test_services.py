"""Adding and removing overrides and setting office hours: who may, what is refused, what is recorded."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from tests.factories import SYSTEM, actor_of, make_commune, make_staff
from vidan.audit.models import AuditEntry
from vidan.audit.verify import audit_verify
from vidan.core.errors import DomainError, NotFound, PermissionDenied
from vidan.org.models import Role
from vidan.org.selectors import province_of
from vidan.workdays.access import access_calendar_override
from vidan.workdays.models import CalendarOverride, CalendarVersion, OfficeHoursRule
from vidan.workdays.services import calendar_override_add, calendar_override_remove, office_hours_set


@pytest.fixture
def province(commune):
    return province_of(commune.unit)


def add(actor, unit, day=date(2026, 3, 2), kind="day_off", basis="Quyết định 12/QĐ-UBND", note=""):
    return calendar_override_add(actor=actor, unit=unit, day=day, kind=kind, basis=basis, note=note)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPERVISOR])
def test_a_manager_adds_a_province_override_and_it_is_audited(commune, province, role):
    # Given an administrator (or supervisor) of the province
    manager = make_staff(commune, role, unit=province)
    counter = CalendarVersion.objects.get(pk=1).counter

    # When they add a day off for the province
    override = add(actor_of(manager), province, note="Lễ hội truyền thống")

    # Then it is stored with its basis and author, the version moved, and the audit log says who and what
    assert (override.unit, override.kind, override.basis, override.created_by) == (
        province,
        "day_off",
        "Quyết định 12/QĐ-UBND",
        manager,
    )
    assert CalendarVersion.objects.get(pk=1).counter == counter + 1
    entry = AuditEntry.objects.get(action="workdays.override.add", object_id=str(override.pk))
    assert entry.actor == manager
    assert entry.data["day"] == "2026-03-02" and entry.data["province"] == province.code


def test_removing_an_override_is_audited(commune, province):
    admin = make_staff(commune, Role.ADMIN, unit=province)
    override = add(actor_of(admin), province)
    counter = CalendarVersion.objects.get(pk=1).counter

    calendar_override_remove(actor=actor_of(admin), override=override)

    assert not CalendarOverride.objects.filter(unit=province).exists()
    assert CalendarVersion.objects.get(pk=1).counter == counter + 1
    entry = AuditEntry.objects.get(action="workdays.override.remove")
    assert entry.object_id == str(override.pk) and entry.data["basis"] == "Quyết định 12/QĐ-UBND"


@pytest.mark.parametrize("role", [Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.INSPECTOR])
def test_a_role_without_calendar_manage_cannot_add(commune, province, role):
    member = make_staff(commune, role)
    with pytest.raises(PermissionDenied):
        add(actor_of(member), province)
    assert not CalendarOverride.objects.filter(unit=province).exists()


def test_an_administrator_of_another_province_cannot_add(province, other_commune):
    stranger = make_staff(other_commune, Role.ADMIN, unit=province_of(other_commune.unit))
    with pytest.raises(PermissionDenied):
        add(actor_of(stranger), province)


def test_nationwide_overrides_need_a_superuser(commune):
    admin = make_staff(commune, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        add(actor_of(admin), None)
    type(admin).objects.filter(pk=admin.pk).update(is_superuser=True)
    admin.refresh_from_db()
    override = add(actor_of(admin), None)
    assert override.unit is None


def test_bad_overrides_are_refused_with_the_field_at_fault(commune, province):
    add(SYSTEM, province)
    with pytest.raises(ValidationError) as duplicate:
        add(SYSTEM, province, kind="working_day")
    assert "__all__" in duplicate.value.message_dict or "day" in duplicate.value.message_dict
    with pytest.raises(ValidationError) as missing_basis:
        add(SYSTEM, province, day=date(2026, 3, 3), basis="  ")
    assert "basis" in missing_basis.value.message_dict
    with pytest.raises(ValidationError) as outside:
        add(SYSTEM, province, day=date(2050, 1, 3))
    assert "day" in outside.value.message_dict
    with pytest.raises(ValidationError) as not_a_province:
        add(SYSTEM, commune.unit, day=date(2026, 3, 3))
    assert "unit" in not_a_province.value.message_dict
    assert CalendarOverride.objects.filter(unit__isnull=False).count() == 1


def test_an_override_that_changes_nothing_is_refused(province):
    # A Sunday is already off; a plain Tuesday is already a working day; Tết is already off
    with pytest.raises(DomainError, match="08/03/2026"):
        add(SYSTEM, province, day=date(2026, 3, 8))
    with pytest.raises(DomainError):
        add(SYSTEM, province, day=date(2026, 3, 3), kind="working_day")
    with pytest.raises(DomainError, match="Tết"):
        add(SYSTEM, province, day=date(2026, 2, 17))
    assert not CalendarOverride.objects.filter(unit=province).exists()


def test_access_to_an_override_of_another_province_is_not_found(commune, province, other_commune):
    override = add(SYSTEM, province)
    stranger = make_staff(other_commune, *Role.values)
    with pytest.raises(NotFound):
        access_calendar_override(actor_of(stranger), override.pk)
    with pytest.raises(NotFound):
        access_calendar_override(actor_of(stranger), 10**9)


def test_access_to_an_override_of_ones_province_checks_the_right(commune, province):
    override = add(SYSTEM, province)
    officer = actor_of(make_staff(commune, Role.DESK_OFFICER))
    assert access_calendar_override(officer, override.pk) == override
    with pytest.raises(PermissionDenied):
        access_calendar_override(officer, override.pk, permission="calendar.manage")
    # a supervisor of the whole province reaches it from any of its communes
    supervisor = actor_of(make_staff(None, Role.SUPERVISOR, unit=province))
    assert access_calendar_override(supervisor, override.pk, permission="calendar.manage") == override


def test_office_hours_are_checked_and_audited(province):
    before = OfficeHoursRule.objects.count()
    with pytest.raises(ValidationError) as bad:
        office_hours_set(
            actor=SYSTEM,
            unit=province,
            valid_from=date(2026, 1, 1),
            morning_start=time(7, 30),
            morning_end=time(11, 30),
            afternoon_start=time(13, 30),
            afternoon_end=time(17, 0),
            cutoff=time(18, 0),
            basis="Quyết định 7/QĐ-UBND",
        )
    assert "cutoff" in bad.value.message_dict
    assert OfficeHoursRule.objects.count() == before

    rule = office_hours_set(
        actor=SYSTEM,
        unit=province,
        valid_from=date(2026, 1, 1),
        morning_start=time(7, 0),
        morning_end=time(11, 0),
        afternoon_start=time(13, 30),
        afternoon_end=time(17, 0),
        cutoff=time(15, 0),
        basis="Quyết định 7/QĐ-UBND",
    )
    entry = AuditEntry.objects.get(action="workdays.office_hours.set")
    assert entry.object_id == str(rule.pk) and entry.data["hours"][0] == "07:00"


def test_a_communes_own_administrator_cannot_change_the_province_calendar(commune, province):
    # Given the administrator of one commune of the province (granted at the commune, not at the province)
    admin = make_staff(commune, Role.ADMIN)

    # Then neither a day off nor office hours for the whole province are theirs to set
    with pytest.raises(PermissionDenied):
        add(actor_of(admin), province)
    with pytest.raises(PermissionDenied):
        office_hours_set(
            actor=actor_of(admin), unit=province, valid_from=date(2026, 3, 2), morning_start=time(7, 30),
            morning_end=time(11, 30), afternoon_start=time(13, 30), afternoon_end=time(17), cutoff=time(15),
            basis="QĐ 1",
        )  # fmt: skip
    assert not CalendarOverride.objects.filter(unit=province).exists()


def test_a_province_override_is_in_the_audit_log_of_every_commune_it_touches(commune, province):
    # Given two communes of the province and one elsewhere
    neighbour = make_commune(name="Lâm Hóa", province=province)
    elsewhere = make_commune(name="Xa Xôi")
    supervisor = make_staff(commune, Role.SUPERVISOR, unit=province)

    # When the province's supervisor adds a day off
    override = add(actor_of(supervisor), province)

    # Then each commune of the province has its own entry naming the province; the other commune has none
    entries = AuditEntry.objects.filter(action="workdays.override.add", object_id=str(override.pk))
    assert set(entries.values_list("commune", flat=True)) == {commune.pk, neighbour.pk}
    assert all(entry.data["unit"] == {"code": province.code, "name": province.name} for entry in entries)
    assert not AuditEntry.objects.filter(action="workdays.override.add", commune=elsewhere).exists()
    assert audit_verify().ok
