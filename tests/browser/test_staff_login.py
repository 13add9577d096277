"""A staff member logs in to the back office in a real browser: password, second factor, logout."""

import base64
import re

import pytest
from django.contrib.sessions.models import Session
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import current_code, either, path_is, screenshot
from tests.factories import PASSWORD, make_commune, make_department, make_staff
from vidan.org.models import Role, Staff


def log_in_with_password(page: Page, username: str, password: str) -> None:
    page.goto("/staff/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form:not(.language) button[type=submit]").click()


def expect_back_office_of(page: Page, commune_name: str) -> None:
    expect(page).to_have_url(path_is("/staff/"))
    expect(page.locator("header.staff-top .brand")).to_contain_text("Vì Dân")
    expect(page.locator("nav.sidebar .commune-name")).to_have_text(f"Xã {commune_name}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Xã {commune_name}")


@pytest.mark.browser
def test_an_officer_with_an_authenticator_app_logs_in_works_and_logs_out(page: Page):
    # Given a desk officer of Thuận Hóa who has set up an authenticator app
    commune = make_commune(name="Thuận Hóa")
    officer = make_staff(
        commune, Role.DESK_OFFICER, department=make_department(commune), full_name="Trần Thị Hoa", username="hoa"
    )
    device = TOTPDevice.objects.create(user=officer, name="Điện thoại", confirmed=True)

    # When she gives her username and password
    log_in_with_password(page, "hoa", PASSWORD)

    # Then she is asked for the code, not let in yet
    expect(page).to_have_url(path_is("/staff/login/otp/"))
    expect(page.locator("#id_token")).to_be_focused()
    expect(page.locator("nav.sidebar")).to_have_count(0)

    # When she types the code her app shows
    page.locator("#id_token").fill(current_code(device))
    page.locator("main form:not(.language) button[type=submit]").click()

    # Then she sees her commune's back office
    expect_back_office_of(page, "Thuận Hóa")
    expect(page.locator("header.staff-top .whoami")).to_have_text("Trần Thị Hoa")

    # When she opens the staff directory from the sidebar
    page.locator("nav.sidebar a[href='/staff/people/']").click()

    # Then she finds herself listed, with her badge number
    expect(page).to_have_url(path_is("/staff/people/"))
    expect(page.locator("nav.sidebar a[href='/staff/people/']")).to_have_attribute("aria-current", "page")
    row = page.locator("#directory-rows tbody tr", has_text="Trần Thị Hoa")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(officer.badge_number)

    # When she logs out
    page.locator("header.staff-top form[action='/staff/logout/'] button[type=submit]").click()

    # Then she is back on the login page, told she has logged out, and the back office is closed to her
    expect(page).to_have_url(path_is("/staff/login/"))
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.locator(".messages .message.info")).to_have_text(either("You have logged out", "Bạn đã đăng xuất"))
    screenshot(page, "staff-logged-out")
    page.goto("/staff/")
    expect(page).to_have_url(path_is("/staff/login/"))


@pytest.mark.browser
def test_a_wrong_password_is_refused_on_the_login_page(page: Page, settings):
    # Given an officer
    commune = make_commune(name="Thuận Hóa")
    make_staff(commune, Role.DESK_OFFICER, username="hoa")

    # When someone types her username with a wrong password
    log_in_with_password(page, "hoa", "not-her-password")

    # Then the login page says what went wrong and when the account would be locked, keeping the username typed
    expect(page).to_have_url(path_is("/staff/login/"))
    error = page.locator(".form-errors[role=alert]")
    expect(error).to_have_text(
        "Tên đăng nhập hoặc mật khẩu không đúng. Sai "
        f"{settings.VIDAN_LOGIN_MAX_FAILURES} lần liên tiếp, tài khoản sẽ bị tạm khóa "
        f"{settings.VIDAN_LOGIN_LOCK_MINUTES} phút."
    )
    expect(page.locator("#id_username")).to_have_value("hoa")
    expect(page.locator("#id_password")).to_have_value("")
    screenshot(page, "staff-wrong-password")

    # And no session was opened: the browser holds no session cookie and the back office stays closed
    assert "sessionid" not in {cookie["name"] for cookie in page.context.cookies()}
    assert not Session.objects.exists()
    assert Staff.objects.get(username="hoa").failed_logins == 1
    page.goto("/staff/")
    expect(page).to_have_url(path_is("/staff/login/"))


@pytest.mark.browser
def test_a_leader_without_an_authenticator_app_sets_one_up_while_logging_in(page: Page, settings):
    # Given a commune leader, whose role requires a second factor, with no authenticator app yet
    settings.VIDAN_OTP_REQUIRED_ROLES = ["leader", "supervisor", "admin"]
    commune = make_commune(name="Thuận Hóa")
    leader = make_staff(commune, Role.LEADER, full_name="Lê Văn Minh", username="minh")

    # When he gives his username and password
    log_in_with_password(page, "minh", PASSWORD)

    # Then he is sent to set up an app, shown a QR code and the key to type in by hand
    expect(page).to_have_url(path_is("/staff/otp/setup/"))
    expect(page.locator(".qr svg")).to_be_visible()
    shown = page.locator("code.secret").inner_text().strip()
    groups = shown.split(" ")  # in groups of four, to be read out and typed without losing one's place
    assert all(len(group) == 4 for group in groups[:-1]) and all(group.isalnum() for group in groups)
    secret = "".join(groups)  # as an app takes it, spaces ignored

    # When his app, given that key, shows a code and he types it
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    pending = TOTPDevice.objects.get(user=leader, confirmed=False)
    assert key == pending.bin_key
    app = TOTPDevice(key=key.hex(), step=pending.step, t0=pending.t0, digits=pending.digits)
    page.locator("#id_token").fill(current_code(app))
    page.locator("main form:not(.language) button[type=submit]").click()

    # Then he is told the app is set up and shown ten recovery codes, once, to keep away from his phone
    set_up = either("authenticator app is set up", "ứng dụng xác thực")
    expect(page.locator(".messages .message.success")).to_have_text(set_up)
    codes = page.locator("ol.recovery-codes li code")
    expect(codes).to_have_count(10)
    assert all(re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code) for code in codes.all_inner_texts())
    screenshot(page, "staff-otp-set-up")
    assert TOTPDevice.objects.filter(user=leader, confirmed=True).count() == 1

    # When he has noted them and goes on, he reaches the back office; the codes are not shown there again
    page.locator("main a.button").click()
    expect_back_office_of(page, "Thuận Hóa")
    page.locator("nav.sidebar a[href='/staff/otp/recovery-codes/']").click()
    expect(page.locator("main")).to_contain_text(either("10 recovery codes of the 10", "còn 10 trong số 10"))
    expect(page.locator("ol.recovery-codes")).to_have_count(0)
