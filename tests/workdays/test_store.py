"""The calendar in force: the holidays package, its make-up days, the seeded 2026 swap, the operator's
overrides and office hours, cached per process and rebuilt when the version moves."""

import time
from datetime import date, datetime
from datetime import time as clock

import pytest

from tests.factories import SYSTEM, make_commune
from vidan.org.selectors import province_of
from vidan.workdays import VIETNAM, Period, calendar_for, due, store
from vidan.workdays.models import CalendarVersion
from vidan.workdays.selectors import days_off_ahead, special_days_of_year
from vidan.workdays.services import calendar_override_add, office_hours_set

FRIDAY_BEFORE_TET_AFTER_CUTOFF = datetime(2026, 2, 13, 16, 0, tzinfo=VIETNAM)


@pytest.fixture
def province(db):
    return province_of(make_commune(name="Thuận Hóa").unit)


def test_the_make_up_saturday_the_package_names_is_a_working_day(db):
    # Given the package says 31/08/2026 is "Day off (substituted from 08/22/2026)"
    calendar = calendar_for()

    # Then the Monday is off and the Saturday before is worked
    assert not calendar.is_working_day(date(2026, 8, 31))
    assert calendar.is_working_day(date(2026, 8, 22))
    # and a dossier received on Friday 21/08 after 15:00 counts from that Saturday
    assert calendar.receipt_day(datetime(2026, 8, 21, 16, 0, tzinfo=VIETNAM)) == date(2026, 8, 22)


def test_older_swaps_in_the_package_are_read_the_same_way(db):
    calendar = calendar_for()
    # "Day off (substituted from 01/05/2019)" on 31/12/2018: the make-up day lies in the next year
    assert not calendar.is_working_day(date(2018, 12, 31))
    assert calendar.is_working_day(date(2019, 1, 5))


def test_the_seeded_2026_new_year_swap(db):
    # Given the data migration's nationwide overrides (the package lacks this swap)
    calendar = calendar_for()

    # Then Friday 2 January 2026 is off and Saturday 10 January is worked
    assert not calendar.is_working_day(date(2026, 1, 2))
    assert calendar.is_working_day(date(2026, 1, 10))
    _version, days = special_days_of_year(None, 2026)
    by_day = {special.day: special for special in days}
    assert by_day[date(2026, 1, 2)].is_override and "2026" in by_day[date(2026, 1, 2)].basis
    assert by_day[date(2026, 1, 10)].working


def test_the_law_example_from_the_issue(db):
    # Received Friday 13/02/2026 at 16:00, 3 working days: Tết runs 14–22/02, so the receipt counts on 23/02
    calendar = calendar_for()
    assert calendar.receipt_day(FRIDAY_BEFORE_TET_AFTER_CUTOFF) == date(2026, 2, 23)
    assert due(calendar, FRIDAY_BEFORE_TET_AFTER_CUTOFF, Period.working(3)).isoformat() == "2026-02-26T17:00:00+07:00"


def test_an_operator_override_changes_a_due_date_after_the_version_moves(province):
    # Given the calendar already cached for the province
    before = due(calendar_for(province.code), FRIDAY_BEFORE_TET_AFTER_CUTOFF, Period.working(3))
    assert before == datetime(2026, 2, 26, 17, 0, tzinfo=VIETNAM)
    counter = CalendarVersion.objects.get(pk=1).counter

    # When the province declares Wednesday 25/02 a day off
    calendar_override_add(
        actor=SYSTEM, unit=province, day=date(2026, 2, 25), kind="day_off", basis="Quyết định 12/QĐ-UBND"
    )

    # Then the version moved and the province's due date is a day later; the rest of the country keeps its own
    assert CalendarVersion.objects.get(pk=1).counter == counter + 1
    assert due(calendar_for(province.code), FRIDAY_BEFORE_TET_AFTER_CUTOFF, Period.working(3)) == datetime(
        2026, 2, 27, 17, 0, tzinfo=VIETNAM
    )
    assert due(calendar_for(), FRIDAY_BEFORE_TET_AFTER_CUTOFF, Period.working(3)) == before
    assert calendar_for(province.code).version == str(counter + 1)


