"""The whole life of a dossier in a real browser: a citizen submits online from a phone, the desk asks for a
supplement, the citizen sends it, the desk receives the dossier and prints the receipt, the specialist
processes it, the leader approves it, the desk returns the result and the citizen sees it returned. Then a
second dossier goes late and the desk apologises with a new appointment."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, path_is, screenshot
from tests.browser.test_onestop_desk import log_in, log_out
from tests.factories import make_commune, make_department, make_staff
from tests.onestop.factories import load_catalogue, received
from tests.onestop.test_online import PDF, png
from vidan.notify.models import OutboxMessage
from vidan.onestop.models import Dossier, DossierFile, DossierStatus, Procedure
from vidan.onestop.services import commune_calendar
from vidan.org.models import Role

DESKTOP = {"width": 1280, "height": 900}


def staff_with_device(commune, role, username, full_name, **extra):
    member = make_staff(commune, role, username=username, full_name=full_name, **extra)
    return member, TOTPDevice.objects.create(user=member, name="Điện thoại", confirmed=True)


def log_in_again(page: Page, username: str, device: TOTPDevice) -> None:
    """Log in once more within the same 30 seconds: the authenticator shows its next code by then."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    log_in(page, username, device)


def take_step(page: Page, action: str, note: str = "") -> None:
    """Press a step's button on the dossier page; a step that needs a note opens its box first."""
    form = page.locator(f"form.step-{action}")
    if note:
        if not form.is_visible():
            page.locator("details.step", has=form).locator("summary").click()
        form.locator("textarea").fill(note)
    form.locator("button[type=submit]").click()


@pytest.fixture
def thuan_hoa(transactional_db):
    load_catalogue()
    commune = make_commune(name="Thuận Hóa")
    department = make_department(commune)
    return {
        "commune": commune,
        "desk": staff_with_device(commune, Role.DESK_OFFICER, "hoa", "Trần Thị Hoa", department=department),
        "specialist": staff_with_device(commune, Role.SPECIALIST, "tu", "Lê Văn Tư"),
        "leader": staff_with_device(commune, Role.LEADER, "chutich", "Phạm Văn Minh"),
    }


