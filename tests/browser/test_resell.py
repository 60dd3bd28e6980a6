"""Buyers become resellers, on their own phone: the poster drawn in the browser with the visitor's code in its QR code,
/join/ (a code of their own, their link, its QR code, texts and posters), named resellers in order messages, and the
line total beside the order buttons. QR codes are read back from the <img> bytes with zxing-cpp."""

from __future__ import annotations

import base64
import io
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image

from tests.support import ZH_SHOP, built_and_served

pytestmark = pytest.mark.browser

SHOP_URL = "https://tea.example.com/"
PRODUCT_URL = SHOP_URL + "products/dahongpao/"
HOSTILE = ["<img src=x onerror=alert(1)>", "a" * 5000, "javascript:alert(1)", "ab cd", "小林"]
RESELL_SHOP = {**ZH_SHOP, "shop.yml": ZH_SHOP["shop.yml"] + """
        resell:
          text: 每单返你 **10%**，月底结算。
        resellers:
          - {code: xiaolin, name: 小林}
          - {code: AG7, name: "<b>阿国</b>"}
        """}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with built_and_served(tmp_path_factory.mktemp("resell"), RESELL_SHOP) as base:
        yield base


@pytest.fixture
def requests(phone):
    seen: list[str] = []
    phone.on("request", lambda r: seen.append(r.url))
    return seen


def _offsite(requests: list[str], site: str) -> list[str]:
    return [u for u in requests if not u.startswith(site) and not u.startswith(("data:", "blob:"))]


def _img(phone, selector: str) -> Image.Image:
    """The image an <img> shows (a data: URL), decoded from its bytes."""
    src = phone.get_attribute(selector, "src")
    assert src.startswith("data:image/")
    return Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))


def _codes(image: Image.Image) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(image)]


def _poster(phone) -> Image.Image:
    phone.click(".buy [data-poster]")
    phone.wait_for_function("(i => i && i.complete && i.naturalWidth > 0)(document.querySelector('[data-poster-frame] img'))")
    return _img(phone, "[data-poster-frame] img")


def _ink(cell: Image.Image) -> set[tuple[int, int]]:
    grey = cell.convert("L")
    return {(x, y) for x in range(grey.width) for y in range(grey.height) if grey.getpixel((x, y)) < 128}


def test_poster_is_drawn_on_tap_with_the_visitors_code(phone, site, requests):
    phone.goto(site + "products/dahongpao/?ref=AG7")
    assert not [u for u in requests if "poster" in u or "qrcode" in u]  # nothing of the poster before the tap
    image = _poster(phone)
    natural = phone.evaluate("(i => [i.naturalWidth, i.naturalHeight])(document.querySelector('[data-poster-frame] img'))")
    assert natural == list(image.size) and image.width >= 750 and image.height > image.width * 1.7  # portrait, 750×1334 or more
    assert image.width >= 1125  # crisp where the dialog shows it about 360 px wide on a 3× screen
    assert _codes(image) == [PRODUCT_URL + "?ref=AG7"]
    # the Chinese title is drawn in the phone's fonts: its first two glyphs are ink, and different (boxes would be alike)
    scale = image.width / 750
    size, left, top = round(46 * scale), round(48 * scale), round((750 + 36) * scale)
    first = _ink(image.crop((left, top, left + size, top + size)))
    second = _ink(image.crop((left + size, top, left + 2 * size, top + size)))
    assert 0.08 * size * size < len(first) < 0.7 * size * size
    assert len(first ^ second) > 0.15 * size * size  # "武" vs "夷": 0.36; two missing-glyph boxes: 0.0006
    save = phone.locator("[data-poster-save]")
    assert save.is_visible() and save.get_attribute("download") == "dahongpao-poster.jpg"
    assert save.get_attribute("href") == phone.get_attribute("[data-poster-frame] img", "src")
    phone.click("[data-poster-dialog] [data-close]")
    assert not phone.evaluate("document.querySelector('[data-poster-dialog]').open")
    assert not _offsite(requests, site)


def test_poster_without_a_code_or_a_photo_opens_the_plain_product_url(phone, site, requests):
    phone.goto(site + "products/sample/")
    image = _poster(phone)
    assert _codes(image) == [SHOP_URL + "products/sample/"]
    assert image.convert("RGB").getpixel((375, 375)) != (255, 255, 255)  # the accent tile stands in for the photo
    assert not _offsite(requests, site)


def test_an_address_too_long_for_a_qr_code_falls_back_to_the_shops_home(phone, site):
    phone.goto(site + "products/dahongpao/")
    long = PRODUCT_URL + "x/" * 1500 + "?ref=AG7"  # 3,000 characters: more than a QR code holds
    src = phone.evaluate("""u => { const d = JSON.parse(document.querySelector('[data-poster-data]').textContent);
        return weishopPosterTools().then(P => P.draw(d, u)); }""", long)
    assert _codes(Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))) == [SHOP_URL + "?ref=AG7"]


def test_line_total_beside_the_order_buttons(phone, site):
    phone.goto(site + "products/dahongpao/")
    total = phone.locator("[data-line-total]")
    assert total.is_hidden()
    phone.click("label.choice:has-text('250g')")
    phone.click("[data-step='1']")
    assert total.is_visible() and phone.text_content("[data-line-total] strong") == "¥1,456.00"
    phone.click("[data-step='-1']")
    assert total.is_hidden()


