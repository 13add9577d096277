"""The code of conduct's pages in the back office: the officer's reading and acknowledgement, the leadership's
versions; every refusal answered with a clear message and nothing changed."""

from datetime import date

import pytest
from django.conf import settings

from tests.conduct.factories import EXE, PDF, make_version, pdf_upload
from tests.conftest import logged_in_client
from tests.factories import actor_of, make_commune, make_department, make_staff
from vidan.conduct.models import Acknowledgement, CodeVersion
from vidan.conduct.services import code_version_acknowledge
from vidan.org.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def form_data(**changes):
    return {
        "decision_number": "45/QĐ-UBND",
        "signed_on": "05/03/2026",
        "effective_on": "09/03/2026",
        "title": "Quy tắc ứng xử của cán bộ, công chức UBND xã",
        "text": "Điều 1. Cán bộ đeo thẻ khi làm việc.\r\nĐiều 2. Không gây phiền hà.",
        **changes,
    }


def test_the_leader_enters_and_publishes_a_version_and_the_officer_acknowledges_it(
    clock, commune, leader, desk_officer
):
    boss = logged_in_client(leader)
    response = boss.post("/staff/quy-tac-ung-xu/phien-ban/moi/", form_data(file=pdf_upload()))
    version = CodeVersion.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/quy-tac-ung-xu/phien-ban/{version.pk}/"
    assert version.text == "Điều 1. Cán bộ đeo thẻ khi làm việc.\nĐiều 2. Không gây phiền hà."
    assert boss.post(f"/staff/quy-tac-ung-xu/phien-ban/{version.pk}/cong-bo/").status_code == 302
    page = boss.get(f"/staff/quy-tac-ung-xu/phien-ban/{version.pk}/").content.decode()
    assert "0/2 cán bộ đã xác nhận" in page

    officer = logged_in_client(desk_officer)
    reading = officer.get("/staff/quy-tac-ung-xu/").content.decode()
    assert "Tôi đã đọc và cam kết thực hiện" in reading and "Điều 1. Cán bộ đeo thẻ" in reading
    response = officer.post(f"/staff/quy-tac-ung-xu/{version.pk}/cam-ket/")
    assert response.status_code == 302
    assert Acknowledgement.objects.filter(staff=desk_officer, version=version).exists()
    assert "Tôi đã đọc và cam kết thực hiện" not in officer.get("/staff/quy-tac-ung-xu/").content.decode()


def test_a_second_acknowledgement_is_refused_with_a_message(clock, commune, desk_officer):
    version = make_version(commune)
    officer = logged_in_client(desk_officer)
    officer.post(f"/staff/quy-tac-ung-xu/{version.pk}/cam-ket/")
    response = officer.post(f"/staff/quy-tac-ung-xu/{version.pk}/cam-ket/")
    assert response.status_code == 409
    assert "Bạn đã xác nhận phiên bản 45/QĐ-UBND" in response.content.decode()
    assert Acknowledgement.objects.count() == 1


def test_editing_a_published_version_is_refused_and_nothing_changes(clock, commune, leader):
    version = make_version(commune)
    before = CodeVersion.objects.values().get(pk=version.pk)
    response = logged_in_client(leader).post(
        f"/staff/quy-tac-ung-xu/phien-ban/{version.pk}/sua/", form_data(title="Tiêu đề khác", file=pdf_upload())
    )
    assert response.status_code == 409
    assert "không bao giờ được sửa hoặc xóa" in response.content.decode()
    assert CodeVersion.objects.values().get(pk=version.pk) == before
    response = logged_in_client(leader).post(f"/staff/quy-tac-ung-xu/phien-ban/{version.pk}/xoa/")
    assert response.status_code == 409 and CodeVersion.objects.filter(pk=version.pk).exists()


