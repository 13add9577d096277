"""The statistics page and its downloads, as an officer reads them: the page's two tables, the PDF's text (pypdf),
the workbook's cells; the same filters and the same commune for all three."""

import io
from datetime import datetime

import pytest
from django.utils.html import escape
from django.utils.translation import gettext
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import logged_in_client
from tests.factories import make_commune, make_staff
from tests.onestop.factories import received
from vidan.onestop.models import Dossier, DossierStatus, Procedure
from vidan.org.models import Role
from vidan.workdays import VIETNAM

PAGE = "/staff/ho-so/thong-ke/"
PDF = "/staff/ho-so/thong-ke/tai-ve.pdf"
XLSX = "/staff/ho-so/thong-ke/tai-ve.xlsx"
NOVEMBER = {"tu": "01/11/2026", "den": "30/11/2026"}
DECEMBER_7 = datetime(2026, 12, 7, 9, 30, tzinfo=VIETNAM)
QUERIES = 10  # the session, the staff member and their roles, the commune, the figures, the procedures
FIRST_ROW = 7  # rows 1–4: issuer, title, period, when the figures stand; rows 5–6: the headings


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=VIETNAM)


def dossier(desk, commune, *, code="HT-04", received_at, due_at, finished_at=None) -> Dossier:
    made = received(desk, commune, code=code)
    status = DossierStatus.RETURNED if finished_at else DossierStatus.PROCESSING
    Dossier.objects.filter(pk=made.pk).update(
        received_at=received_at, due_at=due_at, finished_at=finished_at, status=status
    )
    return made


@pytest.fixture
def november(clock, catalogue, commune, desk_officer):
    """Thuận Hóa in November 2026: guardianships (one early, one late, one open and late, one carried over from
    October and resolved on time) and residence registrations (two open and late); Lâm Hóa: one of its own."""
    d = desk_officer
    dossier(d, commune, received_at=at(11, 2), due_at=at(11, 5, 17), finished_at=at(11, 3, 10))
    dossier(d, commune, received_at=at(11, 2), due_at=at(11, 5, 17), finished_at=at(11, 9, 10))
    dossier(d, commune, received_at=at(11, 9), due_at=at(11, 12, 17))
    dossier(d, commune, received_at=at(10, 28), due_at=at(11, 2, 17), finished_at=at(11, 2, 15))
    for _ in range(2):
        dossier(d, commune, code="CT-04", received_at=at(11, 10), due_at=at(11, 19, 17))
    elsewhere = make_commune(name="Lâm Hóa")
    dossier(make_staff(elsewhere, Role.DESK_OFFICER), elsewhere, received_at=at(11, 3), due_at=at(11, 6, 17))


def cells(response, sheet: str) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    workbook = load_workbook(io.BytesIO(response.content))
    return list(workbook[sheet].iter_rows(values_only=True))


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.clock(DECEMBER_7)
def test_the_page_shows_departments_and_procedures_in_separate_tables_with_totals(november, leader):
    client = logged_in_client(leader)

    page = client.get(PAGE, NOVEMBER).content.decode()

    # Two tables: by department, by procedure, each with its total
    by_department = page[page.index('id="by-department"') : page.index('id="by-procedure"')]
    by_procedure = page[page.index('id="by-procedure"') :]
    assert "Công an xã" in by_department and "Đăng ký thường trú" not in by_department
    assert "Đăng ký thường trú" in by_procedure and "Công an xã" not in by_procedure
    for table in (by_department, by_procedure):
        assert table.count('class="total"') == 1
    # The whole commune: 6 dossiers, 1 carried over; 1 early and 1 on time out of 2 resolved in time, 2 late
    # resolved or open… : (1 early + 1 on time) / (3 resolved + 3 open and late)
    total_row = by_department[by_department.index('class="total"') :].split("</tr>")[0]
    cells_of_total = [cell.split("<")[0] for cell in total_row.split("<td>")[1:]]
    assert cells_of_total == ["6", "1", "0", "5", "3", "1", "1", "1", "3", "0", "3", "0", "0", "33,3 %"]
    # The period is over: the figures are those of its last evening
    assert "tính đến hết ngày 30/11/2026" in page
    # The downloads carry the page's filters
    assert 'href="/staff/ho-so/thong-ke/tai-ve.pdf?tu=2026-11-01&amp;den=2026-11-30"' in page


@pytest.mark.clock(DECEMBER_7)
def test_the_workbook_holds_both_tables_as_numbers_and_text(november, leader):
    # Given a procedure whose name a spreadsheet would take for a formula
    Procedure.objects.filter(code="CT-04").update(name='=HYPERLINK("http://x")')
    client = logged_in_client(leader)

    response = client.get(XLSX, NOVEMBER)

    assert response["Content-Disposition"] == 'attachment; filename="thong-ke-mot-cua-20261101-20261130.xlsx"'
    departments = cells(response, "Theo bộ phận")
    assert departments[1][0] == "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    assert "từ ngày 01/11/2026 đến ngày 30/11/2026" in departments[2][0]
    assert departments[4][:5] == ("Bộ phận", "Tổng số hồ sơ", "Kỳ trước chuyển qua", "Mới tiếp nhận", None)
    assert departments[5][3:5] == ("Trực tuyến", "Trực tiếp")
    rows = {row[0]: row for row in departments[FIRST_ROW - 1 :]}
    assert rows["Công an xã"][1:14] == (2, 0, 0, 2, 0, 0, 0, 0, 2, 0, 2, 0, 0)
    assert rows["Công an xã"][14] == 0  # 0 %, a number the sheet formats as a percentage
    assert rows["Tổng cộng"][1] == 6 and round(rows["Tổng cộng"][14], 3) == 0.333
    procedures = cells(response, "Theo thủ tục")
    names = [row[0] for row in procedures[FIRST_ROW - 1 :]]
    assert names == ['=HYPERLINK("http://x")', "Đăng ký giám hộ", "Tổng cộng"]
    # … stored as text, never as a formula
    sheet = load_workbook(io.BytesIO(response.content))["Theo thủ tục"]
    assert sheet.cell(row=FIRST_ROW, column=1).data_type == "s"


