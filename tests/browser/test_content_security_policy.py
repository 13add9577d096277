"""The Content-Security-Policy breaks no page: htmx runs, its indicator styles are allowed, the API's
documentation draws its operations, and the browser reports no violation on the way."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_commune


def violations_of(page: Page) -> list[str]:
    """What the browser blocked for the policy on this page, as it loads and afterwards."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return seen


@pytest.mark.browser
def test_the_public_pages_and_their_htmx_run_under_the_policy(page: Page, catalogue):
    blocked = violations_of(page)
    commune = make_commune(name="Thuận Hóa")

    # When a citizen opens the commune's page, the catalogue and the lookup
    for path in (f"/xa/{commune.slug}/", "/thu-tuc/", "/tra-cuu/"):
        response = page.goto(path)

        # Then each carries the policy, htmx is loaded and has added its indicator styles to the page
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert page.evaluate("typeof window.htmx") == "object"
        assert page.evaluate("[...document.styleSheets].some(s => !s.href)"), path

    # And the browser blocked nothing
    assert blocked == []


@pytest.mark.browser
def test_the_api_documentation_draws_its_operations_under_the_policy(page: Page, db):
    blocked = violations_of(page)

    # When a programmer opens the API's documentation
    page.goto("/api/docs")

    # Then Swagger UI lists the operations, and the browser blocked nothing
    expect(page.locator(".opblock").first).to_be_visible()
    assert blocked == []
