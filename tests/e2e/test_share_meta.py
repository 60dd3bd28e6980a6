"""Meta tags of built pages (title, description, canonical, Open Graph, X card), the share images they
name, the share/poster buttons, and what WeChat's browser looks at, parsed from the fixture shops."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from tests.support import page

SHOPS = ["zh_shop", "en_shop", "subpath_shop"]


def html_pages(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))


def meta(soup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def local(out: Path, base_url: str, url: str) -> Path:
    """The output file an absolute URL of the site points to."""
    assert url.startswith(base_url), (url, base_url)
    return out / url[len(base_url):]


@pytest.mark.parametrize("shop_name", SHOPS)
def test_every_page_has_title_description_and_full_social_tags(request, shop_name):
    built = request.getfixturevalue(shop_name)
    base = built.result.site.config.base_url
    for rel in html_pages(built.out):
        soup = page(built.out, rel)
        where = f"{shop_name}:{rel}"
        assert soup.title and soup.title.string.strip(), where
        assert meta(soup, "description"), where
        for key in ("og:title", "og:description", "og:site_name", "og:locale", "og:image:alt", "twitter:image:alt"):
            assert meta(soup, key), f"{where}: {key}"
        assert meta(soup, "og:type") in ("website", "product", "article"), where
        assert meta(soup, "og:url").startswith(base), where
        assert meta(soup, "twitter:card") == "summary_large_image", where
        image = meta(soup, "og:image")
        assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630"), where
        with Image.open(local(built.out, base, image)) as card:
            assert card.size == (1200, 630), where
        noindex = soup.find("meta", attrs={"name": "robots", "content": "noindex"})
        canonical = soup.find("link", rel="canonical")
        assert bool(noindex) != bool(canonical), f"{where}: either canonical or noindex"
        if canonical:
            assert canonical["href"] == meta(soup, "og:url"), where


def test_product_page_tags(zh_shop):
    soup = page(zh_shop.out, "products/dahongpao/")
    assert soup.title.string == "武夷岩茶 · 大红袍 2024 · 山野茶舍"
    assert meta(soup, "og:type") == "product"
    assert meta(soup, "og:title") == "武夷岩茶 · 大红袍 2024"
    assert meta(soup, "description") == meta(soup, "og:description") == "岩韵明显，焙火适中。"
    assert meta(soup, "og:url") == "https://tea.example.com/products/dahongpao/"
    assert meta(soup, "og:image") == "https://tea.example.com/share/dahongpao.png"
    assert meta(soup, "og:locale") == "zh_CN"
    assert meta(soup, "og:site_name") == "山野茶舍"
    assert (meta(soup, "product:price:amount"), meta(soup, "product:price:currency")) == ("168", "CNY")
    sold_out = page(zh_shop.out, "products/sample/")
    assert meta(sold_out, "product:availability") == "out of stock"
    assert meta(sold_out, "product:price:amount") == "0"


def test_story_and_home_tags(zh_shop, en_shop):
    story = page(zh_shop.out, "stories/spring/")
    assert meta(story, "og:type") == "article"
    assert meta(story, "og:image") == "https://tea.example.com/share/stories/spring.png"
    assert meta(story, "article:published_time") == "2024-04-10"
    home = page(en_shop.out, "")
    assert meta(home, "og:type") == "website"
    assert meta(home, "og:image") == "https://maple.example.com/share/index.png"
    assert meta(home, "og:locale") == "en_US"
    assert home.title.string == "Maple & Co · Small-batch goods from Vermont"
    listing = page(en_shop.out, "tags/sweet/")
    assert meta(listing, "og:image") == "https://maple.example.com/share/index.png"


def test_quotes_and_ampersands_survive_in_attributes(en_shop):
    soup = page(en_shop.out, "products/syrup/")
    assert meta(soup, "og:title") == 'Maple Syrup "Grade A" & more'
    assert soup.select_one("[data-share]")["data-title"] == 'Maple Syrup "Grade A" & more'


def test_sub_path_shop_urls_are_absolute_under_the_sub_path(subpath_shop):
    soup = page(subpath_shop.out, "products/candle/")
    assert meta(soup, "og:url") == "https://example.github.io/maple/products/candle/"
    assert meta(soup, "og:image") == "https://example.github.io/maple/share/candle.png"
    assert soup.select_one("script[data-poster-data]").string.count('"https://example.github.io/maple/products/candle/"') == 1
    assert soup.select_one("[data-share]")["data-url"] == "https://example.github.io/maple/products/candle/"


@pytest.mark.parametrize("shop_name", SHOPS)
def test_a_share_image_for_every_product_and_story(request, shop_name):
    built = request.getfixturevalue(shop_name)
    site = built.result.site
    for product in site.products:
        with Image.open(built.out / f"share/{product.slug}.png") as card:
            assert card.size == (1200, 630)
    for story in site.stories:
        with Image.open(built.out / f"share/stories/{story.slug}.png") as card:
            assert card.size == (1200, 630)


def test_share_and_poster_buttons_on_products_share_only_on_stories(zh_shop):
    product = page(zh_shop.out, "products/dahongpao/")
    box = product.select_one(".buy [data-share]")
    assert box["data-url"] == "https://tea.example.com/products/dahongpao/"
    assert box.select_one("[data-share-button]") is not None
    assert box.select_one("button[data-poster]").has_attr("hidden")  # share.js shows it: posters are drawn in the browser
    assert product.select_one("dialog[data-poster-dialog] [data-poster-frame]") is not None
    story = page(zh_shop.out, "stories/spring/")
    assert story.select_one("[data-share]")["data-url"] == "https://tea.example.com/stories/spring/"
    assert story.select_one("button[data-poster]") is None and story.select_one("[data-poster-data]") is None
    scripts = [s["src"] for s in product.find_all("script", src=True)]
    assert any("/share." in s for s in scripts)


@pytest.mark.parametrize("shop_name", ["zh_shop", "en_shop"])
def test_wechat_finds_a_large_first_image_on_products_and_stories(request, shop_name):
    """WeChat's browser takes the first image of at least 300 px as the thumbnail of a shared page."""
    built = request.getfixturevalue(shop_name)
    site = built.result.site
    base_path = site.config.base_path
    for url in [p.url for p in site.products] + [s.url for s in site.stories]:
        soup = page(built.out, url)
        first = soup.body.find("img")
        assert first is not None, url
        path = unquote(urlsplit(first["src"]).path)
        with Image.open(built.out / path[len(base_path):]) as image:
            assert min(image.size) >= 300, (url, first["src"], image.size)
