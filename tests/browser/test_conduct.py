"""Office culture in a real browser: the leader publishes the code of conduct, an officer acknowledges it on a
phone and the leader sees the count change; the leader issues the officer's badge, and a citizen opens the
officer's profile at the address the badge's QR code holds."""

import io
from datetime import timedelta

import pytest
import segno
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import PHONE, path_is, screenshot
from tests.browser.test_onestop_desk import log_in
from tests.conduct.factories import PDF
from tests.factories import make_commune, make_department, make_staff
from vidan.conduct.models import Badge, CodeVersion
from vidan.org.models import DepartmentKind, Role

DESKTOP = {"width": 1280, "height": 900}


def overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.browser
def test_the_leader_publishes_the_code_an_officer_acknowledges_it_on_a_phone_and_a_citizen_scans_a_badge(
    browser, live_server, transactional_db, tmp_path
):
    # Given Thuận Hóa's chairman and its desk officer, each with an authenticator app
    commune = make_commune(name="Thuận Hóa")
    desk = make_department(commune, kind=DepartmentKind.ONE_STOP, name="Bộ phận Một cửa")
    leader = make_staff(commune, Role.LEADER, username="chutich", full_name="Đinh Xuân Trường")
    officer = make_staff(commune, Role.DESK_OFFICER, username="hang", full_name="Trần Thị Thu Hằng", department=desk)
    leader_device = TOTPDevice.objects.create(user=leader, name="Điện thoại", confirmed=True)
    officer_device = TOTPDevice.objects.create(user=officer, name="Điện thoại", confirmed=True)
    signed = timezone.localdate() - timedelta(days=3)
    scan = tmp_path / "quyet-dinh-45.pdf"
    scan.write_bytes(PDF)

    def context(viewport):
        mobile = viewport is PHONE
        return browser.new_context(
            base_url=live_server.url, viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
            is_mobile=mobile, has_touch=mobile,
        )  # fmt: skip

    leader_page = context(DESKTOP).new_page()
    leader_page.set_default_timeout(10_000)

    # When the chairman enters the decision from the sidebar and publishes it
    log_in(leader_page, "chutich", leader_device)
    leader_page.locator("nav.sidebar").get_by_role("link", name="Các phiên bản quy tắc ứng xử").click()
    leader_page.get_by_role("link", name="Nhập phiên bản mới").click()
    leader_page.get_by_label("Số quyết định").fill("45/QĐ-UBND")
    leader_page.get_by_label("Ngày ký").fill(signed.strftime("%d/%m/%Y"))
    leader_page.get_by_label("Có hiệu lực từ ngày").fill(signed.strftime("%d/%m/%Y"))
    leader_page.get_by_label("Tên văn bản").fill("Quy tắc ứng xử của cán bộ, công chức UBND xã Thuận Hóa")
    leader_page.get_by_label("Nội dung quy tắc").fill(
        "Điều 1. Cán bộ đeo thẻ khi làm việc.\nĐiều 2. Lắng nghe, hướng dẫn tận tình, không gây phiền hà."
    )
    leader_page.get_by_label("Quyết định đã ký (PDF, JPEG hoặc PNG)").set_input_files(str(scan))
    leader_page.get_by_role("button", name="Lưu dự thảo").click()
    expect(leader_page.locator(".messages")).to_contain_text("Đã lưu bản dự thảo")
    leader_page.get_by_role("button", name="Công bố phiên bản này").click()
    version = CodeVersion.objects.get(decision_number="45/QĐ-UBND")
    expect(leader_page).to_have_url(path_is(f"/staff/quy-tac-ung-xu/phien-ban/{version.pk}/"))
    # Then nobody has acknowledged it yet: the two officials are listed, per department
    expect(leader_page.locator("#ack-count")).to_contain_text("0/2 cán bộ đã xác nhận")
    expect(leader_page.locator(".department-standing").filter(has_text="Bộ phận Một cửa")).to_contain_text(
        "Trần Thị Thu Hằng"
    )
    screenshot(leader_page, "conduct-leader-before")

    # When the desk officer, on her phone, opens the code from the sidebar and acknowledges it
    phone = context(PHONE).new_page()
    phone.set_default_timeout(10_000)
    log_in(phone, "hang", officer_device)
    phone.locator("nav.sidebar").get_by_role("link", name="Quy tắc ứng xử", exact=True).click()
    expect(phone.locator(".code-version")).to_contain_text("Điều 2. Lắng nghe, hướng dẫn tận tình")
    assert overflow(phone) <= 0
    screenshot(phone, "conduct-officer-phone")
    phone.get_by_role("button", name="Tôi đã đọc và cam kết thực hiện").click()
    # Then she is thanked and the version is among those she acknowledged
    expect(phone.locator(".messages")).to_contain_text("đã ghi nhận xác nhận của bạn đối với 45/QĐ-UBND")
    expect(phone.locator(".acknowledged")).to_contain_text("45/QĐ-UBND")
    assert overflow(phone) <= 0

    # And the chairman sees the count change
    leader_page.reload()
    expect(leader_page.locator("#ack-count")).to_contain_text("1/2 cán bộ đã xác nhận")

    # When the chairman issues her badge and prints it
    leader_page.locator("nav.sidebar").get_by_role("link", name="Thẻ cán bộ và thông tin công khai").click()
    leader_page.get_by_role("link", name="Trần Thị Thu Hằng").click()
    leader_page.get_by_role("button", name="Cấp thẻ").click()
    expect(leader_page.locator(".messages")).to_contain_text("Đã cấp thẻ số")
    badge = Badge.objects.get(staff=officer)
    pdf = leader_page.request.get(f"/staff/the-can-bo/{officer.pk}/the.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    # Then the QR code printed on it holds the address of her public profile on this site
    profile = f"{live_server.url}/xa/{commune.slug}/can-bo-cong-chuc/{badge.number}/"
    qr = [image.image for image in PdfReader(io.BytesIO(pdf.body())).pages[0].images if image.image.mode == "L"]
    expected = io.BytesIO()
    segno.make(profile, error="m", micro=False).save(expected, kind="png", scale=8, border=2)
    assert qr[0].tobytes() == Image.open(expected).convert("L").tobytes()

    # When a citizen scans it with a phone, without an account
    citizen = context(PHONE).new_page()
    citizen.goto(profile)
    # Then she sees who served her: name, position, department, badge number, serving
    card = citizen.locator(".officer-profile")
    for text in ("Trần Thị Thu Hằng", "Bộ phận Một cửa", badge.number, "Cán bộ đang công tác"):
        expect(card).to_contain_text(text)
    assert overflow(citizen) <= 0
    screenshot(citizen, "conduct-citizen-profile")

    # When the officer leaves and her badge is revoked, the same address says so, with the day
    leader_page.goto(f"/staff/the-can-bo/{officer.pk}/")
    leader_page.get_by_text("Thu hồi thẻ", exact=True).click()
    leader_page.get_by_label("Cán bộ không còn công tác tại xã").check()
    leader_page.get_by_role("button", name="Thu hồi", exact=True).click()
    expect(leader_page.locator(".messages")).to_contain_text(f"Đã thu hồi thẻ số {badge.number}")
    citizen.goto(profile)
    expect(citizen.locator(".revoked-notice")).to_contain_text(
        f"Cán bộ này không còn công tác tại Ủy ban nhân dân xã Thuận Hóa từ ngày {timezone.localdate():%d/%m/%Y}"
    )
    screenshot(citizen, "conduct-citizen-revoked")
    # and the officer's page in the back office, its badge history included, fits a phone too
    leader_page.set_viewport_size(PHONE)
    leader_page.goto(f"/staff/the-can-bo/{officer.pk}/")
    expect(leader_page.locator("main")).to_contain_text("Cán bộ không còn công tác tại xã")
    assert overflow(leader_page) <= 0
    screenshot(leader_page, "conduct-officer-page-phone")
