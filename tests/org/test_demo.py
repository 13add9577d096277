import re
from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client

from tests.factories import PASSWORD
from vidan.audit.models import AuditEntry
from vidan.audit.verify import audit_verify
from vidan.notify.models import StaffNotice
from vidan.onestop.demo import DEMO_DOSSIERS
from vidan.onestop.models import Dossier, Procedure
from vidan.org import demo as demo_module
from vidan.org.demo import USERNAMES, demo_build, demo_step
from vidan.org.models import Commune, Department, Role, RoleGrant, Staff, Unit, UnitLevel, UnitSuccession
from vidan.org.selectors import staff_roles_by_commune
from vidan.org.services import unit_create
from vidan.org.units_import import TWO_TIER_FROM

pytestmark = pytest.mark.django_db

SLUGS = {
    "thuan-hoa",
    "lam-hoa",
    "thanh-hoa",
    "thanh-thach",
    "kim-hoa",
    "huong-hoa",
    "dong-hoa",
    "thach-hoa",
    "son-hoa",
}


@pytest.fixture
def demo():
    return demo_build(password=PASSWORD, stdout=StringIO())


def counts() -> tuple[int, ...]:
    return (
        Commune.objects.count(),
        Staff.objects.count(),
        Department.objects.count(),
        RoleGrant.objects.count(),
        Unit.objects.count(),
        AuditEntry.objects.count(),
        StaffNotice.objects.count(),
    )


def test_the_demo_builds_nine_communes_of_tuyen_hoa(demo):
    # then nine communes run the model, Thuận Hóa the 9th of its district, each with its nine departments
    communes = Commune.objects.select_related("unit__parent__parent")
    assert {c.slug for c in communes} == SLUGS
    assert sorted(c.model_sequence for c in communes) == list(range(1, 10))
    thuan_hoa = communes.get(slug="thuan-hoa")
    assert thuan_hoa.model_sequence == 9
    assert all(c.model_launched_on < thuan_hoa.model_launched_on for c in communes if c != thuan_hoa)
    assert (thuan_hoa.unit.kind, thuan_hoa.name, thuan_hoa.unit.code) == ("xã", "Thuận Hóa", "18964")
    assert (thuan_hoa.unit.parent.name, thuan_hoa.unit.parent.parent.name) == ("Tuyên Hóa", "Quảng Bình")
    assert "sáng Thứ Năm" in thuan_hoa.reception_hours
    assert len({c.agency_code for c in communes}) == 9
    for commune in communes:
        assert commune.unit.valid_to == date(2025, 6, 30)
        assert Department.objects.filter(commune=commune).count() == 9
    assert demo.communes == 9


def test_every_role_has_a_holder_and_the_documented_accounts_exist(demo):
    assert set(RoleGrant.objects.values_list("role", flat=True)) == set(Role.values)
    grants = {(g.staff.username, g.role, g.unit.code) for g in RoleGrant.objects.select_related("staff", "unit")}
    assert {
        ("lanhdao.thuanhoa", Role.LEADER, "18964"),
        ("motcua.thuanhoa", Role.DESK_OFFICER, "18964"),
        ("tuphap.thuanhoa", Role.SPECIALIST, "18964"),
        ("thanhtra.thuanhoa", Role.INSPECTOR, "18964"),
        ("quantri.thuanhoa", Role.ADMIN, "18964"),
        ("giamsat.tuyenhoa", Role.SUPERVISOR, "453"),
        ("giamsat.quangbinh", Role.SUPERVISOR, "44"),
        ("quantri", Role.ADMIN, "44"),
    } <= grants
    assert Staff.objects.get(username="lanhdao.thuanhoa").position == "Chủ tịch UBND xã"
    assert Staff.objects.get(username="thanhtra.thuanhoa").department is None
    assert Staff.objects.get(username="quantri").is_superuser
    assert not Staff.objects.filter(is_superuser=True).exclude(username="quantri").exists()
    # every other commune has at least its chairman and a desk officer
    for slug in SLUGS:
        roles = set(RoleGrant.objects.filter(staff__commune__slug=slug).values_list("role", flat=True))
        assert {Role.LEADER, Role.DESK_OFFICER} <= roles
    assert set(Staff.objects.values_list("username", flat=True)) == set(USERNAMES)


