"""The model in a real browser: a department signs its commitment on a phone; the commune self-assesses, the
supervisor returns it once, the commune corrects it, and the supervisor approves."""

from datetime import date, datetime, timedelta

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, path_is, screenshot
from tests.browser.test_onestop_desk import log_in, log_out
from tests.factories import make_commune, make_department, make_staff
from tests.model.factories import PDF, make_framework, make_launch
from vidan.model.models import Assessment, AssessmentStatus, Commitment, CommitmentStatus
from vidan.org.models import DepartmentKind, Role
from vidan.org.selectors import province_of
from vidan.workdays.calendar import VIETNAM

DESKTOP = {"width": 1280, "height": 900}
ONE_DECLARED = [
    {"criterion": n, "code": f"c{n}", "label": f"Chỉ số tự động {n}", "unit": "percent", "weight": 1, "target": 98,
     "direction": "higher", "source": "computed", "indicator_key": "onestop.on_time_rate"}
    for n in (2, 3, 4, 5)
] + [{"criterion": 1, "code": "tuyen-truyen", "label": "Số buổi tuyên truyền", "unit": "count", "weight": 1,
      "target": 3, "direction": "higher", "source": "declared"}]  # fmt: skip


def no_sideways_scroll(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.browser
@pytest.mark.clock(datetime(2026, 3, 10, 9, 30, tzinfo=VIETNAM))
def test_the_commune_police_sign_their_commitment_on_a_phone(clock, page: Page, tmp_path):
    commune = make_commune(name="Thuận Hóa")
    make_framework(commune)
    make_launch(commune)
    police = make_department(commune, kind=DepartmentKind.POLICE, name="Công an xã")
    officer = make_staff(commune, Role.SPECIALIST, department=police, username="huy", full_name="Trương Quang Huy")
    device = TOTPDevice.objects.create(user=officer, name="Điện thoại", confirmed=True)
    scan = tmp_path / "cam-ket.pdf"
    scan.write_bytes(PDF)

    log_in(page, "huy", device)
    page.locator("nav.sidebar a[href='/staff/mo-hinh/bo-phan/']").click()
    card = page.locator(f"#department-{police.pk}")
    expect(card).to_contain_text("Chưa có cam kết")
    no_sideways_scroll(page, PHONE["width"])
    card.get_by_role("link", name="Lập bản cam kết").click()
    page.locator("#id_items").fill("Giải quyết thủ tục cư trú đúng hạn\nLắng nghe phản ánh của nhân dân")
    page.locator("#id_signatories").fill("Trương Quang Huy | Trưởng Công an xã")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator(".badge.draft")).to_have_text("Dự thảo")
    # Signing without the scan says what is missing
    page.locator("#sign #id_signed_on").fill("09/03/2026")
    page.locator("#sign").get_by_role("button", name="Ghi nhận đã ký").click()
    expect(page.locator("#sign .error")).to_contain_text("bản chụp cam kết đã ký")
    page.locator("#sign #id_scan").set_input_files(str(scan))
    page.locator("#sign").get_by_role("button", name="Ghi nhận đã ký").click()
    expect(page.locator(".badge.signed")).to_have_text("Đã ký")
    expect(page.locator("#contents")).to_contain_text("Trương Quang Huy — Trưởng Công an xã")
    no_sideways_scroll(page, PHONE["width"])
    screenshot(page, "model-commitment-signed-360")
    commitment = Commitment.objects.get(department=police)
    assert commitment.status == CommitmentStatus.SIGNED and commitment.signed_on == date(2026, 3, 9)
    assert commitment.files.get().content_type == "application/pdf"


