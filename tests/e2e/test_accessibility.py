"""Accessibility that can be read from the built HTML: language, labelled controls, image alternatives, one h1."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

LABELLED_BY_ATTRIBUTE = ("aria-label", "aria-labelledby", "title")


def pages_of(shop) -> list[tuple[str, BeautifulSoup]]:
    return [(p.relative_to(shop.out).as_posix(), BeautifulSoup(p.read_text(encoding="utf-8"), "lxml"))
            for p in sorted(shop.out.rglob("*.html"))]


def unlabelled_controls(soup: BeautifulSoup) -> list[str]:
    """Form controls a screen reader would announce without a name."""
    missing = []
    for control in soup.select("input, select, textarea"):
        if control.get("type") in ("hidden", "submit", "button", "reset", "image"):
            continue
        if any(control.get(a, "").strip() for a in LABELLED_BY_ATTRIBUTE):
            continue
        if control.find_parent("label") is not None:
            continue
        if control.get("id") and soup.select_one(f'label[for="{control["id"]}"]') is not None:
            continue
        missing.append(str(control)[:120])
    for button in soup.select("button"):
        if not button.get_text(strip=True) and not any(button.get(a, "").strip() for a in LABELLED_BY_ATTRIBUTE):
            missing.append(str(button)[:120])
    return missing


@pytest.fixture(scope="module", params=["example_shop", "zh_shop", "en_shop"])
def shop(request):
    return request.getfixturevalue(request.param)


def test_every_page_declares_the_shops_language(shop):
    language = shop.result.site.config.language
    wrong = [rel for rel, soup in pages_of(shop) if soup.html.get("lang") != language]
    assert not wrong, f"pages without lang={language}: {wrong}"


def test_every_form_control_has_a_name(shop):
    problems = [f"{rel}: {c}" for rel, soup in pages_of(shop) for c in unlabelled_controls(soup)]
    assert not problems, "\n".join(problems)


def test_every_image_has_an_alt_and_every_page_one_h1(shop):
    no_alt, headings = [], []
    for rel, soup in pages_of(shop):
        no_alt += [f"{rel}: {img.get('src')}" for img in soup.find_all("img") if img.get("alt") is None]
        if len(soup.find_all("h1")) != 1 and rel not in ("order/index.html",):
            headings.append(f"{rel}: {len(soup.find_all('h1'))} h1")
    assert not no_alt, "images without alt:\n" + "\n".join(no_alt)
    assert not headings, "\n".join(headings)


def test_card_images_do_not_repeat_the_title_beside_them(zh_shop):
    """The card's link already says the title: its photo is decorative, so a screen reader reads the title once."""
    home = BeautifulSoup((zh_shop.out / "index.html").read_text(encoding="utf-8"), "lxml")
    card_images = home.select(".card img")
    assert card_images and all(img["alt"] == "" for img in card_images)
    product = BeautifulSoup((zh_shop.out / "products/dahongpao/index.html").read_text(encoding="utf-8"), "lxml")
    assert product.select_one(".gallery img")["alt"]  # the product's own photo keeps its description


def test_the_checks_catch_unlabelled_controls():
    soup = BeautifulSoup('<input id="a"><label for="b">B</label><input id="b"><label>C <input></label>'
                         '<input aria-label="D"><button></button><button aria-label="F"></button><input type="hidden">', "lxml")
    assert unlabelled_controls(soup) == ['<input id="a"/>', "<button></button>"]
