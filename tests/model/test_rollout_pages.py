"""The rollout's pages as a supervisor uses them, and what they refuse: a unit or a commune beyond the supervisor,
a period not offered, an officer who is not a supervisor. The downloads hold the page's figures."""

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import logged_in_client
from tests.factories import make_staff, make_unit
from tests.model import test_rollout
from tests.model.test_rollout import commune_in
from vidan.org.models import Role, UnitLevel
from vidan.workdays.calendar import VIETNAM

pytestmark = pytest.mark.clock(datetime(2026, 1, 20, 9, 30, tzinfo=VIETNAM))
PAGE = "/staff/mo-hinh/trien-khai/"
district = test_rollout.district  # the fixture: a district of six communes, worked out by hand there


@pytest.fixture
def supervisor(district):
    unit, communes = district
    province = unit.parent
    staff = make_staff(None, Role.SUPERVISOR, unit=province, full_name="Dương Thị Hải Yến")
    staff.commune = communes["Thuận Hóa"]
    staff.save(update_fields=["commune"])
    return logged_in_client(staff)


def query(unit, **extra):
    return {"don_vi": unit.pk, "ngay": "31/12/2025", "ky": "2025-10-01", **extra}


def test_the_supervisor_reads_the_launch_order_the_scores_and_who_falls_behind(district, supervisor):
    unit, communes = district
    page = supervisor.get(PAGE, query(unit))
    assert page.status_code == 200
    text = page.content.decode()
    # the communes in launch order, Kim Hóa first; the figures above the table
    order = [text.index(f'id="commune-{communes[name].pk}"') for name in ("Kim Hóa", "Thuận Hóa", "Lâm Hóa")]
    assert order == sorted(order)
    assert 'id="launched-count">3/5<' in text and 'id="mean-total">62,5<' in text
    # Kim Hóa falls behind, and the page says why and what drags it
    behind = text[text.index(f'id="behind-{communes["Kim Hóa"].pk}"') :]
    assert "thấp hơn bình quân 62,5 là 12,5 điểm" in behind[:600]
    assert "Tỷ lệ hồ sơ đúng hạn" in behind[:900]
    # the charts are drawn on the server, named for screen readers
    assert text.count('role="img"') >= 2 + 5  # the ranking, the trend, a sparkline per commune


def test_a_commune_drilled_down_shows_each_indicator(district, supervisor):
    unit, communes = district
    page = supervisor.get(f"{PAGE}xa/{communes['Kim Hóa'].pk}/", query(unit))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="scorecard-total"><strong>50</strong>' in text
    assert "Tỷ lệ hồ sơ đúng hạn" in text and "49\u00a0%" in text


def test_a_unit_or_a_commune_beyond_the_supervisor_is_refused(district, supervisor):
    unit, _communes = district
    elsewhere = make_unit(level=UnitLevel.PROVINCE, name="Hà Tĩnh")
    foreign = commune_in(make_unit(level=UnitLevel.DISTRICT, parent=elsewhere, name="Can Lộc"), "Thiên Lộc")

    refused = supervisor.get(PAGE, query(elsewhere))
    assert refused.status_code == 400
    assert "Hãy chọn một đơn vị bạn giám sát." in refused.content.decode()
    assert supervisor.get(f"{PAGE}xa/{foreign.pk}/", query(unit)).status_code == 404
    assert supervisor.get(PAGE, query(unit, ky="1999-01-01")).status_code == 400
    assert supervisor.get(PAGE, query(unit, ngay="31/02/2025")).status_code == 400
    assert supervisor.get(f"{PAGE}tai-ve.exe", query(unit)).status_code == 404


def test_an_officer_who_is_not_a_supervisor_cannot_open_it(district):
    unit, communes = district
    leader = logged_in_client(make_staff(communes["Thuận Hóa"], Role.LEADER))
    assert leader.get(PAGE, query(unit)).status_code == 403


def test_the_downloads_hold_the_pages_figures(district, supervisor):
    unit, _communes = district
    sheet = load_workbook(io.BytesIO(supervisor.get(f"{PAGE}tai-ve.xlsx", query(unit)).content))["Triển khai"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
    assert [(row[0], row[1], row[4], row[10]) for row in rows] == [
        (1, "Kim Hóa", 50, 2), (2, "Thuận Hóa", 75, 1), (3, "Lâm Hóa", None, None),
        (None, "Đồng Hóa", None, None), (None, "Sơn Hóa", None, None),
    ]  # fmt: skip
    assert "Tỷ lệ hồ sơ đúng hạn" in rows[0][11]
    pdf = supervisor.get(f"{PAGE}tai-ve.pdf", query(unit))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Kim Hóa" in text and "Quý 4/2025" in text and "Tạm tính" in text
