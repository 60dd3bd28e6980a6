"""`weishop serve` in a real browser: an open page reloads by itself and shows build errors."""

from __future__ import annotations

import pytest

from weishop.serve.session import start

from tests.support import SUBPATH_SHOP, write_shop

pytestmark = pytest.mark.browser


def test_an_open_page_reloads_on_save_and_shows_then_hides_the_error_overlay(phone, tmp_path) -> None:
    shop = write_shop(tmp_path / "shop", SUBPATH_SHOP)
    session = start(shop, "127.0.0.1", 0, say=lambda text: None, quiet=0.05)
    try:
        phone.goto(session.url + "products/syrup/")
        assert phone.locator("h1").inner_text() == 'Maple Syrup "Grade A" & more'
        product = shop / "content/products/syrup.md"
        good = product.read_text(encoding="utf-8")

        product.write_text(good.replace("Maple Syrup", "Birch Syrup"), encoding="utf-8")
        phone.wait_for_function("document.querySelector('h1').textContent.includes('Birch Syrup')", timeout=20000)

        product.write_text(good.replace("price: 89.5", "price: [89.5"), encoding="utf-8")
        overlay = phone.locator("#weishop-errors")
        overlay.wait_for(state="visible", timeout=20000)
        assert "content/products/syrup.md:" in overlay.inner_text()
        assert "Birch Syrup" in phone.locator("h1").inner_text()  # the last good site stays

        product.write_text(good, encoding="utf-8")
        overlay.wait_for(state="detached", timeout=20000)
        assert phone.locator("h1").inner_text() == 'Maple Syrup "Grade A" & more'
    finally:
        session.stop()
