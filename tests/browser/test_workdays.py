"""The due-date calculator on a phone, and an administrator marking a day off on the province's calendar."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, current_code, path_is, screenshot
from tests.factories import PASSWORD, make_commune, make_staff
from vidan.org.models import Role
from vidan.org.selectors import province_of
from vidan.workdays.models import CalendarOverride


@pytest.mark.browser
def test_a_citizen_works_out_a_due_date_on_her_phone(page: Page):
    # Given a commune whose home page links to the calculator
    commune = make_commune(name="Thuận Hóa")
    page.goto(f"/xa/{commune.slug}/")
    page.locator(".office-days a[href^='/han-giai-quyet/']").click()
    expect(page).to_have_url(path_is("/han-giai-quyet/"))

    # When she types a dossier received on Friday 13/02/2026 at 16:00 with a time limit of 3 working days
    page.get_by_label("Ngày nhận").fill("13/02/2026")
    page.get_by_label("Giờ nhận").fill("16:00")
    page.get_by_label("Thời hạn giải quyết").fill("3")
    page.get_by_label("ngày làm việc", exact=True).check()
    page.get_by_role("button", name="Tính hạn giải quyết").click()

    # Then she sees the due date and hour, the day the receipt counts from, and why (Tết lies in between)
    result = page.locator(".due-result")
    expect(result.locator(".due-at")).to_contain_text("26/02/2026 17:00")
    expect(result.locator(".receipt-day")).to_have_text("23/02/2026")
    expect(result).to_contain_text("Tết Nguyên Đán")
    # and the page fits the phone
    assert page.viewport_size == PHONE
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "due-calculator-360")

    # When she types a negative time limit
    page.get_by_label("Thời hạn giải quyết").fill("-1")
    page.get_by_role("button", name="Tính hạn giải quyết").click()

    # Then she is told what to fix, in Vietnamese, and what she typed is still there
    expect(page.locator("#id_days_error")).to_have_text("Thời hạn không được âm.")
    expect(page.get_by_label("Ngày nhận")).to_have_value("13/02/2026")


@pytest.mark.browser
def test_an_administrator_marks_a_day_off_on_the_province_calendar(page: Page):
    # Given an administrator of the province of Thuận Hóa with an authenticator app
    commune = make_commune(name="Thuận Hóa")
    province = province_of(commune.unit)
    admin = make_staff(commune, Role.ADMIN, unit=province, username="quantri", full_name="Lê Quản Trị")
    device = TOTPDevice.objects.create(user=admin, name="Điện thoại", confirmed=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/staff/lich/?nam=2026")
    page.locator("#id_username").fill("quantri")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form:not(.language) button[type=submit]").click()
    page.locator("#id_token").fill(current_code(device))
    page.locator("main form:not(.language) button[type=submit]").click()

    # When she opens the working calendar and adds a day off for the province
    expect(page).to_have_url(path_is("/staff/lich/"))
    day = page.locator("#ngay-2026-03-03")
    expect(day).to_have_class("cal-day workday")
    form = page.locator("form.override-form")
    form.locator("#id_override-day").fill("03/03/2026")
    form.get_by_label("Ngày nghỉ", exact=True).check()
    form.get_by_label("Căn cứ pháp lý").fill("Quyết định 15/QĐ-UBND ngày 20/02/2026")
    form.get_by_label("Tên hiển thị").fill("Lễ hội truyền thống")
    form.get_by_role("button", name="Thêm").click()

    # Then the day is marked on the grid, with a symbol and words, and listed with its basis
    expect(page.locator(".messages")).to_contain_text("03/03/2026")
    expect(day).to_have_class("cal-day override-off")
    expect(day.locator(".mark")).to_have_text("✱")
    expect(day.locator(".visually-hidden")).to_contain_text("Lễ hội truyền thống")
    expect(page.locator("table.overrides")).to_contain_text("Quyết định 15/QĐ-UBND ngày 20/02/2026")
    assert CalendarOverride.objects.filter(day="2026-03-03", unit__isnull=False).count() == 1
    screenshot(page, "staff-calendar-override")