def test_the_district_supervisor_sees_every_commune_and_a_leader_only_his_own(demo):
    communes = dict(Commune.objects.values_list("slug", "id"))

    district = staff_roles_by_commune(Staff.objects.get(username="giamsat.tuyenhoa"))
    assert district == {cid: frozenset({Role.SUPERVISOR}) for cid in communes.values()}
    province = staff_roles_by_commune(Staff.objects.get(username="giamsat.quangbinh"))
    assert set(province) == set(communes.values())

    leader = staff_roles_by_commune(Staff.objects.get(username="lanhdao.thuanhoa"))
    assert leader == {communes["thuan-hoa"]: frozenset({Role.LEADER})}


def test_the_desk_officer_and_the_leader_of_thuan_hoa_have_notices(demo):
    for username in ("motcua.thuanhoa", "lanhdao.thuanhoa"):
        notices = StaffNotice.objects.filter(recipient__username=username, commune__slug="thuan-hoa")
        assert notices.count() == 2


def test_if_empty_on_a_populated_database_changes_nothing(demo):
    before = counts()
    out = StringIO()

    call_command("demo", "--if-empty", stdout=out)

    assert counts() == before
    assert "nothing to do" in out.getvalue()
    # and it says how to start over, naming the database to delete
    assert "To start over" in out.getvalue() and str(settings.DATABASES["default"]["NAME"]) in out.getvalue()


def test_a_second_run_fails_cleanly_without_duplicating(demo):
    before = counts()

    with pytest.raises(CommandError, match="Dữ liệu thử nghiệm đã có: dong-hoa, huong-hoa"):
        call_command("demo", "--password", PASSWORD, stdout=StringIO())

    assert counts() == before


def test_every_account_logs_in_with_the_given_password(demo):
    for member in Staff.objects.filter(username__in=USERNAMES):
        assert member.check_password(PASSWORD), member.username


def test_random_passwords_are_printed_once_and_stored_only_as_hashes():
    # given an empty database, when the command runs without --password
    out = StringIO()
    call_command("demo", stdout=out)

    # then each account's password is in the table, and it opens that account only
    table = dict(re.findall(r"^(\S+)\s.*\s(\w{4}-\w{4}-\w{4})$", out.getvalue(), flags=re.MULTILINE))
    assert set(table) == set(USERNAMES)
    assert len(set(table.values())) == len(table)
    for member in Staff.objects.all():
        assert member.check_password(table[member.username])
        assert table[member.username] not in member.password


def test_the_audit_chain_verifies_after_the_demo(demo):
    report = audit_verify()
    assert report.ok
    assert report.checked == AuditEntry.objects.filter(actor_label="demo").count() > 0


def test_import_units_after_the_demo_links_former_units_to_their_successors(demo):
    # given the demo built before today's units existed
    assert demo.successions == 0
    assert not UnitSuccession.objects.exists()

    # when today's units are imported
    call_command("import-units", stdout=StringIO(), stderr=StringIO())

    # then Quảng Bình leads to Quảng Trị, and Thuận Hóa to Đồng Lê which absorbed it
    links = {
        (s.predecessor.name, s.successor.name)
        for s in UnitSuccession.objects.select_related("predecessor", "successor")
    }
    assert ("Quảng Bình", "Quảng Trị") in links
    assert ("Thuận Hóa", "Đồng Lê") in links
    assert len(links) == 10
    quang_tri = Unit.objects.get(code="44", valid_from=TWO_TIER_FROM)
    assert quang_tri.predecessions.get().predecessor.valid_to == date(2025, 6, 30)


def test_the_demo_links_to_successors_that_already_exist():
    # given today's Quảng Trị and Đồng Lê (absorbing Thuận Hóa, Kim Hóa and Sơn Hóa)
    quang_tri = unit_create(
        code="44", name="Quảng Trị", kind="tỉnh", level=UnitLevel.PROVINCE, valid_from=TWO_TIER_FROM
    )
    dong_le = unit_create(
        code="18949", name="Đồng Lê", kind="xã", level=UnitLevel.COMMUNE, parent=quang_tri, valid_from=TWO_TIER_FROM
    )

    report = demo_build(password=PASSWORD, stdout=StringIO())

    assert report.successions == 4
    assert set(dong_le.predecessions.values_list("predecessor__name", flat=True)) == {"Thuận Hóa", "Kim Hóa", "Sơn Hóa"}


