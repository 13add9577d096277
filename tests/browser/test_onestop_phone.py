"""The desk on a 360 px phone and on a desktop: the queue as cards, the dossier's page within the screen, the
electronic result from attachment to the citizen's download, and the public form's error summary."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, path_is, screenshot
from tests.browser.test_onestop_desk import log_in
from tests.factories import actor_of, make_commune, make_department, make_staff
from tests.onestop.factories import load_catalogue, step
from vidan.onestop.selectors import procedure_in_force
from vidan.onestop.services import dossier_receive_at_desk
from vidan.org.models import DepartmentKind, Role

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the screen (0 when nothing is clipped or scrolled sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def desk(transactional_db):
    load_catalogue()
    commune = make_commune(name="Thuận Hóa")
    justice = make_department(commune, kind=DepartmentKind.JUSTICE, name="Tư pháp – Hộ tịch")
    officer = make_staff(commune, Role.DESK_OFFICER, department=make_department(commune), username="hoa",
                         full_name="Trần Thị Hoa")  # fmt: skip
    specialist = make_staff(commune, Role.SPECIALIST, department=justice, username="tu", full_name="Lê Văn Tư")
    leader = make_staff(commune, Role.LEADER, full_name="Phạm Văn Minh")
    dossiers = []
    for n, name in enumerate(["Nguyễn Thị Lan", "Trần Văn Hùng", "Lê Thị Mai Phương Thảo", "Đỗ Văn Đức"]):
        dossier, pin = dossier_receive_at_desk(
            actor=actor_of(officer),
            commune=commune,
            procedure=procedure_in_force("HT-06" if n % 2 else "HT-04"),
            applicant_name=name,
            applicant_phone="0912 345 678",
            applicant_address="Thôn Tân Hóa, xã Thuận Hóa, tỉnh Quảng Trị",
        )
        dossiers.append((dossier, pin))
    first = dossiers[0][0]
    step(officer, first, "assign", assignee=specialist)
    step(specialist, first, "start")
    step(specialist, first, "submit_for_approval")
    step(leader, first, "approve")
    device = TOTPDevice.objects.create(user=specialist, name="Điện thoại", confirmed=True)
    return {"commune": commune, "dossiers": dossiers, "specialist": specialist, "device": device}


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_the_queue_and_the_dossier_fit_the_screen_and_the_result_reaches_the_citizen(page: Page, desk, viewport):
    page.set_viewport_size(viewport)
    name = "phone" if viewport is PHONE else "desktop"
    # Given the specialist logged in, when he opens every dossier of the commune
    log_in(page, "tu", desk["device"])
    page.goto("/staff/ho-so/?hang=tat-ca")
    rows = page.locator("#queue-rows tbody tr")
    expect(rows).to_have_count(4)
    screenshot(page, f"queue-{name}")
    # Then every column of a row is on the screen: its assignee and its status too, nothing scrolled away
    assert overflow(page) <= 0
    row = rows.filter(has_text="Nguyễn Thị Lan")
    for cell in ("Lê Văn Tư", "Đã phê duyệt"):
        box = row.get_by_text(cell, exact=True).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], cell
    if viewport is PHONE:  # as cards, each value beside the name of its column, the code heading the card
        assert page.evaluate(
            "getComputedStyle(document.querySelectorAll('#queue-rows td')[1], '::before').content"
        ) == '"Người nộp hồ sơ"'  # fmt: skip
    # and a dossier's code is on one line, never split
    code = rows.first.locator("td").first.locator("a")
    assert code.bounding_box()["height"] < 1.6 * float(
        code.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 20")
    )

    # When he opens the approved dossier and attaches the signed certificate
    dossier, pin = desk["dossiers"][0]
    row.locator("a").first.click()
    expect(page).to_have_url(path_is(f"/staff/ho-so/{dossier.pk}/"))
    assert overflow(page) <= 0
    # its code, in the heading, on one line within the screen
    heading_code = page.locator("h1 .dossier-code").bounding_box()
    line = float(page.locator("h1 .dossier-code").evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert heading_code["height"] < 2 * line and heading_code["x"] + heading_code["width"] <= viewport["width"]
    page.locator("#id_result-result").set_input_files(
        {"name": "giay-chung-nhan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator(".result-card button[type=submit]").click()
    # Then the page lists it, within the screen
    expect(page.locator(".result-files li")).to_contain_text("giay-chung-nhan.pdf")
    assert overflow(page) <= 0
    screenshot(page, f"dossier-result-{name}")

    # When the citizen looks the dossier up and gives the PIN
    page.goto(f"/tra-cuu/?ma={dossier.code}")
    page.locator("#lookup-pin").fill(pin)
    page.locator("#lookup-pin").press("Enter")
    # Then she can download the result
    with page.expect_download() as download:
        page.locator(".results a.button").click()
    assert download.value.suggested_filename == "giay-chung-nhan.pdf"
    assert download.value.path().read_bytes() == PDF
    assert overflow(page) <= 0


@pytest.mark.browser
def test_a_failed_submission_puts_the_focus_on_the_error_summary(page: Page, transactional_db):
    # Given the online form of a procedure
    load_catalogue()
    commune = make_commune(name="Thuận Hóa")
    page.goto(f"/xa/{commune.slug}/nop-ho-so/HT-01/")
    # When the citizen sends it with only her name
    page.locator("#id_applicant_name").fill("Lê Thị Mai")
    page.locator("form.online-form button[type=submit]").click()
    # Then the summary of what is wrong has the focus, and its link leads to the consent box
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_consent']")).to_contain_text("Đồng ý sử dụng dữ liệu cá nhân")
    screenshot(page, "online-errors-phone")
    summary.locator("a[href='#id_consent']").click()
    expect(page.locator("#id_consent")).to_be_focused()