@pytest.mark.browser
@pytest.mark.clock(datetime(2026, 3, 10, 9, 30, tzinfo=VIETNAM))
def test_the_commune_self_assesses_the_supervisor_returns_it_once_then_approves(clock, page: Page, tmp_path):
    commune = make_commune(name="Thuận Hóa")
    make_framework(commune, indicators=ONE_DECLARED)
    make_launch(commune)
    leader = make_staff(commune, Role.LEADER, username="nguyet", full_name="Hoàng Thị Minh Nguyệt")
    supervisor = make_staff(
        None, Role.SUPERVISOR, unit=province_of(commune.unit), username="yen", full_name="Dương Thị Hải Yến"
    )
    leader_device = TOTPDevice.objects.create(user=leader, name="Điện thoại", confirmed=True)
    supervisor_device = TOTPDevice.objects.create(user=supervisor, name="Điện thoại", confirmed=True)
    report = tmp_path / "bao-cao.pdf"
    report.write_bytes(PDF)

    # The leader opens the last quarter of 2025 on a desktop and fills in the declared value with its evidence
    page.set_viewport_size(DESKTOP)
    log_in(page, "nguyet", leader_device)
    page.locator("nav.sidebar a[href='/staff/mo-hinh/tu-danh-gia/']").click()
    page.locator("#id_period_day").fill("15/11/2025")
    page.get_by_role("button", name="Mở kỳ đánh giá").click()
    expect(page.locator("h1")).to_contain_text("Quý 4/2025")
    value = page.locator("#indicator-tuyen-truyen")
    value.locator("input[type=text]").fill("2")
    page.locator("#comment-1").fill("Đã tổ chức hai buổi tuyên truyền.")
    page.get_by_role("button", name="Lưu và nộp lên cấp giám sát").click()
    # Without evidence the submission is refused, and what was typed stays
    expect(page.locator(".error-summary")).to_contain_text("minh chứng")
    expect(value.locator("input[type=text]")).to_have_value("2")
    value.locator("input[type=file]").set_input_files(str(report))
    page.get_by_role("button", name="Lưu và nộp lên cấp giám sát").click()
    expect(page.locator("#assessment-status")).to_have_text("Đã nộp, chờ duyệt")
    no_sideways_scroll(page, DESKTOP["width"])
    log_out(page)

    # The supervisor, on a phone, returns it with a reason
    page.set_viewport_size(PHONE)
    clock.shift(timedelta(seconds=31))  # a new code of the authenticator
    log_in(page, "yen", supervisor_device)
    page.locator("nav.sidebar a[href='/staff/mo-hinh/duyet/']").click()
    page.get_by_role("link", name="Thuận Hóa — Quý 4/2025").click()
    no_sideways_scroll(page, PHONE["width"])
    screenshot(page, "model-review-360")
    page.get_by_label("Trả lại để sửa").check()
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.locator("#review .error")).to_contain_text("lý do trả lại")
    page.get_by_label("Trả lại để sửa").check()
    page.locator("#id_comment").fill("Số buổi tuyên truyền chưa khớp với báo cáo quý.")
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(page).to_have_url(path_is("/staff/mo-hinh/duyet/"))
    expect(page.locator("main")).to_contain_text("Không có bản nào chờ anh/chị duyệt")
    log_out(page)

    # The leader corrects it and submits it again
    page.set_viewport_size(DESKTOP)
    clock.shift(timedelta(seconds=31))
    log_in(page, "nguyet", leader_device)
    assessment = Assessment.objects.get(commune=commune)
    page.goto(f"/staff/mo-hinh/tu-danh-gia/{assessment.pk}/")
    expect(page.locator(".return-reason")).to_have_text("Số buổi tuyên truyền chưa khớp với báo cáo quý.")
    page.locator("#indicator-tuyen-truyen input[type=text]").fill("3")
    page.get_by_role("button", name="Lưu và nộp lên cấp giám sát").click()
    expect(page.locator("#assessment-status")).to_have_text("Đã nộp, chờ duyệt")
    log_out(page)

    # The supervisor approves
    page.set_viewport_size(PHONE)
    clock.shift(timedelta(seconds=31))  # a new code of the authenticator
    log_in(page, "yen", supervisor_device)
    page.goto(f"/staff/mo-hinh/tu-danh-gia/{assessment.pk}/")
    page.get_by_label("Phê duyệt").check()
    page.locator("#id_comment").fill("Đạt yêu cầu.")
    page.get_by_role("button", name="Gửi ý kiến").click()
    page.goto(f"/staff/mo-hinh/tu-danh-gia/{assessment.pk}/")
    expect(page.locator("#assessment-status")).to_have_text("Đã phê duyệt")
    expect(page.locator("#history li")).to_have_count(5)
    no_sideways_scroll(page, PHONE["width"])
    screenshot(page, "model-approved-360")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPROVED
    assert assessment.total_score is not None


@pytest.mark.browser
@pytest.mark.clock(datetime(2026, 3, 10, 9, 30, tzinfo=VIETNAM))
def test_the_leader_records_the_launch_with_its_attendees_a_plan_and_a_photo(clock, page: Page, tmp_path):
    import io

    from PIL import Image

    commune = make_commune(name="Thuận Hóa")
    make_framework(commune)
    leader = make_staff(commune, Role.LEADER, username="truong", full_name="Đinh Xuân Trường")
    device = TOTPDevice.objects.create(user=leader, name="Điện thoại", confirmed=True)
    plan, photo, disguised = tmp_path / "ke-hoach.pdf", tmp_path / "le-ra-mat.png", tmp_path / "anh.png"
    plan.write_bytes(PDF)
    out = io.BytesIO()
    Image.new("RGB", (640, 400), (179, 20, 27)).save(out, format="PNG")
    photo.write_bytes(out.getvalue())
    disguised.write_bytes(b"MZ\x90\x00 not a picture")

    log_in(page, "truong", device)
    page.locator("nav.sidebar a[href='/staff/mo-hinh/']").click()
    page.locator("#id_held_on").fill("20/03/2025")
    page.locator("#id_place").fill("Hội trường UBND xã Thuận Hóa")
    page.locator("#id_attendees").fill(
        "Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Huyện ủy | Huyện ủy Tuyên Hóa\n"
        "Chủ tịch UBND xã | UBND xã Thuận Hóa | Đinh Xuân Trường"
    )
    page.locator("#id_documents").set_input_files(str(plan))
    page.locator("#id_photos").set_input_files(str(disguised))
    page.get_by_role("button", name="Ghi nhận lễ ra mắt").click()
    # A program dressed as a photo is refused, and what was typed stays
    expect(page.locator(".has-error .error")).to_contain_text("chương trình Windows")
    expect(page.locator("#id_place")).to_have_value("Hội trường UBND xã Thuận Hóa")
    page.locator("#id_documents").set_input_files(str(plan))
    page.locator("#id_photos").set_input_files(str(photo))
    page.get_by_role("button", name="Ghi nhận lễ ra mắt").click()
    expect(page.locator("#launch")).to_contain_text("Trưởng Ban Dân vận Huyện ủy — Huyện ủy Tuyên Hóa")
    expect(page.locator(".model-photos img")).to_have_count(1)
    page.locator(".model-photos img").scroll_into_view_if_needed()
    image = page.locator(".model-photos img")
    for _ in range(50):  # the photo loads after the page (lazily, from the private storage)
        if image.evaluate("img => img.complete && img.naturalWidth > 0"):
            break
        page.wait_for_timeout(100)
    assert image.evaluate("img => img.naturalWidth") == 640
    no_sideways_scroll(page, PHONE["width"])
    screenshot(page, "model-launch-360")
    page.set_viewport_size(DESKTOP)
    no_sideways_scroll(page, DESKTOP["width"])
    screenshot(page, "model-launch-desktop")
