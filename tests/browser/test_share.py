"""What a buyer and a seller do on a phone: share a product (share sheet or copied link, with the referral
code), copy ready-made texts from the post kit (any product, one page) and put a reseller's code in its links
and poster. The poster itself: test_resell.py."""

from __future__ import annotations

import base64
import io

import pytest
import zxingcpp
from PIL import Image


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


def _kit(phone, site: str, query: str = "", slug: str = "dahongpao") -> None:
    phone.goto(site + "kit/" + query + "#" + slug)
    phone.wait_for_selector("[data-kit-body]:not([hidden])")
    phone.wait_for_function("document.querySelector('#kit-x-text').value !== ''")


def test_kit_copy_buttons_copy_each_text(phone, site):
    _allow_clipboard(phone, site)
    _kit(phone, site)
    for channel in ("wechat", "x"):
        phone.click(f"#kit-{channel} [data-copy-from]")
        phone.wait_for_function(f"document.querySelector('#kit-{channel} [data-copy-status]').textContent !== ''")
        assert _clipboard(phone) == phone.input_value(f"#kit-{channel}-text")
    assert URL in _clipboard(phone)


def test_kit_picks_any_product_and_shows_its_images(phone, site):
    _kit(phone, site)
    assert phone.evaluate("[...document.querySelectorAll('[data-kit-product] option')].map(o => o.value)") == [
        "dahongpao", "jin-jun-mei", "sample"]
    assert phone.locator("[data-kit-gallery] img").count() == 2  # share image and the one photo
    assert phone.get_attribute("[data-kit-gallery] a", "href") == "/share/dahongpao.png"
    phone.wait_for_function("[...document.querySelectorAll('[data-kit-gallery] img')].every(i => i.complete && i.naturalWidth > 0)")
    phone.select_option("[data-kit-product]", "jin-jun-mei")
    phone.wait_for_function("document.querySelector('#kit-wechat-text').value.includes('金骏眉')")
    assert "https://tea.example.com/products/jin-jun-mei/" in phone.input_value("#kit-wechat-text")
    assert phone.url.endswith("kit/#jin-jun-mei")  # a link to this product's kit


def test_kit_referral_field_puts_the_code_in_every_link_and_the_poster(phone, site):
    _kit(phone, site)
    before = {c: phone.input_value(f"#kit-{c}-text") for c in ("wechat", "weibo", "xiaohongshu", "instagram", "x")}
    phone.fill("#kit-ref", "bad code!")
    phone.click("[data-kit-ref] button[type=submit]")
    assert phone.text_content("[data-ref-status]").startswith("只能用")
    assert phone.input_value("#kit-wechat-text") == before["wechat"]
    phone.fill("#kit-ref", "lily_2")
    phone.click("[data-kit-ref] button[type=submit]")
    for channel, text in before.items():
        assert phone.input_value(f"#kit-{channel}-text") == text.replace(URL, URL + "?ref=lily_2"), channel  # links weigh the same
    phone.click("[data-kit-poster]")
    phone.wait_for_function("(i => i && i.complete && i.naturalWidth > 0)(document.querySelector('[data-poster-frame] img'))")
    src = phone.get_attribute("[data-poster-frame] img", "src")
    image = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
    assert [c.text for c in zxingcpp.read_barcodes(image)] == [URL + "?ref=lily_2"]
    phone.click("[data-poster-dialog] [data-close]")
    phone.fill("#kit-ref", "")
    phone.click("[data-kit-ref] button[type=submit]")
    assert phone.input_value("#kit-weibo-text") == before["weibo"]


def test_kit_opened_with_a_code_in_its_address_fills_it_in(phone, site):
    _kit(phone, site, "?ref=amy")
    assert phone.input_value("#kit-ref") == "amy"
    assert URL + "?ref=amy" in phone.input_value("#kit-instagram-text")


LINK = "https://aqing-tea.pages.dev/products/dahongpao/"
WORDS = {"price": "价格：{price}", "link": "👉 下单：{link}"}


def _texts(phone, site, **overrides) -> dict[str, dict]:
    """resell.js's channel texts for one product (it runs on the kit page)."""
    if "kit/" not in phone.url:
        phone.goto(site + "kit/")
    args = {"title": "武夷岩茶 · 大红袍 2024", "summary": "岩韵明显，焙火适中。", "price": "¥168.00 起",
            "tags": ["岩茶", "新 茶", "Big Red Robe"], "link": LINK, **overrides}
    found = phone.evaluate("a => weishopKit.channelTexts(a.title, a.summary, a.price, a.tags, a.link, a.words)", {**args, "words": WORDS})
    return {c["key"]: {**c, "x": phone.evaluate("t => weishopKit.xLength(t)", c["text"]),
                       "weibo": phone.evaluate("t => weishopKit.weiboLength(t)", c["text"])} for c in found}


def test_texts_fit_each_channel_whatever_the_summary(phone, site):
    for summary in ["短。", "岩韵明显，焙火适中，回甘持久。" * 40, "Rich and dark, with notes of caramel. " * 30]:
        texts = _texts(phone, site, summary=summary)
        assert texts["x"]["x"] <= 280 and LINK in texts["x"]["text"] and texts["x"]["length"] == texts["x"]["x"]
        assert texts["weibo"]["weibo"] <= 140 and LINK in texts["weibo"]["text"]
        assert len(texts["instagram"]["text"]) <= 2200
        xhs = texts["xiaohongshu"]["text"]
        assert len(xhs.splitlines()[0]) <= 20 and len(xhs) <= 1000 and "http" not in xhs
        assert len(texts["wechat"]["text"].splitlines()) <= 6 and "#" not in texts["wechat"]["text"]
        if len(summary) > 200:
            assert "…" in texts["x"]["text"] and "…" in texts["weibo"]["text"]


def test_text_rules_hashtags_and_counts(phone, site):
    texts = _texts(phone, site, title="这是一个非常非常长的商品标题，超过了小红书二十个字的标题限制哦")
    assert texts["xiaohongshu"]["text"].splitlines()[0].endswith("…") and len(texts["xiaohongshu"]["text"].splitlines()[0]) == 20
    texts = _texts(phone, site)
    assert texts["weibo"]["text"].startswith("#岩茶##新茶##BigRedRobe#")
    assert texts["x"]["text"].endswith("#岩茶 #新茶")  # two at most on X
    assert "#BigRedRobe" in texts["instagram"]["text"]
    assert all("¥168.00 起" in t["text"] for t in texts.values())
    assert phone.evaluate("weishopKit.hashtag('maple syrup!')") == "maplesyrup"
    assert phone.evaluate("t => weishopKit.xLength(t)", "茶" * 10 + " https://x.example/" + "a" * 100) == 20 + 1 + 23
    assert phone.evaluate("t => weishopKit.weiboLength(t)", "茶茶ab " + LINK) == 2 + 2 + 10
