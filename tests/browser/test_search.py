"""Search on a 390 px phone (issue 19): Chinese and English partial words, a shop under a sub-path, the
in-stock filter, sort by price, keyboard only, the page without JavaScript; nothing of search loads
before the field is used. The `phone` fixture fails a test on any console error."""

from __future__ import annotations

import pytest

from tests.support import served_shop

pytestmark = pytest.mark.browser

RINGS = {
    "shop.yml": """
        title: Mo's Rings
        base_url: https://example.github.io/rings/
        language: en
        currency: USD
        seller: {name: Mo}
        order: {channels: [{type: email, address: mo@example.com}]}
        """,
    "content/products/oak.md": "---\ntitle: Oak Leaf Signet\nprice: 120\ncategory: Rings\ntags: [silver]\n---\nCast in recycled silver.\n",
    "content/products/moon.md": "---\ntitle: Moon Signet\nprice: 80\nstock: 0\ncategory: Rings\n---\nA thin band with a crescent.\n",
    "content/products/sun.md": "---\ntitle: Sun Pendant\nprice: 300\ncategory: Necklaces\n---\nOn a silver chain.\n",
    "content/products/wip.md": "---\ntitle: Secret Signet\nprice: 10\ndraft: true\n---\nNot yet.\n",
    "content/stories/making.md": "---\ntitle: How a signet is made\ndate: 2024-03-01\n---\nWax, then silver.\n",
}


@pytest.fixture(scope="module")
def rings(tmp_path_factory):
    with served_shop(tmp_path_factory.mktemp("rings"), RINGS, "/rings/") as base:
        yield base


def _loaded(phone) -> list[str]:
    return phone.evaluate("performance.getEntriesByType('resource').map(e => e.name).filter(n => /search\\.|pagefind/.test(n))")


def _search(phone, text: str) -> None:
    phone.tap("#search-q")
    phone.fill("#search-q", text)


def _titles(phone) -> list[str]:
    phone.wait_for_selector("#search-panel .search-status:not(:empty)")
    phone.wait_for_function("() => !document.querySelector('#search-panel').hidden")
    return phone.eval_on_selector_all("#search-panel .grid .card-title", "ns => ns.map(n => n.textContent)")


def test_two_characters_from_the_middle_of_a_chinese_title_find_it(phone, zh_site):
    phone.goto(zh_site)
    assert _loaded(phone) == []  # nothing of search before the field is used
    _search(phone, "骏眉")
    phone.wait_for_selector("#search-panel .card-title:text('桐木关 金骏眉')")
    card = phone.locator("#search-panel .card", has_text="金骏眉")
    assert card.locator(".price").inner_text() == "¥39.90"
    assert card.locator("img").get_attribute("src").endswith(".webp")
    assert card.locator("a").get_attribute("href") == "/products/jin-jun-mei/"
    assert any("pagefind.js" in name for name in _loaded(phone))
    box = phone.locator("#search-q").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] >= 40
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 390
    _search(phone, "茶")  # one character of a dictionary word (岩茶)
    phone.wait_for_selector("#search-panel .card-title:text('武夷岩茶 · 大红袍 2024')")
    _search(phone, "试饮")
    phone.wait_for_selector("#search-panel .card.is-sold-out .badge:text('已售罄')")


def test_partial_english_word_under_a_sub_path_and_the_draft_is_not_there(phone, rings):
    phone.goto(rings)
    _search(phone, "sign")
    phone.wait_for_selector("#search-panel .card-title:text('Oak Leaf Signet')")
    assert sorted(_titles(phone)) == ["Moon Signet", "Oak Leaf Signet"]  # not "Secret Signet", a draft
    assert phone.locator("#search-panel .search-story .card-title").inner_text() == "How a signet is made"
    phone.click("#search-panel .card a:has-text('Oak Leaf Signet')")
    phone.wait_for_url(rings + "products/oak/")
    assert phone.locator("h1").inner_text() == "Oak Leaf Signet"


def test_in_stock_filter_hides_the_sold_out_ring_and_sort_by_price(phone, rings):
    phone.goto(rings + "products/sun/")
    _search(phone, "signet")
    phone.wait_for_selector("#search-panel .card.is-sold-out:has-text('Moon Signet')")
    phone.click("#search-panel summary")  # the filters are folded on a phone
    phone.check("#search-panel input[name=stock]")
    phone.wait_for_function("() => !document.querySelector('#search-panel .is-sold-out')")
    assert _titles(phone) == ["Oak Leaf Signet"]
    phone.uncheck("#search-panel input[name=stock]")
    phone.fill("#search-q", "")
    phone.select_option("#search-panel select[name=category]", "Rings")  # no words: every ring, by price
    phone.select_option("#search-panel select[name=sort]", "asc")
    phone.wait_for_function("() => document.querySelectorAll('#search-panel .grid .card').length === 2")
    assert _titles(phone) == ["Moon Signet", "Oak Leaf Signet"]
    phone.select_option("#search-panel select[name=sort]", "desc")
    phone.wait_for_function("() => document.querySelector('#search-panel .grid .card-title').textContent === 'Oak Leaf Signet'")
    prices = phone.eval_on_selector_all("#search-panel select[name=price] option", "os => os.map(o => o.textContent)")
    assert prices[0] == "Any price" and "$50 – $100 (1)" in prices and "$100 – $200 (1)" in prices


def test_keyboard_only_focus_type_arrow_enter(phone, rings):
    phone.goto(rings)
    for _ in range(8):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.id") == "search-q":
            break
    assert phone.evaluate("document.activeElement.id") == "search-q"
    phone.keyboard.type("pend")
    phone.wait_for_selector("#search-panel .card-title:text('Sun Pendant')")
    phone.keyboard.press("ArrowDown")
    assert phone.evaluate("document.activeElement.querySelector('.card-title').textContent") == "Sun Pendant"
    phone.keyboard.press("ArrowUp")
    assert phone.evaluate("document.activeElement.id") == "search-q"
    phone.keyboard.press("Escape")
    assert phone.locator("#search-panel").is_hidden()
    phone.keyboard.type("pend")  # Escape also emptied the field (what search fields do)
    phone.wait_for_selector("#search-panel .card-title:text('Sun Pendant')")
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("Enter")
    phone.wait_for_url(rings + "products/sun/")


def test_without_javascript_the_form_lands_on_the_search_page(browser, rings):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(rings)
    page.fill("#search-q", "signet")
    page.press("#search-q", "Enter")
    page.wait_for_url(rings + "search/?q=signet")
    assert "needs JavaScript" in page.locator("main").inner_text()
    links = page.eval_on_selector_all(".search-browse a", "as => as.map(a => a.getAttribute('href'))")
    assert links == ["/rings/categories/necklaces/", "/rings/categories/rings/"]
    context.close()


def test_the_search_page_with_javascript_runs_the_query_it_was_sent(phone, rings):
    phone.goto(rings + "search/?q=pendant")  # where the form lands when Enter beat search.js
    phone.wait_for_selector("#search-panel .card-title:text('Sun Pendant')")
    assert phone.input_value("#search-q") == "pendant"
    assert phone.locator("[data-search-hint]").is_visible()