@pytest.mark.clock(DECEMBER_7)
def test_the_pdf_is_an_a4_landscape_report_in_vietnamese(november, leader):
    client = logged_in_client(leader)

    response = client.get(PDF, NOVEMBER)

    assert response["Content-Disposition"] == 'inline; filename="thong-ke-mot-cua-20261101-20261130.pdf"'
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert round(width * 25.4 / 72) == 297 and round(height * 25.4 / 72) == 210
    text = text_of(response)
    for words in (
        "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
        "từ ngày 01/11/2026 đến ngày 30/11/2026",
        "Số liệu tính đến hết ngày 30/11/2026",
        "I. THEO BỘ PHẬN",
        "II. THEO THỦ TỤC HÀNH CHÍNH",
        "Kỳ trước chuyển qua",
        "Trước hạn",
        "Đăng ký thường trú",
        "Tổng cộng",
        "33,3 %",
    ):
        assert words in text, words


@pytest.mark.clock(DECEMBER_7)
def test_the_downloads_follow_the_filters_and_the_officers_commune(november, leader):
    client = logged_in_client(leader)

    # A department chosen: only its procedures, in the file and in its name
    response = client.get(XLSX, {**NOVEMBER, "bo_phan": "police"})
    assert response["Content-Disposition"].endswith('-police.xlsx"')
    names = [row[0] for row in cells(response, "Theo thủ tục")[FIRST_ROW - 1 :]]
    assert names == ["Đăng ký thường trú", "Tổng cộng"]
    assert "Công an xã" in cells(response, "Theo bộ phận")[2][0]
    assert "Công an xã" in text_of(client.get(PDF, {**NOVEMBER, "bo_phan": "police"}))
    # October alone: the dossier carried over into November, nothing else
    october = cells(client.get(XLSX, {"tu": "01/10/2026", "den": "31/10/2026"}), "Theo bộ phận")
    assert october[-1][:2] == ("Tổng cộng", 1)
    # Lâm Hóa's officer sees Lâm Hóa's one dossier, never Thuận Hóa's
    elsewhere = make_staff(make_commune(name="Lâm Hóa 2"), Role.LEADER)
    other = logged_in_client(Dossier.objects.exclude(commune=leader.commune).get().received_by)
    assert cells(other.get(XLSX, NOVEMBER), "Theo bộ phận")[-1][:2] == ("Tổng cộng", 1)
    assert cells(logged_in_client(elsewhere).get(XLSX, NOVEMBER), "Theo bộ phận")[-1][:2] == ("Tổng cộng", 0)
    assert "Không có hồ sơ nào trong kỳ." in text_of(logged_in_client(elsewhere).get(PDF, NOVEMBER))


@pytest.mark.clock(DECEMBER_7)
def test_bad_filters_give_the_page_back_with_the_errors_and_no_download(november, leader):
    client = logged_in_client(leader)

    response = client.get(XLSX, {"tu": "30/11/2026", "den": "01/11/2026"})
    assert response.status_code == 400 and "Content-Disposition" not in response
    assert escape(gettext("The start date is after the end date.")) in response.content.decode()

    response = client.get(PDF, {"tu": "31/02/2026", "den": "01/01/9999", "bo_phan": "nowhere"})
    text = response.content.decode()
    assert response.status_code == 400
    assert escape(gettext("Enter the day as dd/mm/yyyy, for example 13/02/2026.")) in text
    assert escape(gettext("Choose a day between 01/01/2000 and 31/12/2099.")) in text
    assert escape(gettext("Choose from the list.")) in text
    page = client.get(PAGE, {"tu": "30/11/2026", "den": "01/11/2026"}).content.decode()
    assert "tai-ve.pdf?" not in page


@pytest.mark.clock(DECEMBER_7)
def test_the_page_runs_a_bounded_number_of_queries_whatever_the_dossiers(
    november, leader, desk_officer, commune, django_assert_max_num_queries
):
    client = logged_in_client(leader)

    def queries(address: str) -> int:
        with django_assert_max_num_queries(QUERIES) as captured:
            assert client.get(address, NOVEMBER).status_code == 200
        return len(captured.captured_queries)

    client.get(PAGE, NOVEMBER)
    few = [queries(address) for address in (PAGE, XLSX, PDF)]

    # Forty more dossiers, of four more procedures
    for code in ("HT-01", "HT-02", "CT-02", "CT-05"):
        for _ in range(10):
            dossier(desk_officer, commune, code=code, received_at=at(11, 20), due_at=at(11, 25, 17))
    many = [queries(address) for address in (PAGE, XLSX, PDF)]

    assert many == few
    assert "<td>46</td>" in client.get(PAGE, NOVEMBER).content.decode()
