from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from vidan.core.text import fold
from vidan.org.models import Unit, UnitLevel
from vidan.org.selectors import units_below
from vidan.org.services import unit_create, unit_update
from vidan.org.units_import import TWO_TIER_FROM, units_import

pytestmark = pytest.mark.django_db


def current(**filters):
    return Unit.objects.filter(valid_from=TWO_TIER_FROM, **filters)


def test_the_command_loads_34_provinces_and_3321_communes():
    # given an empty unit table; when the command runs
    out, err = StringIO(), StringIO()
    call_command("import-units", stdout=out, stderr=err)

    # then today's two tiers are there, each commune under its province, with readable kinds
    assert current(level=UnitLevel.PROVINCE).count() == 34
    assert current(level=UnitLevel.COMMUNE).count() == 3321
    assert not current(level=UnitLevel.COMMUNE, parent__isnull=True).exists()
    assert set(current().values_list("kind", flat=True)) == {"tỉnh", "thành phố", "xã", "phường", "đặc khu"}
    assert not current(valid_to__isnull=False).exists()

    # codes are GSO codes, zero-padded; names come without the kind in front
    ha_noi = current().get(code="01")
    assert (ha_noi.kind, ha_noi.name, ha_noi.depth) == ("thành phố", "Hà Nội", 0)
    hoan_kiem = current().get(code="00070")
    assert (hoan_kiem.kind, hoan_kiem.name, hoan_kiem.parent, hoan_kiem.depth) == ("phường", "Hoàn Kiếm", ha_noi, 1)
    assert current().get(name="Cồn Cỏ").kind == "đặc khu"

    # paths make "every unit below" one prefix query
    quang_tri = current().get(code="44")
    assert hoan_kiem.path == f"{ha_noi.path}{hoan_kiem.pk}/"
    assert units_below(quang_tri).count() == current(parent=quang_tri).count() == 78

    # and the operator sees progress on stderr and one summary line
    assert "3355/3355" in err.getvalue()
    assert "3355 created, 0 updated, 0 unchanged, 0 closed" in out.getvalue()


def test_a_second_run_changes_nothing():
    # given a first import
    units_import()
    before = list(Unit.objects.order_by("pk").values())

    # when it runs again
    report = units_import()

    # then it reports nothing new and no row changed
    assert (report.created, report.updated, report.unchanged, report.retired) == (0, 0, 3355, [])
    assert list(Unit.objects.order_by("pk").values()) == before


@pytest.mark.clock
def test_a_renamed_unit_is_renamed_back_and_an_unlisted_one_is_closed():
    # given an import, a unit someone renamed, and a current unit the package does not list
    units_import()
    dong_le = current().get(code="18949")
    unit_update(unit=dong_le, name="Đồng Lê Mới", kind="phường", valid_to=None)
    stray = unit_create(
        code="99999",
        name="Xã Không Còn",
        kind="xã",
        level=UnitLevel.COMMUNE,
        parent=dong_le.parent,
        valid_from=TWO_TIER_FROM,
    )

    # when the import runs again
    report = units_import()

    # then the renamed unit is as the package says, and the stray one ends yesterday
    dong_le.refresh_from_db()
    assert (dong_le.name, dong_le.kind, dong_le.name_folded) == ("Đồng Lê", "xã", "dong le")
    stray.refresh_from_db()
    assert stray.valid_to == timezone.localdate() - timedelta(days=1)
    assert (report.created, report.updated, report.retired) == (0, 1, ["99999 Xã Không Còn"])


def test_search_ignores_accents():
    # given today's units
    units_import()

    # when someone types without accents, then the units with accents are found
    found = set(current(name_folded__contains=fold("thuan hoa")).values_list("name", "parent__name"))
    assert ("Thuận Hóa", "Huế") in found
    assert current(name_folded__contains=fold("dong le")).filter(name="Đồng Lê").exists()
    assert current(level=UnitLevel.PROVINCE, name_folded=fold("QUẢNG TRỊ")).get().code == "44"
