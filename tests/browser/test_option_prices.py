"""A buyer picks every combination of a two-option mug: one price for each, the same everywhere."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.test_option_prices import COMBINATIONS, MUG, SHOP
from tests.support import build_shop, serve, write_shop

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def mug_site(tmp_path_factory):
    shop = write_shop(tmp_path_factory.mktemp("mug-browser"), {"shop.yml": SHOP, "content/products/mug.md": MUG})
    build_shop(shop)
    server, base = serve(shop / "output")
    yield base
    server.shutdown()
    server.server_close()


def _message(phone, scope: str = "[data-order]") -> str:
    href = phone.get_attribute(f"{scope} a.ch-whatsapp", "href")
    return parse_qs(urlsplit(href).query)["text"][0]


def test_every_combination_has_one_price_on_the_page_in_the_message_and_in_the_cart(phone, mug_site):
    phone.goto(mug_site + "products/mug/")
    for (colour, size), price in COMBINATIONS.items():
        phone.click(f"label.choice:has-text('{colour}')")
        phone.click(f"label.choice:has-text('{size}')")
        assert phone.text_content(".buy [data-price]") == f"¥{price}", (colour, size)
        assert f"青瓷杯（{colour} / {size}） × 1 = ¥{price}\n" in _message(phone), (colour, size)
        phone.click("[data-step='1']")
        doubled = f"{2 * float(price):,.2f}"
        assert f"× 2 = ¥{doubled}\n" in _message(phone) and _message(phone).endswith(f"合计：¥{doubled}")
        phone.click("[data-add]")
        phone.click("[data-step='-1']")
    phone.goto(mug_site + "cart/")
    assert phone.locator("[data-cart-items] li").count() == 6
    total = sum(2 * float(p) for p in COMBINATIONS.values())
    assert phone.text_content("[data-cart-total]") == f"¥{total:,.2f}"
    message = _message(phone, "[data-cart-send]")
    for (colour, size), price in COMBINATIONS.items():
        assert f"- 青瓷杯（{colour} / {size}） × 2 = ¥{2 * float(price):,.2f}\n" in message
    assert phone.locator(".cart-note").count() == 0  # no "price changed": the cart's price is the page's
