"""The one-stop desk's back office in a real browser: the desk officer receives a dossier and hands it to a
specialist, who finds it in his own queue and starts on it."""

import io
import re

import pytest
from django.utils import timezone
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import current_code, path_is, screenshot
from tests.browser.test_staff_login import log_in_with_password
from tests.factories import PASSWORD, make_commune, make_department, make_staff
from tests.onestop.factories import load_catalogue
from vidan.onestop.codes import pin_matches
from vidan.onestop.models import Dossier, DossierStatus, Procedure
from vidan.org.models import Role


def log_in(page: Page, username: str, device: TOTPDevice) -> None:
    log_in_with_password(page, username, PASSWORD)
    page.locator("#id_token").fill(current_code(device))
    page.locator("main form:not(.language) button[type=submit]").click()
    expect(page).to_have_url(path_is("/staff/"))


def log_out(page: Page) -> None:
    page.locator("header.staff-top form[action='/staff/logout/'] button[type=submit]").click()
    expect(page).to_have_url(path_is("/staff/login/"))


@pytest.mark.browser
def test_the_desk_receives_a_dossier_and_assigns_it_and_the_specialist_starts_on_it(page: Page):
    # Given Thuận Hóa with its catalogue, a desk officer and a specialist, each with an authenticator app
    load_catalogue()
    commune = make_commune(name="Thuận Hóa")
    desk = make_staff(
        commune, Role.DESK_OFFICER, department=make_department(commune), full_name="Trần Thị Hoa", username="hoa"
    )
    specialist = make_staff(commune, Role.SPECIALIST, full_name="Lê Văn Tư", username="tu")
    desk_device = TOTPDevice.objects.create(user=desk, name="Điện thoại", confirmed=True)
    specialist_device = TOTPDevice.objects.create(user=specialist, name="Điện thoại", confirmed=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # When the desk officer logs in and opens the receipt form from the sidebar
    log_in(page, "hoa", desk_device)
    page.locator("nav.sidebar a[href='/staff/ho-so/tiep-nhan/']").click()
    expect(page).to_have_url(path_is("/staff/ho-so/tiep-nhan/"))

    # Then choosing marriage offers the verification box, and choosing guardianship takes it away
    procedure = page.locator("#id_procedure")
    procedure.select_option(label="Đăng ký kết hôn")
    expect(page.locator("#id_needs_verification")).to_be_visible()
    procedure.select_option(label="Chứng thực bản sao từ bản chính")
    expect(page.locator("#id_fee_pages")).to_be_visible()  # a fee counted on the pages of the original
    expect(page.locator("#id_fee_exemption_0")).to_have_count(0)
    procedure.select_option(label="Đăng ký giám hộ")
    expect(page.locator("#id_needs_verification")).to_have_count(0)
    expect(page.locator("#id_fee_pages")).to_have_count(0)

    # When she saves without the applicant's name
    page.locator("#id_applicant_phone").fill("0912 345 678")
    page.locator("form.receive-form button[value=receive]").click()

    # Then she is told what is missing and what she typed is still there
    expect(page.locator("#id_applicant_name_error")).to_have_text(gettext("Enter the applicant's full name."))
    expect(page.locator("#id_applicant_phone")).to_have_value("0912 345 678")
    expect(page.locator("#id_procedure option:checked")).to_have_text("Đăng ký giám hộ")

    # When she types the name and saves
    page.locator("#id_applicant_name").fill("Nguyễn Thị Lan")
    page.locator("#id_applicant_address").fill("Thôn Tân Hóa")
    page.locator("form.receive-form button[value=receive]").click()

    # Then she sees the dossier's official code, its due date and the citizen's PIN
    dossier = Dossier.objects.get()
    assert dossier.procedure == Procedure.objects.get(code="HT-04")
    expect(page).to_have_url(path_is(f"/staff/ho-so/{dossier.pk}/"))
    expect(page.locator("h1 .dossier-code")).to_have_text(dossier.code)
    assert re.fullmatch(rf"{re.escape(commune.agency_code)}-\d{{6}}-0001", dossier.code)
    due = timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M")
    expect(page.locator(".messages .message.success")).to_contain_text(dossier.code)
    expect(page.locator(".status-line")).to_contain_text(due)
    pin = page.locator("#dossier-pin").inner_text()
    assert pin_matches(pin, dossier.pin_hash)
    screenshot(page, "desk-dossier-received")

    # When she hands it to the specialist
    page.locator("#id_assign-assignee").select_option(label="Lê Văn Tư")
    page.locator("form.step-assign button[type=submit]").click()

    # Then it is assigned, the timeline says so, and the PIN is no longer shown
    expect(page.locator(".status-line .status")).to_have_text("Đã chuyển công chức chuyên môn")
    expect(page.locator(".timeline tbody tr")).to_have_count(2)
    expect(page.locator(".timeline tbody tr").nth(1)).to_contain_text("Trần Thị Hoa")
    expect(page.locator("#dossier-pin")).to_have_count(0)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.ASSIGNED and dossier.assignee == specialist
    log_out(page)

    # When the specialist logs in and opens the dossiers from the sidebar
    log_in(page, "tu", specialist_device)
    page.locator("nav.sidebar a[href='/staff/ho-so/']").click()

    # Then his own queue lists it, with its due date and time left, and he cannot receive dossiers
    expect(page.locator(".tabs a[aria-current=page]")).to_contain_text(gettext("Mine"))
    row = page.locator("#queue-rows tbody tr", has_text="Nguyễn Thị Lan")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(due)
    expect(page.locator("nav.sidebar a[href='/staff/ho-so/tiep-nhan/']")).to_have_count(0)
    screenshot(page, "desk-queue-mine")

    # When he searches without accents, then opens it and starts processing
    page.locator("#queue-q").fill("nguyen thi lan")
    expect(page.locator("#queue-rows tbody tr", has_text="Nguyễn Thị Lan")).to_have_count(1)
    page.locator("#queue-rows a", has_text=dossier.code).click()
    expect(page).to_have_url(path_is(f"/staff/ho-so/{dossier.pk}/"))
    expect(page.locator("form.step-approve")).to_have_count(0)
    page.locator("form.step-start button[type=submit]").click()

    # Then the dossier is being processed
    expect(page.locator(".status-line .status")).to_have_text("Đang giải quyết")
    screenshot(page, "desk-dossier-processing")
    assert Dossier.objects.get().status == DossierStatus.PROCESSING


@pytest.mark.browser
def test_the_desk_asks_a_citizen_in_person_for_a_supplement_with_a_reason_for_each_document(page: Page):
    # Given Thuận Hóa with its catalogue and a desk officer with an authenticator app
    load_catalogue()
    commune = make_commune(name="Thuận Hóa")
    desk = make_staff(commune, Role.DESK_OFFICER, full_name="Trần Thị Hoa", username="hoa")
    device = TOTPDevice.objects.create(user=desk, name="Điện thoại", confirmed=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "hoa", device)
    page.goto("/staff/ho-so/tiep-nhan/")

    # When she chooses the procedure, types the citizen in and opens the supplement request
    page.locator("#id_procedure").select_option(label="Đăng ký giám hộ")
    expect(page.locator("#id_doc1_in")).to_be_checked()  # the documents of the procedure, to correct at receipt
    page.locator("#id_applicant_name").fill("Nguyễn Thị Lan")
    page.locator("#id_applicant_phone").fill("0912 345 678")
    page.locator(".answer-supplement summary").click()

    # And ticks a document without giving its reason
    page.locator("#id_ask1").check()
    page.locator("button[value=supplement]").click()

    # Then nothing is recorded and the reason is asked for beside the document, the rest kept
    expect(page.locator("#id_ask1_reason_error")).to_have_text(
        gettext("Give the reason: the citizen receives it in writing.")
    )
    expect(page.locator("#id_ask1")).to_be_checked()
    assert not Dossier.objects.exists()

    # When she gives the reason and records the request
    page.locator("#id_ask1_reason").fill("Chưa có chữ ký của người được cử làm giám hộ.")
    page.locator("#id_extra0_name").fill("Giấy tờ tùy thân của người giám hộ")
    page.locator("#id_extra0_reason").fill("Bản sao không có chứng thực.")
    screenshot(page, "desk-supplement-in-person")
    page.locator("button[value=supplement]").click()

    # Then the dossier, not received, waits for the citizen, and its form 02 lists each document with its reason
    dossier = Dossier.objects.get()
    expect(page).to_have_url(path_is(f"/staff/ho-so/{dossier.pk}/"))
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED and dossier.code is None
    link = page.locator(".timeline a", has_text=gettext("Supplement request (form 02)"))
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "1 Văn bản cử người giám hộ Chưa có chữ ký của người được cử làm giám hộ." in text
    assert "2 Giấy tờ tùy thân của người giám hộ Bản sao không có chứng thực." in text

    # When the citizen comes back with the papers, she receives that dossier from its page
    page.locator("form.step-receive button[type=submit]").click()
    expect(page.locator(".status-line .status")).to_have_text(str(DossierStatus.RECEIVED.label))
    dossier.refresh_from_db()
    assert dossier.code and dossier.status == DossierStatus.RECEIVED