def test_a_registered_step_runs_with_the_communes(monkeypatch):
    # given a later module's step registered on the hook
    monkeypatch.setattr(demo_module.DEMO_STEPS, "_items", dict(demo_module.DEMO_STEPS._items))
    seen = {}

    @demo_step
    def later_module(ctx):
        seen["communes"] = set(ctx.communes)
        seen["desk officer"] = ctx.staff["motcua.thuanhoa"].full_name

    # when the demo is built, then the step ran after the org steps, with what they created
    report = demo_build(password=PASSWORD, stdout=StringIO())
    assert seen == {"communes": SLUGS, "desk officer": "Trần Thị Thu Hằng"}
    assert report.steps[-1] == "later_module"


def test_the_demo_desk_has_the_catalogue_and_a_year_of_dossiers(demo):
    thuan_hoa = Commune.objects.get(slug="thuan-hoa")
    assert Procedure.objects.filter(online_level="full").exists()
    assert Dossier.objects.filter(commune=thuan_hoa).count() == DEMO_DOSSIERS
    assert Client().get("/xa/thuan-hoa/nop-ho-so/").content.decode().count("nop-ho-so/HT-01/") == 1


@pytest.mark.clock
def test_the_demo_dossiers_are_ones_an_officer_would_believe(demo):
    from collections import defaultdict
    from datetime import timedelta

    from django.utils import timezone

    from vidan.onestop.demo import NEIGHBOUR_DOSSIERS
    from vidan.onestop.models import DossierEvent, DossierStatus

    # The eight neighbours have dossiers too, fewer than Thuận Hóa
    for slug in SLUGS - {"thuan-hoa"}:
        assert Dossier.objects.filter(commune__slug=slug).count() == NEIGHBOUR_DOSSIERS, slug
    # No step of any timeline speaks of a simulation; each was taken by an officer or by the citizen online
    events = DossierEvent.objects.all()
    assert not events.filter(actor_label__icontains="simul").exists()
    assert not events.filter(action__icontains="simul").exists()
    assert not events.exclude(action="submit").filter(actor=None).exists()
    # Every dossier in progress has its specialist, of the procedure's department where the commune has one
    in_progress = Dossier.objects.exclude(
        status__in=[DossierStatus.SUBMITTED, DossierStatus.RECEIVED, DossierStatus.WITHDRAWN]
    )
    assert in_progress.exists() and not in_progress.filter(assignee=None).exists()
    justice = in_progress.filter(procedure__department_kind="justice").select_related("assignee__department")
    assert {dossier.assignee.department.kind for dossier in justice} == {"justice"}
    # Online dossiers are checked within days: none has waited more than two days, none received later than that
    now = timezone.now()
    waiting = Dossier.objects.filter(status=DossierStatus.SUBMITTED)
    assert waiting.exists() and not waiting.filter(submitted_at__lt=now - timedelta(days=2)).exists()
    for dossier in Dossier.objects.filter(channel="online").exclude(received_at=None):
        assert timedelta(0) < dossier.received_at - dossier.submitted_at <= timedelta(days=2), dossier.code
    # Each day's numbers follow the time of receipt
    days = defaultdict(list)
    for code, received in Dossier.objects.exclude(code=None).values_list("code", "received_at"):
        days[code.rsplit("-", 2)[0], code.split("-")[-2]].append((code, received))
    for day in days.values():
        assert [code for code, _at in sorted(day, key=lambda pair: pair[1])] == sorted(code for code, _at in day)
    # and every step comes after the one before it
    last = {}
    for dossier_id, at in DossierEvent.objects.order_by("dossier_id", "id").values_list("dossier_id", "at"):
        assert at >= last.get(dossier_id, at)
        last[dossier_id] = at
