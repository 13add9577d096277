"""The acknowledgement rate of the code in force (criterion 5), against a count made by hand."""

from datetime import date, datetime

import pytest

from tests.conduct.factories import make_version
from tests.factories import actor_of, make_staff
from vidan.conduct.badges import badge_issue, badge_revoke
from vidan.conduct.indicators import acknowledgement_rate
from vidan.conduct.models import RevokeReason
from vidan.conduct.services import code_version_acknowledge
from vidan.org.actors import Actor
from vidan.org.indicators import INDICATORS
from vidan.org.models import Role, Staff
from vidan.workdays.calendar import VIETNAM

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
SYSTEM = Actor.system("test")


def test_the_indicator_is_registered_for_office_culture():
    indicator = INDICATORS.get("conduct.acknowledgement_rate")
    assert (indicator.criterion, indicator.unit, indicator.period) == (5, "percent", "quarter")


@pytest.mark.clock(datetime(2026, 1, 5, 9, 0, tzinfo=VIETNAM))
def test_the_rate_agrees_with_a_hand_count_at_the_periods_end(clock, commune):
    # Given six officials and an inspection-board member, and the first version, in force since 05/01/2026
    people = {name: make_staff(commune, role, full_name=name) for name, role in [
        ("Phạm Văn Minh", Role.LEADER), ("Trần Thị Hoa", Role.DESK_OFFICER), ("Võ Văn An", Role.DESK_OFFICER),
        ("Lê Văn Tư", Role.SPECIALIST), ("Đỗ Thị Mai", Role.SPECIALIST), ("Hồ Văn Nam", Role.SPECIALIST),
        ("Đoàn Văn Lợi", Role.INSPECTOR),
    ]}  # fmt: skip
    first = make_version(commune, number="1/QĐ-UBND", signed_on=date(2026, 1, 5), effective_on=date(2026, 1, 5))

    def ack(name, version):
        code_version_acknowledge(actor=actor_of(people[name]), version=version)

    # Minh, Hoa and An acknowledge it in January; the inspector's acknowledgement is impossible (not an official)
    for name in ("Phạm Văn Minh", "Trần Thị Hoa", "Võ Văn An"):
        ack(name, first)
    # Tư acknowledges it in April, after the first quarter
    clock.move_to(datetime(2026, 4, 2, 9, 0, tzinfo=VIETNAM))
    ack("Lê Văn Tư", first)
    # Nam leaves on 15/05/2026 (his badge revoked as he left)
    badge = badge_issue(actor=SYSTEM, staff=people["Hồ Văn Nam"], on=date(2026, 1, 5))
    clock.move_to(datetime(2026, 5, 15, 9, 0, tzinfo=VIETNAM))
    badge_revoke(actor=SYSTEM, badge=badge, reason=RevokeReason.LEFT, on=date(2026, 5, 15))
    # A second version, published 20/06 and in force from 01/07/2026: only Hoa acknowledges it, on 25/06
    clock.move_to(datetime(2026, 6, 20, 9, 0, tzinfo=VIETNAM))
    second = make_version(commune, number="2/QĐ-UBND", signed_on=date(2026, 6, 18), effective_on=date(2026, 7, 1))
    clock.move_to(datetime(2026, 6, 25, 9, 0, tzinfo=VIETNAM))
    ack("Trần Thị Hoa", second)
    # Mai's account is switched off without a departure recorded: she no longer counts
    Staff.objects.filter(pk=people["Đỗ Thị Mai"].pk).update(is_active=False)
    clock.move_to(datetime(2026, 10, 5, 9, 0, tzinfo=VIETNAM))

    def rate(date_from, date_to):
        return acknowledgement_rate(commune=commune, date_from=date_from, date_to=date_to)

    # Q4 2025: no version in force
    assert rate(date(2025, 10, 1), date(2025, 12, 31)) is None
    # Q1 2026, at 31/03: officials then were Minh, Hoa, An, Tư, Nam (Mai is switched off today, with no departure
    # on record, and the inspector is no official): 5; the first version acknowledged by Minh, Hoa, An: 3/5
    assert rate(date(2026, 1, 1), date(2026, 3, 31)) == 60.0
    # Q2, at 30/06: the first version still in force (the second from 01/07); Nam has left: Minh, Hoa, An, Tư
    # of 4 acknowledged it
    assert rate(date(2026, 4, 1), date(2026, 6, 30)) == 100.0
    # Q3, at 30/09: the second version in force; of the same four, only Hoa: 1/4
    assert rate(date(2026, 7, 1), date(2026, 9, 30)) == 25.0
    # the last day of a period counts whole: Hoa's acknowledgement at 09:00 on 25/06 counts at the end of 25/06
    assert acknowledgement_rate(commune=commune, date_from=date(2026, 7, 1), date_to=date(2026, 7, 1)) == 25.0


def test_a_commune_with_no_official_has_no_rate(commune):
    make_version(commune, signed_on=date(2025, 1, 5), effective_on=date(2025, 1, 5))
    assert acknowledgement_rate(commune=commune, date_from=date(2025, 1, 1), date_to=date(2025, 3, 31)) is None
