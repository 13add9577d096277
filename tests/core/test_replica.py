"""The replica router's pin on the primary, request by request (the real replica: tests/config/test_replica.py)."""

import subprocess
import sys

from django.http import HttpResponse
from django.test import RequestFactory

from vidan.core.replica import PIN_COOKIE, ReplicaPinMiddleware, ReplicaRouter, replica_reads

REPLICA_URL = "postgres://postgres@127.0.0.1:5433/vidan"  # never connected to: the router only names the alias


def pinned_during(request) -> tuple[bool, HttpResponse]:
    seen = {}

    def view(request):
        with replica_reads():
            seen["replica"] = ReplicaRouter().db_for_read(None) == "replica"
        return HttpResponse("ok")

    response = ReplicaPinMiddleware(view)(request)
    return not seen["replica"], response


def test_a_get_reads_the_replica_and_sets_no_cookie(settings):
    settings.REPLICA_DATABASE_URL = REPLICA_URL
    pinned, response = pinned_during(RequestFactory().get("/"))
    assert not pinned and PIN_COOKIE not in response.cookies


def test_a_post_reads_the_primary_and_pins_the_browser_for_the_seconds_set(settings):
    settings.REPLICA_DATABASE_URL = REPLICA_URL
    settings.REPLICA_PIN_SECONDS = 7
    pinned, response = pinned_during(RequestFactory().post("/"))
    assert pinned and response.cookies[PIN_COOKIE]["max-age"] == 7 and response.cookies[PIN_COOKIE]["httponly"]
    # The next request of that browser reads the primary too
    request = RequestFactory().get("/")
    request.COOKIES[PIN_COOKIE] = response.cookies[PIN_COOKIE].value
    assert pinned_during(request)[0]


def test_a_garbled_or_expired_pin_cookie_is_ignored(settings):
    settings.REPLICA_DATABASE_URL = REPLICA_URL
    for value in ("not a time", "1000"):
        request = RequestFactory().get("/")
        request.COOKIES[PIN_COOKIE] = value
        pinned, response = pinned_during(request)
        assert not pinned and response.status_code == 200


def test_a_write_during_a_get_pins_the_rest_of_the_request_and_the_browser(settings):
    settings.REPLICA_DATABASE_URL = REPLICA_URL
    seen = {}

    def view(request):
        ReplicaRouter().db_for_write(None)
        with replica_reads():
            seen["db"] = ReplicaRouter().db_for_read(None)
        return HttpResponse("ok")

    response = ReplicaPinMiddleware(view)(RequestFactory().get("/"))
    assert seen["db"] is None and PIN_COOKIE in response.cookies


def test_without_a_replica_every_read_is_the_primary_s():
    with replica_reads():
        assert ReplicaRouter().db_for_read(None) is None


def test_a_replica_that_is_not_postgresql_is_refused_at_start():
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "vidan.config.settings_test",
            "REPLICA_DATABASE_URL": "sqlite:///x.db",
            "PATH": "/usr/bin:/bin",
            "VIDAN_ENV_FILE": "",
        },
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and "REPLICA_DATABASE_URL must name a PostgreSQL server" in done.stderr