def _whatsapp_text(phone) -> str:
    return parse_qs(urlsplit(phone.get_attribute("[data-order] a.ch-whatsapp", "href")).query)["text"][0]


def test_named_reseller_in_the_order_message_and_the_order_page(phone, site):
    phone.goto(site + "?ref=xiaolin")
    phone.goto(site + "products/jin-jun-mei/")
    assert _whatsapp_text(phone).endswith("合计：¥39.90\n推荐人：小林 (xiaolin)")
    phone.goto(site + "order/#1.xiaolin.jin-jun-mei_1__3990")
    phone.wait_for_selector("[data-order-ref]:not([hidden])")
    assert phone.text_content("[data-order-ref]") == "推荐人：小林 (xiaolin)"
    phone.goto(site + "?ref=AG7")  # a name with markup in it is text
    phone.goto(site + "products/jin-jun-mei/")
    assert _whatsapp_text(phone).endswith("推荐人：<b>阿国</b> (AG7)")
    phone.goto(site + "?ref=someone-else")  # unknown codes work as before
    phone.goto(site + "products/jin-jun-mei/")
    assert _whatsapp_text(phone).endswith("推荐人：someone-else")


def test_join_makes_a_link_and_qr_code_that_are_remembered(phone, site, requests):
    phone.goto(site)
    phone.click("footer a:has-text('推广伙伴')")
    assert phone.url == site + "join/"
    assert "每单返你 10%" in phone.inner_text(".join .prose") and phone.locator(".join .prose strong").count() == 1
    assert phone.is_hidden("[data-join-mine]") and phone.is_hidden("[data-join-greet]")
    phone.fill("#join-code", "AG7")
    phone.click("[data-join-form] button[type=submit]")
    assert phone.input_value("[data-join-link]") == SHOP_URL + "?ref=AG7"
    phone.wait_for_selector("[data-join-qr] img")
    assert _codes(_img(phone, "[data-join-qr] img")) == [SHOP_URL + "?ref=AG7"]
    for key in ("wechat", "whatsapp", "weibo", "x"):
        assert SHOP_URL + "?ref=AG7" in phone.input_value(f"#join-{key}-text"), key
    assert "http" not in phone.input_value("#join-xiaohongshu-text") and "AG7" in phone.input_value("#join-xiaohongshu-text")
    # a poster of any product, with the code
    phone.wait_for_function("document.querySelector('[data-join-product]').options.length >= 2")
    phone.select_option("[data-join-product]", label="桐木关 金骏眉")
    phone.click("[data-join-poster]")
    phone.wait_for_function("(i => i && i.complete && i.naturalWidth > 0)(document.querySelector('[data-poster-frame] img'))")
    assert _codes(_img(phone, "[data-poster-frame] img")) == [SHOP_URL + "products/jin-jun-mei/?ref=AG7"]
    phone.click("[data-poster-dialog] [data-close]")
    # remembered: the page shows it again, and the visitor's own orders name it
    phone.goto(site + "join/")
    assert phone.input_value("#join-code") == "AG7" and phone.is_visible("[data-join-mine]")
    phone.goto(site + "products/jin-jun-mei/")
    assert _whatsapp_text(phone).endswith("推荐人：<b>阿国</b> (AG7)")
    assert not _offsite(requests, site)


def test_join_greets_a_named_reseller(phone, site):
    phone.goto(site + "join/?ref=xiaolin")
    assert phone.text_content("[data-join-greet]") == "小林，你好！这是你的专属链接、二维码和海报。"
    assert phone.input_value("[data-join-link]") == SHOP_URL + "?ref=xiaolin"
    phone.goto(site + "join/?ref=AG7")
    assert phone.text_content("[data-join-greet]").startswith("<b>阿国</b>，")  # text, never markup
    assert phone.locator("[data-join-greet] b").count() == 0


@pytest.mark.parametrize("code", HOSTILE, ids=["html", "5000-chars", "javascript", "space", "cjk"])
def test_join_refuses_hostile_codes(phone, site, code):
    phone.goto(site + "join/")
    phone.fill("#join-code", code)
    phone.click("[data-join-form] button[type=submit]")
    assert phone.text_content("[data-join-status]").startswith("只能用")
    assert phone.is_hidden("[data-join-mine]")
    assert phone.evaluate("[localStorage.getItem('weishop.mine'), localStorage.getItem('weishop.ref')]") == [None, None]
    html = phone.evaluate("document.documentElement.outerHTML")  # what the page is made of, typed values aside
    assert phone.locator("img[src=x]").count() == 0 and (code not in html or code == "小林")


@pytest.mark.parametrize("code", HOSTILE[:3], ids=["html", "5000-chars", "javascript"])
def test_hostile_codes_in_the_address_never_reach_the_page(phone, site, code):
    phone.goto(site + "join/?ref=" + code.replace(" ", "%20"))
    assert phone.is_hidden("[data-join-mine]") and phone.is_hidden("[data-join-greet]")
    assert phone.input_value("#join-code") == ""
    assert phone.locator("img[src=x]").count() == 0
    assert phone.evaluate("localStorage.getItem('weishop.ref')") is None
