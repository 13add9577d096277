"""Log lines say when and for whom; an error is mailed to the administrators once per distinct error per ten
minutes, however often it happens."""

import io
import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

ADMINS = [("Vận hành", "van-hanh@thuanhoa.example.gov.vn")]


def failing_import():
    raise ValueError("the file has no rows")


def failing_export():
    raise KeyError("column")


def report(logger_name: str, failure) -> None:
    try:
        failure()
    except Exception:
        logging.getLogger(logger_name).exception("Internal Server Error: %s", "/staff/thong-ke/")


@pytest.fixture
def mailed_errors(settings, db):
    settings.ADMINS = ADMINS
    mail.outbox.clear()
    return mail.outbox


@pytest.mark.clock
def test_the_same_error_is_mailed_once_in_ten_minutes_then_again(mailed_errors, clock):
    report("django.request", failing_import)
    report("django.request", failing_import)
    report("django.request", failing_import)

    assert len(mailed_errors) == 1
    assert mailed_errors[0].to == ["van-hanh@thuanhoa.example.gov.vn"]
    assert "ValueError" in mailed_errors[0].body and "the file has no rows" in mailed_errors[0].body

    clock.shift(timedelta(minutes=9))
    report("django.request", failing_import)
    assert len(mailed_errors) == 1

    clock.shift(timedelta(minutes=1, seconds=1))
    report("django.request", failing_import)
    assert len(mailed_errors) == 2


def test_a_different_error_is_mailed_at_once(mailed_errors):
    report("django.request", failing_import)
    report("django.request", failing_export)
    report("vidan.onestop", failing_import)  # the platform's own loggers mail too

    assert len(mailed_errors) == 3
    assert "KeyError" in mailed_errors[1].body


def test_without_administrators_nothing_is_mailed(mailed_errors, settings):
    settings.ADMINS = []

    report("django.request", failing_import)

    assert mailed_errors == []


@pytest.fixture
def console():
    """What the console handler of the logging settings writes, while the test runs."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_request_logs_its_time_and_the_client_seen_by_the_trusted_proxy(db, settings, console):
    settings.VIDAN_PROXY_COUNT = 1

    response = Client().get(
        "/khong-co-trang-nay/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7"
    )

    assert response.status_code == 404
    line = next(line for line in console.getvalue().splitlines() if "Not Found" in line)
    assert line.startswith(("20", "19"))  # the date first: 2026-12-05 10:03:11,123
    assert "WARNING [203.0.113.7] django.request: Not Found: /khong-co-trang-nay/" in line
    assert "198.51.100.9" not in line  # what the client wrote itself is not its address


def test_outside_a_request_the_client_is_a_dash(console):
    logging.getLogger("vidan.tick").warning("a job took %s s", 61)

    assert "WARNING [-] vidan.tick: a job took 61 s" in console.getvalue()
