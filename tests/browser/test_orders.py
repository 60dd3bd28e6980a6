"""What a buyer does on a phone: pick options and quantity, fill a cart, arrive with ?ref=, order from WeChat."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.support import ZH_SHOP, built_and_served, page

pytestmark = pytest.mark.browser

WECHAT_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
             "Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN")


def _text(href: str, key: str = "text") -> str:
    return parse_qs(urlsplit(href).query, keep_blank_values=True)[key][0]


@pytest.fixture
def site(zh_site):
    return zh_site


NO_NAVIGATION = "document.addEventListener('click', e => { if (e.target.closest('a[data-ch]')) e.preventDefault(); })"


def _whatsapp(phone, scope: str = "[data-order]") -> str:
    return phone.get_attribute(f"{scope} a.ch-whatsapp", "href")


def test_option_and_quantity_update_every_link(phone, site, zh_shop):
    static = page(zh_shop.out, "products/dahongpao/").select_one("a.ch-whatsapp")["href"]
    phone.goto(site + "products/dahongpao/")
    assert _whatsapp(phone) == static  # shop.js composes exactly what the build wrote
    phone.click("label.choice:has-text('250g')")
    assert phone.text_content(".buy [data-price]") == "¥728.00"
    phone.click("[data-step='1']")
    phone.click("[data-step='1']")
    assert phone.input_value("[data-qty]") == "3"
    message = _text(_whatsapp(phone))
    assert "- 武夷岩茶 · 大红袍 2024（250g） × 3 = ¥2,184.00\n" in message and message.endswith("合计：¥2,184.00")
    assert _text(phone.get_attribute("[data-order] a.ch-email", "href"), "body") == message
    assert phone.get_attribute("[data-order] a.ch-paypal", "href") == "https://paypal.me/aqingtea/2184.00CNY"
    assert phone.input_value("[data-order] textarea[data-message]") == message
    phone.fill("[data-qty]", "120")
    phone.press("[data-qty]", "Tab")
    assert phone.input_value("[data-qty]") == "12"  # capped at stock
    assert "× 12 = ¥8,736.00" in _text(_whatsapp(phone))


def _add(phone, site: str, slug: str, option: str | None = None, steps: int = 0) -> None:
    phone.goto(site + f"products/{slug}/")
    if option:
        phone.click(f"label.choice:has-text('{option}')")
    for _ in range(steps):
        phone.click("[data-step='1']")
    phone.click("[data-add]")


def test_cart_composes_one_message_for_two_products(phone, site):
    _add(phone, site, "dahongpao", "250g", steps=1)
    _add(phone, site, "jin-jun-mei")
    assert phone.text_content("[data-cart-count]") == "3"
    phone.goto(site + "cart/")
    phone.reload()  # survives reloads
    expect(phone.locator("[data-cart-items] li")).to_have_count(2)  # filled after catalog.json arrives
    assert phone.text_content("[data-cart-total]") == "¥1,495.90"
    message = _text(_whatsapp(phone, "[data-cart-send]"))
    assert message == ("你好阿青，我想订购：\n\n"
                       "- 武夷岩茶 · 大红袍 2024（250g） × 2 = ¥1,456.00\n  https://tea.example.com/products/dahongpao/\n\n"
                       "- 桐木关 金骏眉 × 1 = ¥39.90\n  https://tea.example.com/products/jin-jun-mei/\n\n合计：¥1,495.90")
    phone.locator("[data-cart-items] li").nth(1).locator("button[aria-label='加一件']").click()
    assert phone.text_content("[data-cart-total]") == "¥1,535.80"
    assert "- 桐木关 金骏眉 × 2 = ¥79.80" in _text(_whatsapp(phone, "[data-cart-send]"))
    # sending does not clear the cart; the buyer's confirmation does
    phone.evaluate(NO_NAVIGATION)
    phone.click("[data-cart-send] a.ch-whatsapp")
    assert phone.is_visible("[data-cart-sent]")
    phone.click("[data-cart-keep]")
    phone.reload()
    expect(phone.locator("[data-cart-items] li")).to_have_count(2)  # filled after catalog.json arrives
    phone.evaluate(NO_NAVIGATION)
    phone.click("[data-cart-send] a.ch-telegram")
    phone.click("[data-cart-clear]")
    expect(phone.locator("[data-cart-items] li")).to_have_count(0)  # filled after catalog.json arrives
    assert phone.is_visible("[data-cart-empty]") and phone.is_hidden("[data-cart-count]")
    assert phone.evaluate("Object.keys(localStorage).filter(k => k.startsWith('weishop.cart'))") == []


def test_cart_shows_current_prices_and_drops_what_is_gone(phone, site):
    phone.goto(site + "cart/")
    phone.evaluate("""localStorage.setItem('weishop.cart:/', JSON.stringify([
        {s: 'jin-jun-mei', o: [], q: 2, p: 2990, t: '桐木关 金骏眉'},
        {s: 'gone', o: [], q: 1, p: 100, t: '<b>旧商品</b>'},
        {s: 'sample', o: [], q: 1, p: 0, t: '试饮装'}]))""")
    phone.reload()
    items = phone.locator("[data-cart-items] li")
    expect(items).to_have_count(3)  # filled after catalog.json arrives
    assert "加入购物车后价格有变动" in items.nth(0).inner_text()
    assert "<b>旧商品</b>" in items.nth(1).inner_text() and "已下架" in items.nth(1).inner_text()  # text, never HTML
    assert "已售罄" in items.nth(2).inner_text()
    assert phone.text_content("[data-cart-total]") == "¥79.80"
    message = _text(_whatsapp(phone, "[data-cart-send]"))
    assert "旧商品" not in message and "试饮装" not in message and "× 2 = ¥79.80" in message


def test_referral_code_persists_across_pages_into_messages(phone, site):
    phone.goto(site + "stories/?ref=anna-01")
    phone.goto(site + "products/jin-jun-mei/")
    assert _text(_whatsapp(phone)).endswith("合计：¥39.90\n推荐人：anna-01")
    assert phone.evaluate("weishop.ref()") == "anna-01"
    assert phone.evaluate("weishop.withRef('/products/x/?a=1#top')") == site + "products/x/?a=1&ref=anna-01#top"
    stored = phone.evaluate("JSON.parse(localStorage.getItem('weishop.ref'))")
    assert stored["until"] > phone.evaluate("Date.now()") + 29 * 86400_000
    phone.goto(site + "?ref=%3Cscript%3E")  # not a code: ignored, the earlier one stays
    phone.goto(site + "?ref=" + "x" * 33)
    assert phone.evaluate("weishop.ref()") == "anna-01"
    _add(phone, site, "jin-jun-mei")
    phone.goto(site + "cart/")
    assert "推荐人：anna-01" in _text(_whatsapp(phone, "[data-cart-send]"))
    phone.evaluate("localStorage.setItem('weishop.ref', JSON.stringify({code: 'old', until: Date.now() - 1}))")
    phone.goto(site + "products/jin-jun-mei/")
    assert "推荐人" not in _text(_whatsapp(phone)) and phone.evaluate("weishop.ref()") is None


def test_wechat_in_app_browser_puts_wechat_first_and_copies(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, user_agent=WECHAT_UA)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.rstrip("/"))
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        tab.goto(site + "products/dahongpao/")
        first = tab.locator("[data-order] [data-channels] > li").first
        assert first.get_attribute("data-wechat") is not None
        assert first.locator("details").get_attribute("open") is not None
        assert tab.is_visible("[data-order] [data-wechat-hint]")
        tab.click("label.choice:has-text('250g')")
        tab.click("[data-order] [data-copy-message]")
        tab.wait_for_function("document.querySelector('[data-order] [data-copied]').textContent !== ''")
        assert tab.text_content("[data-order] [data-copied]") == "已复制，请粘贴到聊天里。"
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert copied == tab.input_value("[data-order] textarea[data-message]") and "（250g）" in copied
    finally:
        context.close()
    assert not errors, errors


def test_normal_browser_keeps_shop_yml_order_and_hides_wechat_hint(phone, site):
    phone.goto(site + "products/dahongpao/")
    assert phone.locator("[data-order] [data-channels] > li").nth(1).locator("a.ch-whatsapp").count() == 1
    assert phone.is_hidden("[data-order] [data-wechat-hint]")
    assert phone.evaluate("document.documentElement.classList.contains('in-wechat')") is False


LONG_TITLE = "武夷山桐木关正山小种红茶传统松烟熏制工艺一级茶叶礼盒装特别长的商品名称用于测试订单链接长度"
LONG_SHOP = {
    "shop.yml": ZH_SHOP["shop.yml"].replace("https://tea.example.com/", "https://long.example.com/"),
    "content/images/aqing.jpg": ZH_SHOP["content/images/aqing.jpg"],
    "content/images/qr.png": ZH_SHOP["content/images/qr.png"],
    **{f"content/products/p{i}.md": f"---\ntitle: {LONG_TITLE}{i}\nprice: {i}9.50\n---\n好茶。\n" for i in range(1, 5)},
}


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    with built_and_served(tmp_path_factory.mktemp("long"), LONG_SHOP) as base:
        yield base


def test_long_order_sends_a_short_link_to_the_order_page(phone, long_site):
    for i in range(1, 5):
        _add(phone, long_site, f"p{i}", steps=i - 1)
    phone.goto(long_site + "?ref=bob_7")
    phone.goto(long_site + "cart/")
    href = _whatsapp(phone, "[data-cart-send]")
    assert len(href) <= 1800
    message = _text(href)
    assert message.startswith("你好阿青，我的订单共 10 件，合计 ¥395.00，详情：https://long.example.com/order/#1.bob_7.")
    assert message.endswith("推荐人：bob_7")
    assert LONG_TITLE not in message
    order_link = message.split("详情：")[1].split("\n")[0]
    phone.goto(order_link.replace("https://long.example.com/", long_site))
    rows = phone.locator("[data-order-items] li")
    expect(rows).to_have_count(4)
    assert LONG_TITLE + "4" in rows.nth(3).inner_text() and "× 4 = ¥198.00" in rows.nth(3).inner_text()
    assert phone.text_content("[data-order-total]") == "¥395.00"
    assert phone.text_content("[data-order-ref]") == "推荐人：bob_7"
    phone.goto(long_site + "order/#garbage<img src=x onerror=alert(1)>")
    assert phone.is_visible("[data-order-none]") and phone.locator("[data-order-items] li").count() == 0