def test_a_province_override_wins_over_the_nationwide_one_for_the_same_day(province):
    calendar_override_add(actor=SYSTEM, unit=None, day=date(2026, 3, 4), kind="day_off", basis="Thông báo 1/TB")
    calendar_override_add(
        actor=SYSTEM, unit=province, day=date(2026, 3, 4), kind="working_day", basis="Quyết định 2/QĐ-UBND"
    )
    assert not calendar_for().is_working_day(date(2026, 3, 4))
    assert calendar_for(province.code).is_working_day(date(2026, 3, 4))


def test_another_process_picks_up_a_change_within_the_check_interval(province, monkeypatch):
    # Given a calendar cached in this process
    cached = store.calendar_entry(province.code)

    # When another process adds an override: the version row moves, this process still holds what it built
    calendar_override_add(actor=SYSTEM, unit=province, day=date(2026, 3, 5), kind="day_off", basis="QĐ 3/QĐ-UBND")
    store._entries[province.code] = cached
    store._known.update(stamp=cached.stamp, checked=time.monotonic())

    # Then within the interval the cached calendar is served without asking the database
    assert calendar_for(province.code) is cached.calendar

    # And once the interval has passed, the new version is read and the calendar rebuilt
    monkeypatch.setattr(store, "CHECK_SECONDS", 0.0)
    assert not calendar_for(province.code).is_working_day(date(2026, 3, 5))


def test_cached_calendars_cost_no_query(province, django_assert_num_queries):
    calendar_for(province.code)
    with django_assert_num_queries(0):
        for _ in range(100):
            calendar_for(province.code)


@pytest.mark.clock
def test_office_hours_are_data_with_an_effective_date(province):
    # Given new nationwide hours from a past date and a province's own hours from next year
    office_hours_set(
        actor=SYSTEM,
        unit=None,
        valid_from=date(2020, 1, 1),
        morning_start=clock(8, 0),
        morning_end=clock(12, 0),
        afternoon_start=clock(13, 0),
        afternoon_end=clock(17, 30),
        cutoff=clock(16, 0),
        basis="Quyết định 5/QĐ-TTg",
    )
    office_hours_set(
        actor=SYSTEM,
        unit=province,
        valid_from=date(date.today().year + 1, 1, 1),
        morning_start=clock(7, 0),
        morning_end=clock(11, 0),
        afternoon_start=clock(13, 0),
        afternoon_end=clock(16, 30),
        cutoff=clock(15, 0),
        basis="Quyết định 6/QĐ-UBND",
    )

    # Then today's calendar uses the rule in force: the nationwide one, the province's is not yet valid
    calendar = calendar_for(province.code)
    assert calendar.hours.cutoff == clock(16, 0)
    assert calendar.hours.close == clock(17, 30)
    received = datetime(2026, 3, 3, 15, 30, tzinfo=VIETNAM)  # a Tuesday, before the new 16:00 cut-off
    assert due(calendar, received, Period.working(0)) == datetime(2026, 3, 3, 17, 30, tzinfo=VIETNAM)


def test_an_unknown_province_is_refused(db):
    with pytest.raises(store.UnknownProvince):
        calendar_for("0000")


def test_next_days_off_skip_weekends_and_name_each_day(db):
    days = days_off_ahead(None, date(2026, 2, 1), 5)
    assert [special.day for special in days] == [date(2026, 2, 16 + i) for i in range(5)]
    assert days[1].name == "Tết Nguyên Đán"


def test_building_the_calendar_takes_well_under_a_second(province):
    store.calendar_cache_clear()
    store.package_days.cache_clear()
    started = time.perf_counter()
    calendar_for(province.code)
    cold = time.perf_counter() - started
    store.calendar_cache_clear()
    started = time.perf_counter()
    calendar_for(province.code)
    warm = time.perf_counter() - started
    assert cold < 1.0 and warm < 0.2, (cold, warm)