def test_a_disguised_upload_is_refused_and_what_was_typed_is_kept(clock, commune, leader):
    private = settings.VIDAN_DATA_DIR / "private" / "conduct"
    before = set(private.rglob("*")) if private.exists() else set()
    response = logged_in_client(leader).post(
        "/staff/quy-tac-ung-xu/phien-ban/moi/", form_data(file=pdf_upload("quyet-dinh.pdf", EXE))
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Tệp “quyet-dinh.pdf” thực chất là một chương trình Windows" in page
    assert 'value="45/QĐ-UBND"' in page and "Điều 2. Không gây phiền hà." in page
    assert not CodeVersion.objects.exists()
    assert (set(private.rglob("*")) if private.exists() else set()) == before


def test_forged_ids_of_another_commune_are_not_found(clock, commune, leader, desk_officer):
    away = make_commune(name="Lâm Hóa")
    theirs = make_version(away)
    draft = make_version(away, number="2/QĐ-UBND", published=False)
    boss, officer = logged_in_client(leader), logged_in_client(desk_officer)
    assert officer.post(f"/staff/quy-tac-ung-xu/{theirs.pk}/cam-ket/").status_code == 404
    assert boss.get(f"/staff/quy-tac-ung-xu/phien-ban/{theirs.pk}/").status_code == 404
    assert boss.post(f"/staff/quy-tac-ung-xu/phien-ban/{draft.pk}/sua/", form_data()).status_code == 404
    assert boss.post(f"/staff/quy-tac-ung-xu/phien-ban/{draft.pk}/cong-bo/").status_code == 404
    assert boss.post(f"/staff/quy-tac-ung-xu/phien-ban/{draft.pk}/xoa/").status_code == 404
    assert boss.post(f"/staff/quy-tac-ung-xu/phien-ban/{theirs.pk}/nhac/").status_code == 404
    assert boss.get(f"/staff/quy-tac-ung-xu/phien-ban/{theirs.pk}/ban-ky/").status_code == 404
    assert not Acknowledgement.objects.exists()
    assert CodeVersion.objects.get(pk=draft.pk).published_at is None


def test_a_draft_is_neither_offered_nor_downloadable_by_an_officer(clock, commune, desk_officer):
    draft = make_version(commune, published=False)
    officer = logged_in_client(desk_officer)
    assert draft.title not in officer.get("/staff/quy-tac-ung-xu/").content.decode()
    assert officer.get(f"/staff/quy-tac-ung-xu/phien-ban/{draft.pk}/ban-ky/").status_code == 404
    response = officer.post(f"/staff/quy-tac-ung-xu/{draft.pk}/cam-ket/")
    assert response.status_code == 409 and not Acknowledgement.objects.exists()


def test_the_version_page_shows_who_has_not_acknowledged_and_reminds_them(clock, commune, leader):
    justice = make_department(commune, name="Tư pháp – Hộ tịch")
    make_staff(commune, Role.SPECIALIST, department=justice, full_name="Lê Văn Tư")
    version = make_version(commune)
    boss = logged_in_client(leader)
    page = boss.get(f"/staff/quy-tac-ung-xu/phien-ban/{version.pk}/").content.decode()
    assert "Tư pháp – Hộ tịch" in page and "Lê Văn Tư" in page and "Chưa xác nhận" in page
    response = boss.post(f"/staff/quy-tac-ung-xu/phien-ban/{version.pk}/nhac/", follow=True)
    assert "Đã gửi lời nhắc tới: Phạm Văn Minh, Lê Văn Tư" in response.content.decode()


def test_the_signed_decision_is_served_as_what_its_content_is(clock, commune, desk_officer):
    version = make_version(commune)
    response = logged_in_client(desk_officer).get(f"/staff/quy-tac-ung-xu/phien-ban/{version.pk}/ban-ky/?xem=1")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_the_versions_page_lists_drafts_first_then_the_latest(clock, commune, leader, desk_officer):
    make_version(commune, number="12/QĐ-UBND", signed_on=date(2020, 1, 2), effective_on=date(2020, 1, 2))
    make_version(commune, number="45/QĐ-UBND")
    make_version(commune, number="50/QĐ-UBND", published=False)
    code_version_acknowledge_as(desk_officer, CodeVersion.objects.get(decision_number="45/QĐ-UBND"))
    page = logged_in_client(leader).get("/staff/quy-tac-ung-xu/phien-ban/").content.decode()
    assert page.index("50/QĐ-UBND") < page.index("45/QĐ-UBND") < page.index("12/QĐ-UBND")
    assert "Dự thảo, chưa công bố" in page and "1 xác nhận" in page and "đang có hiệu lực" in page


def code_version_acknowledge_as(member, version):
    code_version_acknowledge(actor=actor_of(member), version=version)
