"""The rollout in a real browser, as a province's supervisor reads it on a phone and on a desktop: the communes in
launch order, the one falling behind and why, the drill-down to its scorecard, and the charts drawn on the server."""

import re
from datetime import datetime

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_model import DESKTOP, no_sideways_scroll
from tests.browser.test_onestop_desk import log_in
from tests.factories import make_staff
from tests.model.test_rollout import district_build
from vidan.org.models import Role
from vidan.workdays.calendar import VIETNAM


@pytest.mark.browser
@pytest.mark.clock(datetime(2026, 1, 20, 9, 30, tzinfo=VIETNAM))
def test_the_supervisor_sees_the_launch_order_and_the_commune_falling_behind(clock, page: Page):
    # Given a district of the province: Kim Hóa launched first and falls behind, Thuận Hóa second, approved
    district, communes = district_build()
    supervisor = make_staff(None, Role.SUPERVISOR, unit=district.parent, username="yen", full_name="Dương Thị Hải Yến")
    supervisor.commune = communes["Thuận Hóa"]
    supervisor.save(update_fields=["commune"])
    device = TOTPDevice.objects.create(user=supervisor, name="Điện thoại", confirmed=True)

    # When the supervisor opens the rollout on a phone and chooses the district and the last quarter of 2025
    log_in(page, "yen", device)
    page.locator("nav.sidebar a[href='/staff/mo-hinh/trien-khai/']").click()
    page.locator("#id_don_vi").select_option(label="Huyện Tuyên Hóa")
    page.locator("#id_ngay").fill("31/12/2025")
    page.locator("#id_ngay").press("Tab")
    page.get_by_role("button", name="Xem").click()
    page.locator("#id_ky").select_option(label="Quý 4/2025")
    page.get_by_role("button", name="Xem").click()

    # Then the communes come in launch order, the figures above them
    rows = page.locator("table.rollout tbody tr")
    expect(rows.nth(0)).to_contain_text("Kim Hóa")
    expect(rows.nth(1)).to_contain_text("Thuận Hóa")
    expect(rows.nth(1)).to_contain_text("Đã phê duyệt")
    expect(page.locator("#launched-count")).to_have_text("3/5")
    # and Kim Hóa is named as falling behind, with the indicator that drags it
    behind = page.locator(f"#behind-{communes['Kim Hóa'].pk}")
    expect(behind).to_contain_text("thấp hơn bình quân 62,5 là 12,5 điểm")
    expect(behind).to_contain_text("Tỷ lệ hồ sơ đúng hạn")
    expect(page.get_by_role("img", name="Tổng điểm của từng xã, Quý 4/2025")).to_be_visible()
    no_sideways_scroll(page, PHONE["width"])
    screenshot(page, "model-rollout-phone")

    # When the supervisor follows Kim Hóa to its scorecard
    behind.get_by_role("link", name="Kim Hóa").click()
    expect(page.locator("#scorecard-total")).to_contain_text("50")
    expect(page.locator("#criterion-2")).to_contain_text(re.compile(r"49\s%"))
    no_sideways_scroll(page, PHONE["width"])
    screenshot(page, "model-rollout-commune-phone")

    # And on a desktop the whole table fits
    page.set_viewport_size(DESKTOP)
    page.go_back()
    expect(page.locator("table.rollout")).to_be_visible()
    no_sideways_scroll(page, DESKTOP["width"])
    screenshot(page, "model-rollout-desktop")


@pytest.mark.browser
@pytest.mark.clock(datetime(2026, 1, 20, 9, 30, tzinfo=VIETNAM))
def test_a_citizen_reads_the_communes_model_page_on_a_phone(clock, page: Page):
    # Given Thuận Hóa, launched third in its district, its last quarter approved
    _district, communes = district_build()
    thuan_hoa = communes["Thuận Hóa"]

    # When a citizen opens the commune's home page and follows the model's link
    page.goto(f"/xa/{thuan_hoa.slug}/")
    page.get_by_role("link", name="Mô hình tại xã: lễ ra mắt, cam kết, kết quả chấm điểm").click()

    # Then the page tells the launch, its order in the district and the approved score beside the province's
    expect(page.locator("#launch")).to_contain_text("xã thứ 3 của Tuyên Hóa")
    expect(page.locator("#public-total")).to_have_text("75")
    expect(page.locator("#scores")).to_contain_text("Quý 4/2025")
    no_sideways_scroll(page, PHONE["width"])
    screenshot(page, "model-public-phone")
