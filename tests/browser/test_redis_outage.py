"""Redis stops while an officer works in her browser: no error page, she stays logged in, and Redis is used
again once it is back. A private redis-server, started and stopped by the test."""

import time

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import current_code, path_is, screenshot
from tests.browser.test_staff_login import log_in_with_password
from tests.factories import PASSWORD, make_commune, make_department, make_staff
from tests.redis_server import production_caches, redis_server  # noqa: F401 - a fixture
from vidan.core.cache import REDIS_RETRY_SECONDS
from vidan.org.models import Role

PAGES = ["/staff/", "/staff/ho-so/", "/staff/people/"]


@pytest.fixture
def site_on_redis(live_server, redis_server):  # noqa: F811 - the fixture above
    """The live server configured as settings.py does with REDIS_URL set. Its middleware was built when it
    started, with the session engine of then: it is built again with Redis's, and again after the test."""
    application = live_server.thread.httpd.get_app()
    while hasattr(application, "application"):  # the static and media files' handlers, around Django's own
        application = application.application
    with override_settings(
        CACHES=production_caches(redis_server.url),
        SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
        VIDAN_SHARED_CACHE=True,
    ):
        application.load_middleware()
        yield redis_server
    application.load_middleware()


def opens_as_her(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    expect(page).to_have_url(path_is(path))
    expect(page.locator("header.staff-top .whoami")).to_have_text("Trần Thị Hoa")


@pytest.mark.browser
def test_an_officer_keeps_working_while_redis_is_down(site_on_redis, page: Page):
    # Given the site on Redis, and an officer of Thuận Hóa logged in with her authenticator app
    redis = site_on_redis
    commune = make_commune(name="Thuận Hóa")
    officer = make_staff(
        commune, Role.DESK_OFFICER, department=make_department(commune), full_name="Trần Thị Hoa", username="hoa"
    )
    device = TOTPDevice.objects.create(user=officer, name="Điện thoại", confirmed=True)
    log_in_with_password(page, "hoa", PASSWORD)
    page.locator("#id_token").fill(current_code(device))
    page.locator("main form:not(.language) button[type=submit]").click()
    expect(page).to_have_url(path_is("/staff/"))
    assert redis.stored("vidan:*django.contrib.sessions*")  # her session is kept there

    # When Redis stops, and she goes on opening her pages for a while
    redis.stop()
    until = time.monotonic() + REDIS_RETRY_SECONDS + 2
    opened = 0
    while time.monotonic() < until or opened < len(PAGES):
        # Then each page opens, and she is still logged in
        opens_as_her(page, PAGES[opened % len(PAGES)])
        opened += 1
    screenshot(page, "redis-down-still-working")

    # When Redis is back
    redis.start()
    time.sleep(REDIS_RETRY_SECONDS + 0.5)

    # Then she works on, logged in, and the site keeps her session in Redis again
    for path in PAGES:
        opens_as_her(page, path)
    assert redis.stored("vidan:*django.contrib.sessions*")
