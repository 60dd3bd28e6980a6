"""Order links as built: every channel on product pages (no JavaScript needed), cart and order pages, errors."""

from __future__ import annotations

import json
import textwrap
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support import EN_SHOP, build_shop, page, write_shop
from weishop.errors import BuildFailed


def _text(href: str, key: str = "text") -> str:
    return parse_qs(urlsplit(href).query, keep_blank_values=True)[key][0]


def test_product_page_links_every_channel_in_order(zh_shop):
    soup = page(zh_shop.out, "products/dahongpao/")
    order = soup.select_one("[data-order]")
    entries = order.select("[data-ch]")
    assert [e["data-ch"] for e in entries] == [str(i) for i in range(8)]
    assert entries[0].name == "summary"  # WeChat: no link, a panel
    hrefs = [e.get("href") for e in entries[1:]]
    assert hrefs[0].startswith("https://wa.me/8613800000000?text=")
    assert hrefs[1].startswith("https://t.me/aqingtea?text=")
    assert hrefs[2].startswith("https://line.me/R/oaMessage/%40aqingtea/?")
    assert hrefs[3].startswith("sms:+8613800000000?&body=")
    assert hrefs[4].startswith("mailto:shop@example.com?subject=")
    assert hrefs[5] == "https://paypal.me/aqingtea/168.00CNY"
    assert hrefs[6] == "https://example.com/shop" and entries[7].get_text(strip=True) == "淘宝店"
    message = _text(hrefs[0])
    assert message == ("你好阿青，我想订购：\n\n- 武夷岩茶 · 大红袍 2024（50g） × 1 = ¥168.00\n"
                       "  https://tea.example.com/products/dahongpao/\n\n合计：¥168.00")
    assert _text(hrefs[1]) == _text(hrefs[3], "body") == _text(hrefs[4], "body") == message
    assert _text(hrefs[4], "subject") == "订单：山野茶舍"
    # WeChat panel: the ID, the QR image (copied to the output) and the message to copy by hand
    wechat = order.select_one("[data-wechat]")
    assert wechat.select_one(".wechat-id").get_text() == "aqing_tea"
    assert (zh_shop.out / wechat.select_one("img.wechat-qr")["src"].lstrip("/")).is_file()
    assert wechat.select_one("textarea[data-message]").get_text() == message
    # what only works with JavaScript stays hidden without it
    assert order.select_one("[data-qty-box]").has_attr("hidden") and order.select_one("[data-add-box]").has_attr("hidden")
    assert order.select_one("[data-qty]")["max"] == "12"  # stock: 12


def test_sold_out_product_has_no_working_order_button(zh_shop):
    order = page(zh_shop.out, "products/sample/").select_one("[data-order]")
    assert order.select("[data-ch]") == [] and order.select("a") == []
    assert order.select_one("button[disabled]").get_text(strip=True) == "已售罄"
    assert order.select_one("[data-product]") is None


def test_product_data_for_shop_js(zh_shop):
    soup = page(zh_shop.out, "products/dahongpao/")
    product = json.loads(soup.select_one("script[data-product]").string)
    assert product["p"] == 16800 and product["o"] == [["规格", [["50g", 16800], ["250g", 72800]]]]
    config = json.loads(soup.select_one("script#weishop-order").string)
    assert [c[0] for c in config["ch"]] == ["wechat", "whatsapp", "telegram", "line", "sms", "email", "paypal", "link"]
    assert config["ch"][0][1] is None and config["ch"][1][1] == "https://wa.me/8613800000000?text={m}"
    assert config["money"]["CNY"] == {"pre": "¥", "suf": "", "grp": ",", "dec": ".", "digits": 2}
    assert config["ctx"]["url"] == "https://tea.example.com/products/dahongpao/"
    assert config["msg"][0].startswith("你好")
    # pages where nothing is ordered carry no order data, only the script
    home = page(zh_shop.out, "")
    assert home.select_one("#weishop-order") is None
    assert home.select_one("script[src*='shop']").has_attr("defer")


