"""Citizens rate: from the receipt's QR code on a 360 px phone, and three times in a row at a kiosk on the desk's
tablet, which thanks and resets itself after each rating."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import path_is, screenshot
from tests.browser.test_onestop_desk import log_in
from tests.factories import make_commune, make_department, make_staff
from tests.onestop.factories import load_catalogue
from tests.ratings.factories import returned
from vidan.onestop.links import RECEIPT, dossier_links
from vidan.org.models import Role
from vidan.ratings.models import Rating


def overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def desk(transactional_db):
    load_catalogue()
    commune = make_commune(name="Thuận Hóa")
    officer = make_staff(commune, Role.DESK_OFFICER, department=make_department(commune), username="hoa",
                         full_name="Trần Thị Hoa")  # fmt: skip
    return {"commune": commune, "officer": officer}


@pytest.mark.browser
def test_a_citizen_opens_the_receipts_qr_link_on_a_phone_and_rates(page: Page, desk):
    # Given a dossier handed over, and the link its receipt's QR code carries (what the receipt prints)
    dossier = returned(desk["officer"], desk["commune"])
    path = dossier_links(dossier, RECEIPT)[0].path
    # When the citizen opens it on the phone
    page.goto(path)
    expect(page.locator("h1")).to_have_text("Đánh giá dịch vụ ông/bà đã nhận")
    expect(page.locator(".lead")).to_contain_text(dossier.code)
    assert overflow(page) == 0
    # And sends the form without a level: told what to fix, the comment kept
    page.locator("#rating-comment").fill("Cán bộ hướng dẫn tận tình")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator(".error-summary")).to_contain_text("Chọn một trong ba mức đánh giá.")
    expect(page.locator("#rating-comment")).to_have_value("Cán bộ hướng dẫn tận tình")
    # Then taps "Rất hài lòng", answers a question and sends
    page.get_by_text("Rất hài lòng").click()
    page.locator("details.questions").evaluate("details => details.open = true")
    page.get_by_label("Lịch sự, tôn trọng").check()
    screenshot(page, "ratings-phone-form")
    assert overflow(page) == 0
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page).to_have_url(path_is("/danh-gia/cam-on/"))
    expect(page.locator("h1")).to_have_text("Cảm ơn ông/bà đã đánh giá")
    screenshot(page, "ratings-phone-thanks")
    rating = Rating.objects.get()
    assert (rating.level, rating.comment, rating.answers) == (
        "very_satisfied",
        "Cán bộ hướng dẫn tận tình",
        {"attitude": "courteous"},
    )
    # And the same QR code scanned again says it was used
    page.goto(path)
    expect(page.locator(".form-errors")).to_contain_text("đã được dùng")
    assert page.locator("input[name=level]").count() == 0


@pytest.mark.browser
def test_a_kiosk_rates_three_times_in_a_row_and_resets_after_each(page: Page, desk, settings):
    # The thanks stay one second here (five by default): the reset itself is what is tested
    settings.VIDAN_KIOSK_RESET_SECONDS = 1
    page.set_viewport_size({"width": 800, "height": 1000})
    device = TOTPDevice.objects.create(user=desk["officer"], name="Điện thoại", confirmed=True)
    # Given the desk officer registers the tablet as the kiosk of her counter
    log_in(page, "hoa", device)
    page.goto("/staff/danh-gia/quay/")
    page.get_by_label("Tên thiết bị").fill("Quầy số 1")
    page.get_by_label("Cán bộ tại quầy").select_option(label="Trần Thị Hoa")
    page.get_by_role("button", name="Đăng ký và mở trang đánh giá").click()
    expect(page).to_have_url(path_is("/quay-danh-gia/"))
    expect(page.locator("h1")).to_contain_text("Trần Thị Hoa")
    screenshot(page, "ratings-kiosk")
    # When three citizens tap one after another
    for level in ("Rất hài lòng", "Hài lòng", "Không hài lòng"):
        page.get_by_role("button", name=level, exact=True).click()
        expect(page).to_have_url(path_is("/quay-danh-gia/cam-on/"))
        expect(page.locator("h1")).to_have_text("Cảm ơn ông/bà đã đánh giá!")
        # Then the kiosk comes back to its buttons by itself
        expect(page).to_have_url(path_is("/quay-danh-gia/"), timeout=5000)
        expect(page.get_by_role("button", name="Rất hài lòng")).to_be_visible()
    screenshot(page, "ratings-kiosk-after-three")
    levels = list(Rating.objects.order_by("id").values_list("level", "channel", "staff__username"))
    assert levels == [
        ("very_satisfied", "kiosk", "hoa"),
        ("satisfied", "kiosk", "hoa"),
        ("not_satisfied", "kiosk", "hoa"),
    ]
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert overflow(page) == 0
    screenshot(page, "ratings-kiosk-phone")


@pytest.mark.browser
@pytest.mark.parametrize(
    "viewport", [{"width": 360, "height": 740}, {"width": 1280, "height": 900}], ids=["phone", "desktop"]
)
def test_the_leaders_and_the_officers_pages_fit_the_screen(page: Page, desk, viewport):
    from tests.ratings.factories import rate

    leader = make_staff(desk["commune"], Role.LEADER, username="chutich", full_name="Phạm Văn Minh")
    for level in ("very_satisfied", "satisfied", "not_satisfied"):
        rate(returned(desk["officer"], desk["commune"], leader=leader), level, comment="Hướng dẫn rõ ràng, dễ hiểu")
    name = "phone" if viewport["width"] == 360 else "desktop"
    page.set_viewport_size(viewport)
    for username, user, path, shot in (
        ("chutich", leader, "/staff/danh-gia/", "ratings-leader"),
        ("hoa", desk["officer"], "/staff/danh-gia/cua-toi/", "ratings-officer"),
    ):
        device = TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
        log_in(page, username, device)
        page.goto(path)
        expect(page.locator("#count-total")).to_have_text("3")
        expect(page.locator("#satisfaction-rate")).to_have_text("66,7 %")
        assert overflow(page) == 0
        screenshot(page, f"{shot}-{name}")
        page.context.clear_cookies()


@pytest.mark.browser
def test_a_citizen_answers_the_survey_on_a_phone(page: Page, desk):
    from datetime import date

    from tests.factories import actor_of
    from vidan.ratings.models import SurveyResponse
    from vidan.ratings.surveys import survey_open

    leader = make_staff(desk["commune"], Role.LEADER)
    survey = survey_open(
        actor=actor_of(leader), commune=desk["commune"], title="Khảo sát quý IV/2026", date_from=date(2026, 10, 1),
        date_to=date(2026, 12, 31),
    )  # fmt: skip
    page.goto(f"/khao-sat/{survey.code}/")
    expect(page.locator("h1")).to_have_text("Khảo sát mức độ hài lòng")
    assert overflow(page) == 0
    page.locator("#field-access").get_by_label("5 — Rất hài lòng").check()
    page.locator("#field-officials").get_by_label("4 — Hài lòng").check()
    screenshot(page, "ratings-survey-phone")
    page.get_by_role("button", name="Gửi phiếu trả lời").click()
    expect(page).to_have_url(path_is("/danh-gia/cam-on/"))
    assert SurveyResponse.objects.get().scores == {"access": 5, "officials": 4}
