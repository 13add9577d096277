"""Each officer acknowledges each version once; the leadership sees who has not, department by department, and
reminds them."""

from datetime import date, timedelta

import pytest

from tests.conduct.factories import make_version
from tests.conftest import logged_in_client
from tests.factories import actor_of, make_commune, make_department, make_staff
from vidan.audit.models import AuditEntry
from vidan.conduct.models import Acknowledgement, AcknowledgementReminder
from vidan.conduct.selectors import version_standing
from vidan.conduct.services import acknowledgement_remind, code_version_acknowledge
from vidan.core.errors import Conflict, PermissionDenied
from vidan.notify.models import OutboxMessage, StaffNotice
from vidan.org.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_an_officer_acknowledges_a_version_once_and_a_second_time_is_refused(clock, commune, desk_officer):
    version = make_version(commune)
    ack = code_version_acknowledge(actor=actor_of(desk_officer), version=version)
    assert ack.staff == desk_officer and ack.commune == commune
    assert AuditEntry.objects.filter(action="conduct.code.acknowledge", actor=desk_officer).count() == 1

    clock.shift(timedelta(hours=2))
    with pytest.raises(Conflict) as refused:
        code_version_acknowledge(actor=actor_of(desk_officer), version=version)
    assert "10/03/2026 09:30" in str(refused.value.message)
    assert Acknowledgement.objects.filter(version=version).count() == 1
    assert AuditEntry.objects.filter(action="conduct.code.acknowledge").count() == 1


def test_a_draft_cannot_be_acknowledged(clock, commune, desk_officer):
    draft = make_version(commune, published=False)
    with pytest.raises(Conflict):
        code_version_acknowledge(actor=actor_of(desk_officer), version=draft)
    assert not Acknowledgement.objects.exists()


def test_an_officer_of_another_commune_cannot_acknowledge_this_communes_code(clock, commune):
    stranger = make_staff(make_commune(name="Lâm Hóa"), Role.DESK_OFFICER)
    version = make_version(commune)
    with pytest.raises(PermissionDenied):
        code_version_acknowledge(actor=actor_of(stranger), version=version)
    assert not Acknowledgement.objects.exists()


def test_a_supervisor_from_the_province_does_not_acknowledge_a_communes_code(clock, commune):
    supervisor = make_staff(None, Role.SUPERVISOR, unit=commune.unit.parent)
    with pytest.raises(PermissionDenied):
        code_version_acknowledge(actor=actor_of(supervisor), version=make_version(commune))


@pytest.fixture
def office(commune):
    """Two departments: the desk (two officers) and justice (one), a leader of no department, an inspector."""
    desk = make_department(commune, name="Bộ phận Một cửa")
    justice = make_department(commune, name="Tư pháp – Hộ tịch")
    return {
        "hoa": make_staff(commune, Role.DESK_OFFICER, department=desk, full_name="Trần Thị Hoa"),
        "an": make_staff(commune, Role.DESK_OFFICER, department=desk, full_name="Võ Văn An"),
        "tu": make_staff(commune, Role.SPECIALIST, department=justice, full_name="Lê Văn Tư"),
        "minh": make_staff(commune, Role.LEADER, full_name="Phạm Văn Minh"),
        "inspector": make_staff(commune, Role.INSPECTOR, full_name="Đoàn Văn Lợi"),
    }


def test_the_leader_sees_who_has_not_acknowledged_per_department(clock, commune, office):
    version = make_version(commune)
    code_version_acknowledge(actor=actor_of(office["hoa"]), version=version)
    standing = version_standing(version, no_department="Không thuộc bộ phận")
    # the inspection board's member is not an official: four officers, one has acknowledged
    assert (standing.acknowledged, standing.total, standing.percent) == (1, 4, 25.0)
    groups = {g.name: ([m.full_name for m, _a in g.acknowledged], [m.full_name for m, _r in g.missing])
              for g in standing.departments}  # fmt: skip
    assert groups == {
        "Bộ phận Một cửa": (["Trần Thị Hoa"], ["Võ Văn An"]),
        "Tư pháp – Hộ tịch": ([], ["Lê Văn Tư"]),
        "Không thuộc bộ phận": ([], ["Phạm Văn Minh"]),
    }
    assert [g.name for g in standing.departments][-1] == "Không thuộc bộ phận"


def test_a_reminder_goes_to_those_who_have_not_acknowledged_once_a_day(clock, commune, office):
    version = make_version(commune)
    code_version_acknowledge(actor=actor_of(office["hoa"]), version=version)
    office["tu"].email = "tu@example.vn"
    office["tu"].save(update_fields=["email"])
    leader = actor_of(office["minh"])

    reminded = acknowledgement_remind(actor=leader, version=version)

    assert {m.full_name for m in reminded} == {"Võ Văn An", "Lê Văn Tư", "Phạm Văn Minh"}
    assert set(StaffNotice.objects.values_list("recipient__full_name", flat=True)) == {m.full_name for m in reminded}
    notice = StaffNotice.objects.get(recipient=office["an"])
    assert notice.link == "/staff/quy-tac-ung-xu/" and "45/QĐ-UBND" in notice.text
    assert list(OutboxMessage.objects.values_list("recipient", "kind")) == [("tu@example.vn", "conduct.reminder")]
    assert AuditEntry.objects.filter(action="conduct.code.remind").count() == 1
    # an hour later nobody is reminded again; the next day they are
    clock.shift(timedelta(hours=1))
    assert acknowledgement_remind(actor=leader, version=version) == []
    clock.shift(timedelta(days=1))
    assert len(acknowledgement_remind(actor=leader, version=version, staff_ids=[office["an"].pk])) == 1
    assert AcknowledgementReminder.objects.filter(staff=office["an"]).count() == 2


def test_only_the_leader_reminds(clock, commune, office):
    version = make_version(commune)
    with pytest.raises(PermissionDenied):
        acknowledgement_remind(actor=actor_of(office["an"]), version=version)
    assert not StaffNotice.objects.exists()


def test_a_superseded_version_is_no_longer_asked_for_nor_acknowledged(clock, commune, desk_officer):
    old = make_version(commune, number="12/QĐ-UBND", signed_on=date(2020, 1, 2), effective_on=date(2020, 1, 2))
    current = make_version(commune, number="45/QĐ-UBND")
    coming = make_version(commune, number="60/QĐ-UBND", signed_on=date(2026, 3, 9), effective_on=date(2026, 4, 1))
    page = logged_in_client(desk_officer).get("/staff/quy-tac-ung-xu/").content.decode()
    assert "45/QĐ-UBND" in page and "60/QĐ-UBND" in page and "12/QĐ-UBND" not in page
    with pytest.raises(Conflict) as refused:
        code_version_acknowledge(actor=actor_of(desk_officer), version=old)
    assert "45/QĐ-UBND đã thay thế từ ngày 15/01/2026" in str(refused.value.message)
    for version in (current, coming):
        code_version_acknowledge(actor=actor_of(desk_officer), version=version)
    assert Acknowledgement.objects.filter(staff=desk_officer).count() == 2