def test_cart_and_order_pages(zh_shop):
    assert page(zh_shop.out, "cart/").select_one("meta[name=robots]") is None  # crawlable, scores 100 on SEO
    assert "/cart/" not in (zh_shop.out / "sitemap.xml").read_text()
    assert page(zh_shop.out, "order/").select_one("meta[name=robots]")["content"] == "noindex"
    for rel in ("cart/", "order/"):
        soup = page(zh_shop.out, rel)
        where = soup.select_one("[data-catalog]")["data-catalog"]
        assert where == "/catalog.json" and soup.select_one("script[data-catalog]") is None  # not in the page
        catalog = json.loads((zh_shop.out / where.lstrip("/")).read_text(encoding="utf-8"))
        assert set(catalog) == {"dahongpao", "jin-jun-mei", "sample"}  # drafts stay out
        assert catalog["sample"]["x"] == 1 and catalog["jin-jun-mei"]["p"] == 3990
        assert soup.select_one("#weishop-order") is not None
    cart = page(zh_shop.out, "cart/")
    assert [a.get("data-ch") for a in cart.select("[data-cart-send] [data-ch]")] == [str(i) for i in range(8)]
    assert cart.select_one("[data-cart-send]").has_attr("hidden")


def test_nav_cart_link_script_and_message_under_sub_path(subpath_shop):
    soup = page(subpath_shop.out, "products/syrup/")
    assert soup.select_one("a.cart-link")["href"] == "/maple/cart/"
    script = soup.select_one("script[src*='shop']")
    assert script["src"].startswith("/maple/theme/") and script["data-base"] == "/maple/"
    assert (subpath_shop.out / script["src"].removeprefix("/maple/")).is_file()
    catalog = page(subpath_shop.out, "cart/").select_one("[data-catalog]")["data-catalog"]
    assert catalog == "/maple/catalog.json" and (subpath_shop.out / "catalog.json").is_file()
    href = soup.select_one("a.ch-whatsapp")["href"]
    assert href.startswith("https://wa.me/15551234567?text=")
    assert _text(href) == ('Hello Ann Lee, I would like to order:\n\n- Maple Syrup "Grade A" & more × 1 = $89.50\n'
                           "  https://example.github.io/maple/products/syrup/\n\nTotal: $89.50")


def with_message(template: str) -> str:
    """EN_SHOP's shop.yml plus `order.message`, indented to match (support.write_shop dedents)."""
    block = "message: |\n" + textwrap.indent(template, "  ")
    return EN_SHOP["shop.yml"].rstrip() + "\n" + textwrap.indent(block, " " * 10)


CUSTOM = {
    **EN_SHOP,
    "shop.yml": with_message(
        "Hi {{ seller.name|upper }}! {{ items|length }} line(s):\n"
        "{% for item in items %}{{ loop.index }}. {{ item.title }}{{ ' [' ~ item.option ~ ']' if item.option }}"
        " x{{ item.quantity }} @ {{ item.price }}\n"
        "{% endfor %}= {{ total }}{% if ref %} via {{ ref }}{% endif %} ({{ url }})\n"),
    "content/products/syrup.md": EN_SHOP["content/products/syrup.md"].replace(
        "featured: true", "featured: true\n        payment_link: https://buy.stripe.com/test_123\n"
                          "        options:\n          - name: Size\n            values: [{label: 1 L, price: 150}, 250 ml]"),
}


def test_seller_message_template_and_payment_link(tmp_path):
    shop = write_shop(tmp_path / "custom", CUSTOM)
    build_shop(shop)
    soup = page(shop / "output", "products/syrup/")
    href = soup.select_one("a.ch-whatsapp")["href"]
    assert _text(href) == ("Hi ANN LEE! 1 line(s):\n1. Maple Syrup \"Grade A\" & more [1 L] x1 @ $150.00\n"
                           "= $150.00 (https://maple.example.com/products/syrup/)")
    assert soup.select_one("a[data-pay]")["href"] == "https://buy.stripe.com/test_123"


def test_bad_message_template_is_reported_at_its_line(tmp_path):
    files = {**EN_SHOP, "shop.yml": with_message("Hello\n{{ sellr.name }}\n")}
    shop = write_shop(tmp_path / "bad", files)
    with pytest.raises(BuildFailed) as caught:
        build_shop(shop)
    (error,) = caught.value.errors
    lines = (shop / "shop.yml").read_text().splitlines()
    assert lines[error.line - 1].strip() == "{{ sellr.name }}"
    assert (error.path, error.field) == ("shop.yml", "order.message")
    assert "unknown variable 'sellr'" in error.message and "seller" in error.hint
