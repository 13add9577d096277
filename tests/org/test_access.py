import pytest

from tests.factories import actor_of, make_commune, make_staff, make_unit
from vidan.core.errors import NotFound, PermissionDenied
from vidan.org.access import access_commune, access_staff_member
from vidan.org.models import Role, UnitLevel
from vidan.org.selectors import staff_roles_by_commune


def test_supervisor_at_a_province_sees_every_commune_below_and_no_other(db):
    province = make_unit(level=UnitLevel.PROVINCE)
    district = make_unit(level=UnitLevel.DISTRICT, parent=province)
    first, second = make_commune(province=district), make_commune(province=district)
    elsewhere = make_commune()
    supervisor = make_staff(None, Role.SUPERVISOR, unit=province)

    roles = staff_roles_by_commune(supervisor)

    assert set(roles) == {first.id, second.id}
    assert roles[first.id] == {Role.SUPERVISOR}
    with pytest.raises(NotFound):
        access_commune(actor_of(supervisor), elsewhere.id, permission="backoffice.view")


def test_roles_from_several_grants_add_up(commune):
    officer = make_staff(commune, Role.DESK_OFFICER, Role.SPECIALIST)
    assert staff_roles_by_commune(officer) == {commune.id: {Role.DESK_OFFICER, Role.SPECIALIST}}


def test_role_without_the_permission_is_forbidden_not_hidden(commune):
    inspector = make_staff(commune, Role.INSPECTOR)
    with pytest.raises(PermissionDenied):
        access_commune(actor_of(inspector), commune.id, permission="audit.view")


def test_staff_of_another_commune_look_missing(commune, other_commune):
    outsider = make_staff(other_commune, Role.ADMIN)
    insider = make_staff(commune, Role.DESK_OFFICER)
    with pytest.raises(NotFound):
        access_staff_member(actor_of(outsider), insider.id)
    with pytest.raises(NotFound):
        access_staff_member(actor_of(outsider), "not-a-number")
    assert access_staff_member(actor_of(insider), insider.id) == insider


def test_client_ip_trusts_only_the_configured_proxies(rf, settings):
    from vidan.org.middleware import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    settings.VIDAN_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.VIDAN_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"


def test_staff_cannot_be_put_in_another_communes_department(commune, other_commune):
    from django.core.exceptions import ValidationError

    from tests.factories import make_department

    foreign = make_department(other_commune)
    with pytest.raises(ValidationError) as refused:
        make_staff(commune, Role.SPECIALIST, department=foreign)
    assert refused.value.message_dict == {"department": ["Bộ phận này thuộc xã khác."]}


def test_only_a_commune_level_unit_becomes_a_tenant(db):
    from django.core.exceptions import ValidationError

    from tests.factories import SYSTEM
    from vidan.org.services import commune_create

    province = make_unit(level=UnitLevel.PROVINCE)
    with pytest.raises(ValidationError) as refused:
        commune_create(actor=SYSTEM, unit=province, slug="tinh", agency_code="000.25.31.H44")
    assert "unit" in refused.value.message_dict
