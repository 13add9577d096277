"""vidan simulate: synthetic communes with departments and officials, added once."""

from io import StringIO

import pytest
from django.core.management import call_command

from vidan.org.demo import DEPARTMENTS
from vidan.org.management.commands.simulate import ROSTER
from vidan.org.models import Commune, Department, Role, RoleGrant, Staff, Unit

pytestmark = pytest.mark.django_db


def simulate(*args: str) -> str:
    out = StringIO()
    call_command("simulate", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Unit, Commune, Department, Staff, RoleGrant)}


def test_simulate_creates_communes_with_departments_and_staff():
    # When three communes are asked for
    output = simulate("--communes", "3")

    # Then sim-0001 … sim-0003 exist under one synthetic province whose codes cannot be GSO codes
    communes = Commune.objects.filter(slug__startswith="sim-").select_related("unit__parent").order_by("slug")
    assert [c.slug for c in communes] == ["sim-0001", "sim-0002", "sim-0003"]
    assert {c.unit.parent.code for c in communes} == {"S01"}
    assert all(c.unit.code.startswith("S") for c in communes)
    assert "3 commune(s) added" in output
    for commune in communes:
        # each with the standard departments
        departments = Department.objects.filter(commune=commune)
        assert sorted(departments.values_list("kind", flat=True)) == sorted(kind for kind, _name in DEPARTMENTS)
        # and its officials, each in a department of that commune and holding a role there
        staff = Staff.objects.filter(commune=commune)
        assert staff.count() == len(ROSTER)
        assert not staff.exclude(department__commune=commune).exists()
        grants = RoleGrant.objects.filter(staff__commune=commune, unit=commune.unit)
        assert grants.count() == len(ROSTER)
        assert {Role.LEADER, Role.DESK_OFFICER, Role.SPECIALIST, Role.ADMIN} <= set(
            grants.values_list("role", flat=True)
        )


def test_simulate_twice_adds_nothing_the_second_time():
    # Given three simulated communes
    simulate("--communes", "3")
    before = counts()

    # When the same command runs again
    output = simulate("--communes", "3")

    # Then nothing is added
    assert counts() == before
    assert "0 commune(s) added, 3 already there" in output


def test_simulate_adds_only_the_missing_communes():
    simulate("--communes", "2")
    simulate("--communes", "3")
    assert Commune.objects.filter(slug__startswith="sim-").count() == 3


def test_dossiers_are_made_by_the_one_stop_generator():
    from vidan.onestop.models import Dossier

    call_command("import-catalogue", stdout=StringIO())
    output = simulate("--communes", "1", "--dossiers", "5")
    assert "simulate: 5 dossiers added" in output
    assert Dossier.objects.filter(commune__slug="sim-0001").count() == 5
