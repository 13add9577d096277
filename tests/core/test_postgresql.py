"""On PostgreSQL, timestamps are parsed by psycopg's compiled loader and come back as Django's do: aware, in
datetime.timezone.utc, to the microsecond."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from psycopg.pq import Format

from tests.factories import make_commune
from vidan.core.postgresql.base import TimestamptzLoader
from vidan.notify.models import OutboxMessage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's own loader"),
]


def test_the_connection_loads_timestamps_with_the_backends_loader():
    connection.ensure_connection()
    with connection.cursor() as cursor:
        loader = cursor.cursor.adapters.get_loader(cursor.cursor.adapters.types["timestamptz"].oid, Format.TEXT)
    assert issubclass(loader, TimestamptzLoader) and loader.timezone == datetime.UTC


def test_a_stored_moment_comes_back_the_same_and_in_utc():
    moment = datetime.datetime(2026, 11, 27, 16, 59, 59, 123456, tzinfo=timezone.get_current_timezone())
    message = OutboxMessage.objects.create(
        commune=make_commune(), channel="sms", recipient="0912345678", body="x", kind="t", sent_at=moment
    )
    back = OutboxMessage.objects.values_list("sent_at", flat=True).get(pk=message.pk)
    assert back == moment and back.tzinfo is datetime.UTC and back.microsecond == 123456
    assert back.hour == 9  # 16:59 in Hà Nội is 09:59 UTC


def test_any_offset_the_server_writes_is_read_as_the_same_moment():
    with connection.cursor() as cursor:
        cursor.execute("SELECT '2026-01-01 07:00:00+07'::timestamptz, NULL::timestamptz, 'infinity'::text")
        moment, nothing, _text = cursor.fetchone()
    assert moment == datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) and nothing is None
