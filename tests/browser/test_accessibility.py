"""What a buyer without a mouse, with large text or in dark mode meets: keyboard, focus ring, 200% zoom, contrast."""

from __future__ import annotations

import re

import pytest

from weishop.utils import colors

from tests.support import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def example_site(example_shop):
    server, base = serve(example_shop.out, example_shop.result.site.config.base_path)
    yield base
    server.shutdown()
    server.server_close()


def example_pages(example_shop) -> list[str]:
    site = example_shop.result.site
    return ["", next(p for p in site.products if p.images).url, site.stories[0].url, "cart/", "join/"]


# A visually hidden radio shows its ring on the label text next to it; "auto" is the browser's own ring.
FOCUSED = """() => { const e = document.activeElement;
  const shown = getComputedStyle(e).opacity === '0' && e.nextElementSibling ? e.nextElementSibling : e, s = getComputedStyle(shown);
  return {tag: e.tagName, cls: e.className, text: (e.textContent || '').trim().slice(0, 30),
          outline: s.outlineStyle, width: parseFloat(s.outlineWidth), channel: !!e.closest('.channels')}; }"""


def test_order_buttons_are_reached_by_tab_with_a_visible_focus_ring(phone, zh_site):
    phone.goto(zh_site + "products/dahongpao/")
    reached, invisible = [], []
    for _ in range(80):
        phone.keyboard.press("Tab")
        focused = phone.evaluate(FOCUSED)
        if focused["tag"] == "BODY":
            break
        if focused["outline"] == "none" or (focused["outline"] != "auto" and focused["width"] < 2):
            invisible.append(focused)
        if focused["channel"]:
            reached.append(focused["text"])
    assert not invisible, f"focused without a visible ring: {invisible}"
    assert reached[:3] == ["微信下单", "WhatsApp", "Telegram"], reached


def test_the_wechat_order_opens_from_the_keyboard(phone, zh_site):
    phone.goto(zh_site + "products/dahongpao/")
    phone.focus(".wechat summary")
    phone.keyboard.press("Enter")
    assert phone.is_visible(".wechat-box")


def test_pages_reflow_at_200_percent_zoom(phone, example_site, example_shop):
    """A 390 px phone at 200% zoom is a 195 px wide viewport: nothing may need sideways scrolling."""
    phone.set_viewport_size({"width": 195, "height": 422})
    wide = {}
    for rel in example_pages(example_shop):
        phone.goto(example_site + rel)
        overflow = phone.evaluate("document.scrollingElement.scrollWidth - innerWidth")
        if overflow > 0:
            wide[rel] = overflow
    assert not wide, f"pages wider than the zoomed screen (px): {wide}"


def test_fields_and_their_buttons_stay_inside_their_box_on_a_phone(phone, example_site):
    """/join/'s and /kit/'s code field with its button: within the box's padding at 390 px (the button stuck out once)."""
    for rel in ("join/", "kit/"):
        phone.goto(example_site + rel)
        out = phone.evaluate("""() => [...document.querySelectorAll('.kit-ref-row > *')].filter(el => el.offsetParent).map(el => {
            const box = el.closest('.kit-ref'), style = getComputedStyle(box);
            const inner = box.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
            return el.getBoundingClientRect().right - inner;
        }).filter(over => over > 0.5)""")
        assert out == [], (rel, out)


CONTRAST_PAIRS = {  # text selector -> the selector whose background it sits on
    "body": "body",
    ".card .price .now": ".card",
    ".card-title": ".card",
    ".foot a": ".foot",
    ".btn.ch:not(summary)": None,  # a button: its own background
}


def _rgb_hex(css: str) -> str:
    r, g, b = (int(float(v)) for v in re.findall(r"[\d.]+", css)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_keeps_aa_contrast_in_light_and_dark_mode(phone, example_site, example_shop, scheme):
    phone.emulate_media(color_scheme=scheme)
    product = example_pages(example_shop)[1]
    low = []
    for rel in ("", product):
        phone.goto(example_site + rel)
        for text, under in CONTRAST_PAIRS.items():
            if phone.locator(text).count() == 0:
                continue
            color = phone.eval_on_selector(text, "e => getComputedStyle(e).color")
            background = phone.eval_on_selector(under or text, "e => getComputedStyle(e).backgroundColor")
            ratio = colors.contrast(_rgb_hex(color), _rgb_hex(background))
            if ratio < colors.AA:
                low.append(f"/{rel} {text}: {color} on {background} = {ratio:.2f}")
    page_bg = _rgb_hex(phone.eval_on_selector("body", "e => getComputedStyle(e).backgroundColor"))
    assert (colors.luminance(page_bg) < 0.1) == (scheme == "dark")  # the scheme really switched
    assert not low, "\n".join(low)
