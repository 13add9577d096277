"""Stored due dates follow the calendar after it changes, in bulk, on both databases."""

from datetime import date, timedelta

import pytest
from django.db import connection, models

from tests.workdays.calendars import MAKE_UP, at, vietnam, vietnam_days_off
from vidan.workdays import Calendar, Period, due
from vidan.workdays.recompute import DueColumns, due_dates_recompute


class OpenItem(models.Model):
    received_at = models.DateTimeField()
    working_days = models.IntegerField(null=True)
    calendar_days = models.IntegerField(null=True)
    due_at = models.DateTimeField()

    class Meta:
        app_label = "workdays"
        db_table = "test_workdays_open_item"

    def __str__(self):
        return f"due {self.due_at}"


@pytest.fixture
def open_items(transactional_db):
    with connection.schema_editor() as editor:
        editor.create_model(OpenItem)
    yield OpenItem
    with connection.schema_editor() as editor:
        editor.delete_model(OpenItem)


def test_an_added_day_off_moves_exactly_the_due_dates_it_touches(open_items):
    # given open items received over two weeks of March 2026, with due dates from today's calendar
    cal = vietnam()
    items = []
    for k in range(40):
        received = at("2026-03-02 08:00") + timedelta(hours=7 * k)
        period = Period.working(k % 6) if k % 3 else Period.calendar(10 + k % 5)
        items.append(
            OpenItem(
                received_at=received,
                working_days=period.working_days,
                calendar_days=period.calendar_days,
                due_at=due(cal, received, period),
            )
        )
    OpenItem.objects.bulk_create(items)

    # when the province declares Wednesday 11 March a day off
    changed = Calendar(days_off=vietnam_days_off() | {date(2026, 3, 11)}, working_days=MAKE_UP)
    report = due_dates_recompute(columns=DueColumns(table=OpenItem._meta.db_table), calendar=changed)

    # then every stored due date is what the new calendar says, and only the moved ones were written
    expected_moves = 0
    for item in OpenItem.objects.all():
        period = Period(working_days=item.working_days, calendar_days=item.calendar_days)
        assert item.due_at == due(changed, item.received_at, period)
        expected_moves += due(changed, item.received_at, period) != due(cal, item.received_at, period)
    assert report.rows == 40
    assert report.changed == expected_moves > 0

    # and a second pass finds nothing to do
    assert due_dates_recompute(columns=DueColumns(table=OpenItem._meta.db_table), calendar=changed).changed == 0
