"""The model's indicators: each module's figures of a commune over a period, and `vidan indicators`."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_staff
from tests.onestop.factories import received
from vidan.onestop.models import Channel, Dossier, DossierStatus
from vidan.onestop.statistics import dossier_statistics
from vidan.org.indicators import INDICATORS
from vidan.org.management.commands.indicators import period_parse
from vidan.org.models import Role, Staff
from vidan.workdays import VIETNAM

NOVEMBER = {"date_from": date(2026, 11, 1), "date_to": date(2026, 11, 30)}


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=VIETNAM)


@pytest.fixture
def november(catalogue, commune, desk_officer):
    """Four dossiers received in November 2026 (two done on time, one late, one online and open) and one received
    in October and done, late, in November."""
    made = [received(desk_officer, commune, name=f"Công Dân {n}") for n in range(5)]
    rows = [
        (at(3), at(5), DossierStatus.RETURNED, Channel.DESK),
        (at(4), at(4, 16), DossierStatus.RETURNED, Channel.DESK),
        (at(10), at(20), DossierStatus.RETURNED, Channel.DESK),  # finished after its due date
        (at(27), None, DossierStatus.PROCESSING, Channel.ONLINE),
        (at(3) - timedelta(days=10), at(3), DossierStatus.RETURNED, Channel.ONLINE),  # carried over from October
    ]
    for dossier, (received_at, finished_at, status, channel) in zip(made, rows, strict=True):
        Dossier.objects.filter(pk=dossier.pk).update(
            received_at=received_at,
            due_at=received_at + timedelta(days=5),
            finished_at=finished_at,
            status=status,
            channel=channel,
        )


def value(code, commune, **period):
    return INDICATORS.get(code).value(commune=commune, **(period or NOVEMBER))


@pytest.mark.clock(datetime(2026, 12, 7, 9, 30, tzinfo=VIETNAM))
def test_the_one_stop_desk_counts_what_it_received_did_on_time_and_took_online(november, commune):
    assert value("onestop.received", commune) == 4
    # two of the four done in November: the one carried over from October was late too
    assert value("onestop.on_time_rate", commune) == 50.0
    # … the rate of the statistics page, to the decimal
    stats = dossier_statistics(commune=commune, **NOVEMBER)
    assert value("onestop.on_time_rate", commune) == stats.total.on_time_percent
    assert value("onestop.online_share", commune) == 25.0
    # a period with nothing to measure is unknown, not zero
    assert value("onestop.on_time_rate", commune, date_from=date(2026, 9, 1), date_to=date(2026, 9, 30)) is None


def test_the_share_of_officials_with_a_badge(commune):
    # Given four officials, one of them without a badge and one who has left
    make_staff(commune, Role.DESK_OFFICER)
    make_staff(commune, Role.LEADER)
    without = make_staff(commune, Role.SPECIALIST)
    Staff.objects.filter(pk=without.pk).update(badge_number=None)
    gone = make_staff(commune, Role.SPECIALIST)
    Staff.objects.filter(pk=gone.pk).update(is_active=False)
    # Then two of the three serving wear one
    assert value("org.badge_share", commune) == 66.7


@pytest.mark.clock(datetime(2026, 12, 7, 9, 30, tzinfo=VIETNAM))
def test_the_command_prints_every_indicator_of_the_period_in_vietnamese(november, commune):
    out = StringIO()
    call_command("indicators", "--commune", commune.slug, "--period", "2026-11", stdout=out)
    text = out.getvalue()
    assert "01/11/2026 – 30/11/2026" in text
    assert "Hồ sơ giải quyết đúng hạn: 50,0 %" in text and "Hồ sơ đã tiếp nhận: 4" in text
    assert text.index("Tiêu chí 2") < text.index("Tiêu chí 5")


def test_periods_are_a_month_a_quarter_or_a_year():
    today = date(2026, 12, 5)
    assert period_parse("2026-02", today) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_parse("2026-Q4", today) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_parse("2025", today) == (date(2025, 1, 1), date(2025, 12, 31))
    assert period_parse("", today) == (date(2026, 12, 1), today)
    for wrong in ("2026-13", "2026-Q5", "tháng 11"):
        with pytest.raises(CommandError):
            period_parse(wrong, today)


def test_an_unknown_commune_is_said_plainly(db):
    with pytest.raises(CommandError, match="no commune 'khong-co'"):
        call_command("indicators", "--commune", "khong-co")
