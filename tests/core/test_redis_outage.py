"""Redis is a cache, not a single point of failure: while it cannot be reached, staff pages, login and sessions
are served from the database, the limits are counted in the database's counters, and the log gets one warning
a minute, not a traceback per request. A private redis-server is stopped and started again by each test."""

import logging
import os
import signal
from datetime import timedelta

import pytest
import redis
from django.core.cache import caches
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import logged_in_client
from tests.factories import PASSWORD
from tests.onestop.factories import received
from tests.redis_server import production_caches, redis_server  # noqa: F401 - a fixture
from vidan.core.cache import REDIS_RETRY_SECONDS
from vidan.core.models import SharedCacheEntry
from vidan.core.throttle import window_count
from vidan.onestop.lookup import MAX_WRONG_PER_DOSSIER_AND_ADDRESS, pin_blocked, pin_check

pytestmark = pytest.mark.clock


@pytest.fixture
def on_redis(settings, redis_server):  # noqa: F811 - the fixture above
    settings.CACHES = production_caches(redis_server.url)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.VIDAN_SHARED_CACHE = True
    return redis_server


def cache_log(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "vidan.core.cache"]


def past_the_retry(clock) -> None:
    clock.shift(timedelta(seconds=REDIS_RETRY_SECONDS + 1))


def test_staff_pages_and_sessions_outlive_redis(clock, on_redis, desk_officer, caplog):
    # Given an officer at work, her session and her access kept in Redis
    client = logged_in_client(desk_officer)
    assert client.get("/staff/ho-so/").status_code == 200
    assert on_redis.stored("vidan:*")
    caplog.set_level(logging.INFO)

    # When Redis stops, and she keeps working for two minutes
    on_redis.stop()
    answers = []
    for _ in range(12):
        answers.append(client.get("/staff/ho-so/"))
        clock.shift(timedelta(seconds=10))

    # Then every page opens, she stays logged in, and the log holds a warning a minute without a traceback
    assert [response.status_code for response in answers] == [200] * 12
    assert all(desk_officer.full_name in response.content.decode() for response in answers)
    warnings = cache_log(caplog)
    assert len(warnings) == 2 and all(record.levelno == logging.WARNING for record in warnings)
    assert "Redis cannot be reached" in warnings[0].getMessage() and "Connection refused" in warnings[0].getMessage()
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR or record.exc_info]

    # When Redis is back
    on_redis.start()
    past_the_retry(clock)
    assert client.get("/staff/ho-so/").status_code == 200

    # Then it is used again: her session and access are kept there once more, and the log says so
    assert "Redis answers again" in cache_log(caplog)[-1].getMessage()
    assert on_redis.stored("vidan:*")
    assert client.get("/staff/ho-so/").status_code == 200


def test_an_officer_logs_in_while_redis_is_down(clock, on_redis, desk_officer):
    # Given Redis down, and an officer with an authenticator app
    device = TOTPDevice.objects.create(user=desk_officer, name="Điện thoại", confirmed=True)
    on_redis.stop()
    client = Client()

    # When she gives her password, then her code
    password_step = client.post("/staff/login/", {"username": desk_officer.username, "password": PASSWORD})
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"
    code_step = client.post(password_step["Location"], {"otp_token": code, "token": code})

    # Then she is in her back office, and stays there
    assert password_step.status_code == code_step.status_code == 302
    page = client.get("/staff/ho-so/")
    assert page.status_code == 200 and desk_officer.full_name in page.content.decode()

    # And when Redis comes back, she is still logged in
    on_redis.start()
    past_the_retry(clock)
    assert client.get("/staff/ho-so/").status_code == 200


def test_the_limits_still_hold_while_redis_is_down(clock, on_redis, commune, desk_officer, catalogue):
    # Given a dossier, and Redis down
    dossier = received(desk_officer, commune)
    ip = "203.0.113.9"
    on_redis.stop()

    # When the wrong PINs from an address reach the limit
    for _ in range(MAX_WRONG_PER_DOSSIER_AND_ADDRESS):
        assert pin_check(dossier=dossier, pin="000000", ip=ip) is False

    # Then they were counted in the database, and the address is blocked
    key = f"vidan:pin-wrong:dossier:{dossier.pk}:ip:{ip}"
    assert SharedCacheEntry.objects.get(key__endswith=key).number == MAX_WRONG_PER_DOSSIER_AND_ADDRESS
    assert pin_blocked(dossier, ip)
    assert [window_count("vidan:online-submissions:203.0.113.9", 3600) for _ in range(3)] == [1, 2, 3]

    # When Redis is back, the counts go to it again
    on_redis.start()
    past_the_retry(clock)
    assert window_count("vidan:online-submissions:203.0.113.7", 3600) == 1
    assert any(key.endswith("vidan:online-submissions:203.0.113.7") for key in on_redis.stored())


def test_a_session_ended_while_redis_was_unreachable_does_not_come_back(clock, on_redis, desk_officer):
    # Given an officer at work, her session kept in Redis
    client = logged_in_client(desk_officer)
    stolen = client.cookies["sessionid"].value
    assert client.get("/staff/ho-so/").status_code == 200

    # When Redis stops answering without losing what it holds, and she logs out meanwhile
    os.kill(on_redis.process.pid, signal.SIGSTOP)
    try:
        assert client.post("/staff/logout/").status_code == 302
    finally:
        os.kill(on_redis.process.pid, signal.SIGCONT)
    assert on_redis.stored("vidan:*django.contrib.sessions*")  # Redis still holds the old copy

    # Then once Redis answers again, her old session cookie opens nothing
    past_the_retry(clock)
    replayed = Client()
    replayed.cookies["sessionid"] = stolen
    response = replayed.get("/staff/ho-so/")
    assert response.status_code == 302 and "/staff/login/" in response["Location"]
    assert not on_redis.stored("vidan:*django.contrib.sessions*")
    assert caches["default"].get("anything", "nothing") == "nothing"


def test_a_full_redis_is_an_outage_too(clock, on_redis, desk_officer, caplog):
    # Given an officer at work, and Redis full, refusing every write (maxmemory with noeviction)
    client = logged_in_client(desk_officer)
    assert client.get("/staff/ho-so/").status_code == 200
    full = redis.Redis.from_url(on_redis.url)
    full.config_set("maxmemory-policy", "noeviction")
    full.config_set("maxmemory", 1)
    caplog.set_level(logging.INFO)

    # When she keeps working, and wrong PINs are counted
    pages = [client.get("/staff/ho-so/") for _ in range(3)]
    counts = [window_count("vidan:online-submissions:203.0.113.9", 3600) for _ in range(3)]

    # Then her pages open, the counts are kept in the database, and the log says Redis is full once
    assert [page.status_code for page in pages] == [200] * 3
    assert all(desk_officer.full_name in page.content.decode() for page in pages)
    assert counts == [1, 2, 3]
    assert SharedCacheEntry.objects.filter(key__endswith="vidan:online-submissions:203.0.113.9").exists()
    warnings = cache_log(caplog)
    assert len(warnings) == 1 and "maxmemory" in warnings[0].getMessage()
