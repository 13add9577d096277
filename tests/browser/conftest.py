"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright's sync API keeps an event loop marked as running in the main thread, so Django would refuse ORM
calls from the test body ("You cannot call this from an async context"); the tests are plain synchronous
code, so that check is switched off for the test process.
"""

import os
import re
from pathlib import Path

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, sync_playwright

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
# A cheap Android phone: the size most citizens and many officers see the site at.
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium (browser tests are never skipped)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_server, transactional_db):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    yield context
    context.close()


@pytest.fixture
def page(context) -> Page:
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def screenshot(page: Page, name: str) -> Path:
    """Keep a picture of the page as the user last saw it, in test-results/ (ignored by git)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def current_code(device) -> str:
    """The code an authenticator app would show for this device right now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0)
    return f"{code:0{device.digits}d}"


def path_is(path: str) -> re.Pattern:
    """Matches a page URL whose path is exactly `path`, whatever the query string or fragment."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}([?#].*)?$")


def either(english: str, vietnamese: str) -> re.Pattern:
    """A text in whichever language the page is in (the Vietnamese catalogue is still being filled)."""
    return re.compile(f"{re.escape(english)}|{re.escape(vietnamese)}", re.IGNORECASE)
