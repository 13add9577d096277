"""Office culture on the public site: the code of conduct and its versions, the officers by name, an officer's
profile as the badge's QR code opens it, and a revoked badge's page."""

from datetime import date

import pytest
from django.test import Client

from tests.conduct.factories import PDF, make_version
from tests.factories import make_department, make_staff
from vidan.conduct.badges import badge_issue, badge_revoke, officer_profile_save
from vidan.conduct.models import RevokeReason
from vidan.org.actors import Actor
from vidan.org.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
SYSTEM = Actor.system("test")


def test_every_published_version_is_public_and_the_one_in_force_is_marked(clock, commune):
    old = make_version(commune, number="12/QĐ-UBND", signed_on=date(2020, 1, 2), effective_on=date(2020, 1, 2),
                       title="Quy tắc năm 2020")  # fmt: skip
    new = make_version(commune, number="45/QĐ-UBND", title="Quy tắc năm 2026")
    draft = make_version(commune, number="50/QĐ-UBND", title="Dự thảo chưa công bố", published=False)
    page = Client().get(f"/xa/{commune.slug}/quy-tac-ung-xu/").content.decode()
    assert "Quy tắc năm 2026" in page and "Quy tắc năm 2020" in page and "Dự thảo chưa công bố" not in page
    assert "Đang có hiệu lực" in page and "đã được thay thế" in page
    older = Client().get(f"/xa/{commune.slug}/quy-tac-ung-xu/{old.pk}/").content.decode()
    assert "Đã được thay thế" in older
    assert Client().get(f"/xa/{commune.slug}/quy-tac-ung-xu/{draft.pk}/").status_code == 404
    assert Client().get(f"/xa/{commune.slug}/quy-tac-ung-xu/{draft.pk}/ban-ky/").status_code == 404
    signed = Client().get(f"/xa/{commune.slug}/quy-tac-ung-xu/{new.pk}/ban-ky/")
    assert signed.status_code == 200 and b"".join(signed.streaming_content) == PDF


def test_a_version_of_another_commune_is_not_found_under_this_one(clock, commune, other_commune):
    theirs = make_version(other_commune)
    assert Client().get(f"/xa/{commune.slug}/quy-tac-ung-xu/{theirs.pk}/").status_code == 404
    assert Client().get(f"/xa/{commune.slug}/quy-tac-ung-xu/{theirs.pk}/ban-ky/").status_code == 404


def test_the_officers_are_listed_by_given_name_in_vietnamese_order(clock, commune, django_assert_max_num_queries):
    desk = make_department(commune, name="Bộ phận Một cửa")
    for name in ["Nguyễn Thị Bình", "Trần Văn An", "Lê Văn Đức", "Phạm Thị Dung", "Đỗ Văn An"]:
        badge_issue(actor=SYSTEM, staff=make_staff(commune, Role.SPECIALIST, full_name=name, department=desk))
    make_staff(commune, Role.SPECIALIST, full_name="Hồ Văn Chưa Có Thẻ")
    Client().get(f"/xa/{commune.slug}/can-bo-cong-chuc/")
    with django_assert_max_num_queries(6):
        page = Client().get(f"/xa/{commune.slug}/can-bo-cong-chuc/").content.decode()
    order = ["Đỗ Văn An", "Trần Văn An", "Nguyễn Thị Bình", "Phạm Thị Dung", "Lê Văn Đức"]
    assert [page.index(name) for name in order] == sorted(page.index(name) for name in order)
    assert "Hồ Văn Chưa Có Thẻ" not in page


def test_the_badges_qr_address_opens_the_officers_profile(clock, commune):
    member = make_staff(commune, Role.DESK_OFFICER, full_name="Trần Thị Hoa", department=make_department(commune))
    badge = badge_issue(actor=SYSTEM, staff=member)
    officer_profile_save(actor=SYSTEM, staff=member, reception_hours="Thứ Hai – Thứ Sáu, 7:30–11:30")
    response = Client().get(f"/xa/{commune.slug}/can-bo-cong-chuc/{badge.number}/")
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Trần Thị Hoa", "Công chức", badge.number, "Thứ Hai – Thứ Sáu, 7:30–11:30", "Cán bộ đang công tác"):
        assert text in page


def test_a_revoked_badge_says_the_officer_no_longer_works_here_with_the_day(clock, commune):
    member = make_staff(commune, Role.DESK_OFFICER, full_name="Trần Thị Hoa")
    badge = badge_issue(actor=SYSTEM, staff=member, on=date(2025, 1, 2))
    badge_revoke(actor=SYSTEM, badge=badge, reason=RevokeReason.LEFT, on=date(2026, 3, 2))
    response = Client().get(f"/xa/{commune.slug}/can-bo-cong-chuc/{badge.number}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Cán bộ này không còn công tác tại Ủy ban nhân dân xã {commune.name} từ ngày 02/03/2026." in page
    assert "Cán bộ đang công tác" not in page and "Trần Thị Hoa" in page


def test_a_badge_withdrawn_and_replaced_says_so_and_an_unknown_number_is_not_found(clock, commune):
    member = make_staff(commune, Role.DESK_OFFICER, full_name="Trần Thị Hoa")
    lost = badge_issue(actor=SYSTEM, staff=member, on=date(2025, 1, 2))
    badge_revoke(actor=SYSTEM, badge=lost, reason=RevokeReason.REVOKED, on=date(2026, 3, 2))
    badge_issue(actor=SYSTEM, staff=member)
    page = Client().get(f"/xa/{commune.slug}/can-bo-cong-chuc/{lost.number}/").content.decode()
    assert f"Thẻ số {lost.number} đã bị thu hồi từ ngày 02/03/2026." in page
    assert Client().get(f"/xa/{commune.slug}/can-bo-cong-chuc/99999.99/").status_code == 404


def test_an_officer_switched_off_without_a_revocation_is_no_longer_shown_as_serving(clock, commune):
    member = make_staff(commune, Role.DESK_OFFICER, full_name="Trần Thị Hoa")
    badge = badge_issue(actor=SYSTEM, staff=member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    page = Client().get(f"/xa/{commune.slug}/can-bo-cong-chuc/{badge.number}/").content.decode()
    assert "Thẻ này không còn giá trị" in page and "Cán bộ đang công tác" not in page
