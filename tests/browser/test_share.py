"""What a buyer and a seller do on a phone: share a product (share sheet or copied link, with the referral
code), open the poster to long-press it, copy ready-made texts from the post kit and put a reseller's code in."""

from __future__ import annotations

import pytest


pytestmark = pytest.mark.browser

URL = "https://tea.example.com/products/dahongpao/"
FAKE_SHARE = """
  window.__shared = null;
  navigator.canShare = () => true;
  navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };
"""
NO_SHARE = "Object.defineProperty(navigator, 'share', {value: undefined, configurable: true});"


@pytest.fixture
def site(zh_site):
    return zh_site


def _allow_clipboard(phone, site: str) -> None:
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.rstrip("/"))


def _clipboard(phone) -> str:
    return phone.evaluate("navigator.clipboard.readText()")


def test_share_sheet_gets_the_page_with_the_visitors_referral_code(phone, site):
    phone.add_init_script(FAKE_SHARE)
    phone.goto(site + "products/dahongpao/?ref=lily")
    phone.click(".buy [data-share-button]")
    phone.wait_for_function("window.__shared !== null")
    shared = phone.evaluate("window.__shared")
    assert shared == {"title": "武夷岩茶 · 大红袍 2024", "text": "岩韵明显，焙火适中。", "url": URL + "?ref=lily"}


def test_without_a_share_sheet_the_link_is_copied(phone, site):
    phone.add_init_script(NO_SHARE)
    _allow_clipboard(phone, site)
    phone.goto(site + "stories/spring/")
    phone.click("[data-share-button]")
    phone.wait_for_function("document.querySelector('[data-share-status]').textContent !== ''")
    assert phone.text_content("[data-share-status]").startswith("链接已复制")
    assert _clipboard(phone) == "https://tea.example.com/stories/spring/"


def test_share_works_when_shop_js_is_missing(phone, site):
    phone.route("**/theme/shop.*.js", lambda route: route.fulfill(status=200, content_type="text/javascript", body="/* gone */"))
    phone.add_init_script(FAKE_SHARE)
    phone.goto(site + "products/dahongpao/?ref=lily")
    assert phone.evaluate("typeof window.weishop") == "undefined"
    phone.click(".buy [data-share-button]")
    phone.wait_for_function("window.__shared !== null")
    assert phone.evaluate("window.__shared.url") == URL  # no code without shop.js, and no error


def test_poster_button_opens_the_poster_to_long_press(phone, site):
    phone.goto(site + "products/dahongpao/")
    assert phone.evaluate("document.querySelector('[data-poster-dialog] img').complete && "
                          "document.querySelector('[data-poster-dialog] img').naturalWidth") == 0  # not loaded before asked
    phone.click(".buy [data-poster]")
    assert phone.evaluate("document.querySelector('[data-poster-dialog]').open")
    phone.wait_for_function("document.querySelector('[data-poster-dialog] img').naturalWidth === 750")
    assert phone.url == site + "products/dahongpao/"
    assert phone.is_visible("text=长按图片保存")
    phone.click("[data-poster-dialog] [data-close]")
    assert not phone.evaluate("document.querySelector('[data-poster-dialog]').open")


def test_kit_copy_buttons_copy_each_text(phone, site):
    _allow_clipboard(phone, site)
    phone.goto(site + "kit/dahongpao/")
    for channel in ("wechat", "x"):
        phone.click(f"#kit-{channel} [data-copy]")
        phone.wait_for_function(f"document.querySelector('#kit-{channel} [data-copy-status]').textContent !== ''")
        assert _clipboard(phone) == phone.input_value(f"#kit-{channel}-text")
    assert URL in _clipboard(phone)


def test_kit_referral_field_puts_the_code_in_every_link(phone, site):
    phone.goto(site + "kit/dahongpao/")
    before = {c: phone.input_value(f"#kit-{c}-text") for c in ("wechat", "weibo", "xiaohongshu", "instagram", "x")}
    phone.fill("#kit-ref", "bad code!")
    phone.click("[data-kit-ref] button[type=submit]")
    assert phone.text_content("[data-ref-status]").startswith("只能用")
    assert phone.input_value("#kit-wechat-text") == before["wechat"]
    phone.fill("#kit-ref", "lily_2")
    phone.click("[data-kit-ref] button[type=submit]")
    for channel, text in before.items():
        after = phone.input_value(f"#kit-{channel}-text")
        assert after == text.replace(URL, URL + "?ref=lily_2"), channel
    assert URL + "?ref=lily_2" in phone.input_value("#kit-x-text")
    phone.fill("#kit-ref", "")
    phone.click("[data-kit-ref] button[type=submit]")
    assert phone.input_value("#kit-weibo-text") == before["weibo"]


def test_kit_opened_with_a_code_in_its_address_fills_it_in(phone, site):
    phone.goto(site + "kit/dahongpao/?ref=amy")
    assert phone.input_value("#kit-ref") == "amy"
    assert URL + "?ref=amy" in phone.input_value("#kit-instagram-text")
