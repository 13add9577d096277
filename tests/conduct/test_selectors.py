"""Who the officers are and in which order a Vietnamese list names them."""

from datetime import date

import pytest

from tests.factories import make_staff
from vidan.conduct.badges import badge_issue, badge_revoke
from vidan.conduct.models import RevokeReason
from vidan.conduct.selectors import officers, person_sort_key, public_officers
from vidan.org.actors import Actor
from vidan.org.models import Role, Staff


def test_people_are_listed_by_given_name_then_family_name_in_vietnamese_order():
    names = ["Nguyễn Thị Bình", "Trần Văn An", "Lê Văn Đức", "Phạm Thị Dung", "Võ Ánh", "Hoàng Anh", "Đỗ Văn An"]
    assert sorted(names, key=person_sort_key) == [
        "Đỗ Văn An",  # the same given name: then by the family name, Đ before T
        "Trần Văn An",
        "Hoàng Anh",
        "Võ Ánh",  # Ánh after Anh: the same letters, a tone
        "Nguyễn Thị Bình",
        "Phạm Thị Dung",
        "Lê Văn Đức",  # Đ after D
    ]


@pytest.mark.django_db
@pytest.mark.clock
def test_officers_are_the_communes_officials_still_serving(clock, commune):
    leader = make_staff(commune, Role.LEADER, full_name="Phạm Văn Minh")
    desk = make_staff(commune, Role.DESK_OFFICER, full_name="Trần Thị Hoa")
    gone = make_staff(commune, Role.SPECIALIST, full_name="Lê Văn Tư")
    off = make_staff(commune, Role.SPECIALIST, full_name="Đỗ Văn Khôi")
    make_staff(commune, Role.INSPECTOR, full_name="Đoàn Văn Lợi")  # a resident on the inspection board
    make_staff(None, Role.SUPERVISOR, unit=commune.unit.parent)
    Staff.objects.filter(pk=off.pk).update(is_active=False)
    system = Actor.system("test")
    badge = badge_issue(actor=system, staff=gone, on=date(2026, 1, 2))
    badge_revoke(actor=system, badge=badge, reason=RevokeReason.LEFT, on=date(2026, 3, 1))
    for member in (leader, desk):
        badge_issue(actor=system, staff=member)

    assert [m.full_name for m in officers(commune)] == ["Trần Thị Hoa", "Phạm Văn Minh"]
    # on a day before he left, the one who left was serving
    assert [m.full_name for m in officers(commune, on=date(2026, 2, 28))] == [
        "Trần Thị Hoa",
        "Phạm Văn Minh",
        "Lê Văn Tư",
    ]
    assert [b.staff.full_name for b in public_officers(commune)] == ["Trần Thị Hoa", "Phạm Văn Minh"]