@pytest.mark.browser
def test_a_dossier_from_online_submission_to_the_result_returned(page: Page, thuan_hoa):
    commune = thuan_hoa["commune"]
    birth = Procedure.objects.get(code="HT-01")
    documents = list(birth.documents.order_by("position"))

    # A citizen on her phone opens the commune's page and chooses to submit a birth registration online
    page.goto(f"/xa/{commune.slug}/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page).to_have_url(path_is(f"/xa/{commune.slug}/nop-ho-so/"))
    page.locator("#online-q").fill("khai sinh")
    page.locator("form.search button[type=submit]").click()
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    expect(page).to_have_url(path_is(f"/xa/{commune.slug}/nop-ho-so/HT-01/"))

    # The consent box is not ticked for her; she fills the form and attaches two of the three documents,
    # one of them a program renamed to look like a PDF
    expect(page.locator("#id_consent")).not_to_be_checked()
    page.locator("#id_applicant_name").fill("Lê Thị Mai")
    page.locator("#id_applicant_phone").fill("0912 345 678")
    page.locator("#id_applicant_address").fill("Thôn Tân Hóa")
    page.locator(f"#id_doc-{documents[0].pk}").set_input_files(
        files=[{"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" + b"\x00" * 60}]
    )
    page.locator(f"#id_doc-{documents[1].pk}").set_input_files(
        files=[{"name": "giay-chung-sinh.png", "mimeType": "image/png", "buffer": png()}]
    )
    page.locator("#id_consent").check()
    page.locator("#id_declaration").check()
    page.get_by_role("button", name="Gửi hồ sơ").click()

    # She is told what is wrong with each file, and what she typed is still there
    expect(page.locator(".form-errors").first).to_contain_text("Hồ sơ chưa được gửi")
    expect(page.locator(f"#id_doc-{documents[0].pk}_error")).to_contain_text("chương trình Windows")
    expect(page.locator(f"#id_doc-{documents[2].pk}_error")).to_contain_text(documents[2].name)
    expect(page.locator("#id_applicant_name")).to_have_value("Lê Thị Mai")
    assert Dossier.objects.count() == 0

    # She chooses real files and sends the dossier: she gets its tracking reference and PIN
    for document in documents:
        page.locator(f"#id_doc-{document.pk}").set_input_files(
            files=[{"name": f"giay-{document.position}.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
    page.locator("#id_consent").check()
    page.locator("#id_declaration").check()
    page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.locator("h1")).to_have_text("Hồ sơ của bạn đã được gửi")
    reference = page.locator(".dossier-reference").inner_text()
    pin = page.locator(".dossier-pin").inner_text()
    dossier = Dossier.objects.get(reference=reference)
    assert dossier.status == DossierStatus.SUBMITTED and DossierFile.objects.filter(dossier=dossier).count() == 3
    screenshot(page, "story-1-submitted")

    # The desk officer finds it among the dossiers to receive and asks for a supplement
    _desk, desk_device = thuan_hoa["desk"]
    page.set_viewport_size(DESKTOP)
    log_in(page, "hoa", desk_device)
    page.goto("/staff/ho-so/?hang=tiep-nhan")
    page.locator("#queue-rows tbody tr", has_text="Lê Thị Mai").locator("a").first.click()
    expect(page.locator(".status-line .status")).to_have_text("Đã nộp trực tuyến, chờ Bộ phận Một cửa kiểm tra")
    expect(page.locator("section[aria-labelledby=files-heading] tbody tr")).to_have_count(3)
    # (each document asked for with its reason)
    supplement = page.locator("form.step-request_supplement")
    page.locator("details.step", has=supplement).locator("summary").click()
    supplement.locator("#id_request_supplement-ask0").check()
    supplement.locator("#id_request_supplement-ask0_reason").fill(
        "Tờ khai thiếu chữ ký của người đi đăng ký; ký rồi gửi lại."
    )
    supplement.locator("button[type=submit]").click()
    expect(page.locator(".status-line .status")).to_have_text("Yêu cầu bổ sung hồ sơ")
    assert OutboxMessage.objects.filter(kind="supplement", recipient="0912345678").exists()
    log_out(page)

    # The citizen looks the dossier up and sends the signed form with her PIN
    page.set_viewport_size(PHONE)
    page.goto(f"/tra-cuu/?ma={reference}")
    page.locator("#lookup-pin").fill(pin)
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("main")).to_contain_text("Tờ khai thiếu chữ ký")
    page.get_by_role("link", name="Gửi bổ sung hồ sơ").click()
    page.locator("#id_pin").fill(pin)
    page.locator(f"#id_doc-{documents[0].pk}").set_input_files(
        files=[{"name": "to-khai-da-ky.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Gửi bổ sung").click()
    expect(page.locator(".messages")).to_contain_text("đã nhận phần bổ sung")
    screenshot(page, "story-2-supplemented")

    # The desk receives it: the official code and the due date are set, and the receipt (form 01) is a PDF
    page.set_viewport_size(DESKTOP)
    log_in_again(page, "hoa", desk_device)
    page.goto(f"/staff/ho-so/{dossier.pk}/")
    expect(page.locator("section[aria-labelledby=files-heading]")).to_contain_text("bổ sung lần 1")
    take_step(page, "receive")
    expect(page.locator(".status-line .status")).to_have_text("Đã tiếp nhận")
    receipt = page.request.get(f"/staff/ho-so/{dossier.pk}/mau-01.pdf")
    assert receipt.ok and receipt.headers["content-type"] == "application/pdf" and receipt.body()[:5] == b"%PDF-"
    dossier.refresh_from_db()
    code = dossier.code
    assert code.startswith(commune.agency_code) and dossier.due_at is not None
    expect(page.locator("h1 .dossier-code")).to_have_text(code)
    page.locator("#id_assign-assignee").select_option(label="Lê Văn Tư")
    page.locator("form.step-assign button[type=submit]").click()
    expect(page.locator(".status-line .status")).to_have_text("Đã chuyển công chức chuyên môn")
    log_out(page)

    # The specialist processes it and submits it for approval
    log_in(page, "tu", thuan_hoa["specialist"][1])
    page.goto(f"/staff/ho-so/{dossier.pk}/")
    take_step(page, "start")
    take_step(page, "consult", "Đã đối chiếu giấy chứng sinh với Trạm y tế xã: khớp.")
    take_step(page, "submit_for_approval")
    expect(page.locator(".status-line .status")).to_have_text("Chờ lãnh đạo phê duyệt")
    log_out(page)

    # The leader finds it in the approvals, approves it and marks the result ready
    log_in(page, "chutich", thuan_hoa["leader"][1])
    page.goto("/staff/ho-so/?hang=cho-duyet")
    page.locator("#queue-rows a", has_text=code).click()
    take_step(page, "approve")
    take_step(page, "mark_result_ready")
    expect(page.locator(".status-line .status")).to_have_text("Đã có kết quả")
    assert OutboxMessage.objects.filter(kind="result_ready").exists()
    log_out(page)

    # The desk returns the result
    log_in_again(page, "hoa", desk_device)
    page.goto("/staff/ho-so/?hang=tra-ket-qua")
    page.locator("#queue-rows a", has_text=code).click()
    take_step(page, "return_result")
    expect(page.locator(".status-line .status")).to_have_text("Đã trả kết quả")
    expect(page.locator(".timeline tbody tr")).to_have_count(11)
    screenshot(page, "story-3-returned-staff")
    log_out(page)

    # The citizen sees it returned, under the reference she was given as under the code
    page.set_viewport_size(PHONE)
    page.goto(f"/tra-cuu/?ma={reference}")
    expect(page.locator("main")).to_contain_text(code)
    expect(page.locator("main")).to_contain_text("Đã trả kết quả")
    screenshot(page, "story-4-returned-citizen")


@pytest.mark.browser
@pytest.mark.clock
def test_a_late_dossier_gets_an_apology_and_a_new_appointment(page: Page, thuan_hoa):
    commune = thuan_hoa["commune"]
    desk, desk_device = thuan_hoa["desk"]
    dossier = received(desk, commune, name="Hoàng Văn Bảy", code="HT-04")
    late = received(desk, commune, name="Đinh Thị Tám", code="HT-04")
    # One dossier, received days ago and still being processed, is due within the hour; the other's time limit
    # ran out yesterday
    calendar = commune_calendar(commune)
    Dossier.objects.filter(pk=dossier.pk).update(
        due_at=timezone.now() + timedelta(hours=1),
        received_at=timezone.now() - timedelta(days=5),
        status=DossierStatus.PROCESSING,
    )
    Dossier.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - timedelta(days=1), status=DossierStatus.PROCESSING
    )

    # The citizen sees the late one honestly late
    page.goto(f"/tra-cuu/?ma={late.code}")
    expect(page.locator(".badge.late")).to_have_text("Quá hạn")

    # The desk officer finds the late one in the late queue: too late for an apology, and the page says why
    page.set_viewport_size(DESKTOP)
    log_in(page, "hoa", desk_device)
    page.goto("/staff/ho-so/?hang=tre-han")
    page.locator("#queue-rows a", has_text=late.code).click()
    expect(page.locator("details.apology")).to_have_count(0)
    expect(page.locator(".apology-too-late")).to_contain_text("Đã quá hạn giải quyết")
    # a form sent from a page opened before the due moment is refused with the same words
    refused = page.request.post(
        f"/staff/ho-so/{late.pk}/xin-loi/",
        form={
            "csrfmiddlewaretoken": page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value"),
            "apology-expected_status": "processing",
            "apology-reason": "Chờ xác minh",
            "apology-new_due_date": calendar.add_working_days(timezone.localdate(), 3).strftime("%d/%m/%Y"),
            "apology-new_due_time": "16:00",
        },
    )
    assert refused.status == 409 and "Đã quá hạn giải quyết" in refused.text()
    assert not Dossier.objects.get(pk=late.pk).apologised

    # The one due within the hour opens on the apology, which the officer records with a new appointment
    page.goto(f"/staff/ho-so/{dossier.pk}/")
    apology = page.locator("details.apology")
    expect(apology).to_have_attribute("open", "")
    new_day = calendar.add_working_days(timezone.localdate(), 3)
    apology.locator("#id_apology-reason").fill("Chờ ý kiến xác minh của Công an xã.")
    apology.locator("#id_apology-new_due_date").fill(new_day.strftime("%d/%m/%Y"))
    apology.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(new_day.strftime("%d/%m/%Y"))
    expect(page.locator("details.apology")).to_have_count(0)  # only once
    apology_pdf = page.request.get(
        f"/staff/ho-so/{dossier.pk}/mau-04.pdf?buoc={dossier.events.get(action='apologise').pk}"
    )
    assert apology_pdf.ok and apology_pdf.body()[:5] == b"%PDF-"
    sms = OutboxMessage.objects.get(kind="apology")
    assert new_day.strftime("%d/%m/%Y") in sms.body and "Công an xã" in sms.body
    log_out(page)

    # The citizen sees the new appointment, moved once with an apology
    page.set_viewport_size(PHONE)
    page.goto(f"/tra-cuu/?ma={dossier.code}")
    expect(page.locator("main")).to_contain_text(new_day.strftime("%d/%m/%Y"))
    expect(page.locator("main")).to_contain_text("hẹn lại một lần")
    screenshot(page, "story-5-apology-citizen")
