"""The commune leader reads the one-stop statistics in a real browser, on a desktop and on a 360 px phone, and
downloads them."""

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, path_is, screenshot
from tests.browser.test_onestop_desk import log_in
from tests.factories import make_commune, make_department, make_staff
from tests.onestop.factories import load_catalogue, received
from vidan.onestop.models import Dossier, DossierStatus
from vidan.org.models import Role

DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.browser
def test_the_leader_reads_the_statistics_on_a_desktop_and_a_phone_and_downloads_them(page: Page):
    # Given Thuận Hóa with a few dossiers received today: guardianships (one resolved) and residence registrations
    load_catalogue()
    commune = make_commune(name="Thuận Hóa")
    desk = make_staff(commune, Role.DESK_OFFICER, department=make_department(commune))
    leader = make_staff(commune, Role.LEADER, full_name="Phạm Văn Minh", username="minh")
    device = TOTPDevice.objects.create(user=leader, name="Điện thoại", confirmed=True)
    guardianships = [received(desk, commune, code="HT-04") for _ in range(3)]
    for _ in range(2):
        received(desk, commune, code="CT-04")
    Dossier.objects.filter(pk=guardianships[0].pk).update(status=DossierStatus.RETURNED, finished_at=timezone.now())

    # When the leader opens the statistics from the sidebar on a desktop
    page.set_viewport_size(DESKTOP)
    log_in(page, "minh", device)
    page.locator("nav.sidebar a[href='/staff/ho-so/thong-ke/']").click()
    expect(page).to_have_url(path_is("/staff/ho-so/thong-ke/"))

    # Then departments and procedures are two tables, each with its total
    by_department, by_procedure = page.locator("#by-department"), page.locator("#by-procedure")
    expect(by_department.locator("caption")).to_have_text("Theo bộ phận")
    expect(by_department.locator("tbody tr")).to_have_count(2)
    expect(by_procedure.locator("tbody tr")).to_have_count(2)
    expect(by_department.locator("tfoot tr th")).to_have_text("Tổng cộng")
    expect(by_procedure.locator("tfoot tr td").first).to_have_text("5")
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    screenshot(page, "statistics-desktop")

    # When she chooses the police only
    page.locator("#id_bo_phan").select_option(label="Công an xã")
    page.locator("form.filters button[type=submit]").click()
    expect(by_procedure.locator("tbody tr")).to_have_count(1)
    expect(by_procedure.locator("tbody tr th")).to_have_text("Đăng ký thường trú")

    # Then the spreadsheet she downloads has the same filter
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith("-police.xlsx")

    # On a 360 px phone, the page does not scroll sideways: the wide tables scroll inside their own box
    page.set_viewport_size(PHONE)
    page.goto("/staff/ho-so/thong-ke/")
    expect(page.locator("#by-procedure tbody tr")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = page.locator(".table-scroll").first
    assert box.evaluate("element => element.scrollWidth > element.clientWidth")
    assert box.evaluate("element => element.getBoundingClientRect().right") <= PHONE["width"]
    box.evaluate("element => { element.scrollLeft = element.scrollWidth; }")
    assert box.evaluate("element => element.scrollLeft") > 0
    screenshot(page, "statistics-360")
