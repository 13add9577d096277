"""Badges in the back office: issue, print, revoke, photo; and the refusals, each with its message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conduct.factories import EXE, PDF, jpeg_bytes
from tests.conftest import logged_in_client
from tests.factories import make_commune, make_staff
from vidan.conduct.models import Badge
from vidan.org.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_the_leader_issues_prints_and_revokes_a_badge(clock, commune, leader, desk_officer):
    boss = logged_in_client(leader)
    assert "Trần Thị Hoa" in boss.get("/staff/the-can-bo/").content.decode()
    assert boss.post(f"/staff/the-can-bo/{desk_officer.pk}/cap-the/").status_code == 302
    badge = Badge.objects.get(staff=desk_officer)

    pdf = boss.get(f"/staff/the-can-bo/{desk_officer.pk}/the.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")

    response = boss.post(
        f"/staff/the-can-bo/{desk_officer.pk}/thu-hoi/",
        {"revoke-reason": "left", "revoke-revoked_on": "10/03/2026", "revoke-note": "Chuyển công tác"},
    )
    assert response.status_code == 302
    badge.refresh_from_db()
    assert badge.revoked_on is not None and badge.name_when_revoked == "Trần Thị Hoa"

    refused = boss.get(f"/staff/the-can-bo/{desk_officer.pk}/the.pdf")
    assert refused.status_code == 409
    assert f"Thẻ số {badge.number} đã bị thu hồi ngày 10/03/2026, không được in lại." in refused.content.decode()


def test_a_revocation_without_a_reason_or_a_day_is_shown_on_the_form(clock, commune, leader, desk_officer):
    boss = logged_in_client(leader)
    boss.post(f"/staff/the-can-bo/{desk_officer.pk}/cap-the/")
    response = boss.post(f"/staff/the-can-bo/{desk_officer.pk}/thu-hoi/", {"revoke-revoked_on": "31/02/2026"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Hãy chọn lý do thu hồi thẻ." in page and "dd/mm/yyyy" in page
    assert Badge.objects.get(staff=desk_officer).revoked_on is None


def test_a_disguised_photo_is_refused(clock, commune, leader, desk_officer):
    boss = logged_in_client(leader)
    for name, content, message in [
        ("anh.jpg", EXE, "thực chất là một chương trình Windows"),
        ("anh.jpg", PDF, "là tệp PDF: ảnh phải là tệp ảnh JPEG hoặc PNG"),
    ]:
        upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
        response = boss.post(f"/staff/the-can-bo/{desk_officer.pk}/anh/", {"photo-photo": upload})
        assert response.status_code == 422 and message in response.content.decode()
    desk_officer.refresh_from_db()
    assert not desk_officer.photo
    good = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    assert boss.post(f"/staff/the-can-bo/{desk_officer.pk}/anh/", {"photo-photo": good}).status_code == 302
    desk_officer.refresh_from_db()
    assert desk_officer.photo.name.startswith("staff/")


def test_another_communes_officer_is_not_found(clock, commune, leader):
    stranger = make_staff(make_commune(name="Lâm Hóa"), Role.DESK_OFFICER)
    boss = logged_in_client(leader)
    for url in ("", "cap-the/", "thu-hoi/", "ho-so/", "anh/", "the.pdf"):
        path = f"/staff/the-can-bo/{stranger.pk}/{url}"
        response = boss.get(path) if url in ("", "the.pdf") else boss.post(path, {"profile-reception_hours": "x"})
        assert response.status_code == 404, path
    assert not Badge.objects.exists()


def test_a_desk_officer_may_not_manage_badges(clock, commune, desk_officer, leader):
    officer = logged_in_client(desk_officer)
    assert officer.get("/staff/the-can-bo/").status_code == 403
    assert officer.post(f"/staff/the-can-bo/{leader.pk}/cap-the/").status_code == 403
    assert not Badge.objects.exists()


def test_the_badge_list_takes_a_bounded_number_of_queries(clock, commune, leader, django_assert_max_num_queries):
    for n in range(12):
        make_staff(commune, Role.SPECIALIST, full_name=f"Nguyễn Văn Số {n}")
    boss = logged_in_client(leader)
    boss.get("/staff/the-can-bo/")
    with django_assert_max_num_queries(20):
        assert boss.get("/staff/the-can-bo/").status_code == 200
