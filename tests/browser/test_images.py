"""A phone (390 px, 2× screen) picks the right WebP variant and shows the photos upright."""

from __future__ import annotations

import pytest

from tests.e2e.test_images import SHOP
from tests.support import served_shop

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with served_shop(tmp_path_factory.mktemp("photos-browser"), SHOP, "/shop/") as base:
        yield base


def test_phone_downloads_the_800px_webp_of_an_upright_photo(site, phone):
    phone.goto(site + "products/tea/")
    first = phone.locator(".gallery picture img").first
    first.evaluate("img => img.decode()")
    current = first.evaluate("img => img.currentSrc")
    assert "/a-800." in current and current.endswith(".webp")  # 390 css px × 2 = 780 → the 800 w variant
    width, height = first.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert height / width == pytest.approx(1.5, abs=0.01)  # stored 1800×1200 with orientation 6: portrait


def test_lazy_body_photo_loads_when_scrolled_to(site, phone):
    phone.goto(site + "products/tea/")
    soup = phone.locator('.prose img[alt="Tea soup"]')
    soup.scroll_into_view_if_needed()
    soup.evaluate("img => img.decode()")
    current = soup.evaluate("img => img.currentSrc")
    assert "/soup-700." in current and current.endswith(".webp")  # needs 780 px, 700 is the widest there is
