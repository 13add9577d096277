"""A citizen opens the commune's public home page on a cheap phone."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, either, path_is, screenshot
from tests.factories import make_commune

AREA_ANCHORS = ["tuyen-truyen", "thu-tuc", "dan-chu", "khieu-nai", "van-hoa-cong-so"]


@pytest.mark.browser
def test_the_commune_home_page_fits_a_phone_and_lists_the_five_areas(page: Page):
    # Given a commune
    commune = make_commune(name="Thuận Hóa")

    # When a citizen opens its home page on a 360 px wide phone
    page.goto(f"/xa/{commune.slug}/")
    assert page.viewport_size == PHONE

    # Then the page fits the screen: nothing to scroll sideways
    expect(page.locator("header.site-header .brand strong")).to_have_text("Thuận Hóa")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # And the five areas of the model are listed, in order, each reachable from the menu
    areas = page.locator("ol.areas > li.area")
    expect(areas).to_have_count(5)
    assert [areas.nth(i).get_attribute("id") for i in range(5)] == AREA_ANCHORS
    expect(page.locator("ol.areas .area-number")).to_have_text(["1", "2", "3", "4", "5"])
    for anchor in AREA_ANCHORS:
        expect(page.locator(f"nav.area-nav a[href='/xa/{commune.slug}/#{anchor}']")).to_have_count(1)

    # And the footer gives the reception hours
    heading = page.get_by_role("heading", name=either("Reception hours", "Giờ tiếp dân"))
    hours = page.locator("footer.site-footer section", has=heading)
    expect(hours).to_contain_text("07:30")
    expect(hours).to_contain_text("17:00")
    screenshot(page, "public-commune-home-360")

    # When she presses Tab once
    page.keyboard.press("Tab")

    # Then the first thing focused is the link that skips to the content, and it shows
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_attribute("href", "#main")
    expect(skip).to_be_in_viewport()

    # When she follows it, the content has the focus
    page.keyboard.press("Enter")
    expect(page).to_have_url(path_is(f"/xa/{commune.slug}/"))
    expect(page.locator("main#main")).to_be_focused()


@pytest.mark.browser
def test_the_procedure_catalogue_fits_a_phone_and_a_desktop(page: Page, catalogue):
    # When a citizen opens the catalogue, on a phone and on a desktop
    for viewport in (PHONE, {"width": 1280, "height": 800}):
        page.set_viewport_size(viewport)
        page.goto("/thu-tuc/")
        expect(page.locator("#catalogue-q")).to_be_visible()
        # Then nothing scrolls sideways (the search box's hidden label once stretched the page)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], viewport
    screenshot(page, "public-catalogue-1280")
