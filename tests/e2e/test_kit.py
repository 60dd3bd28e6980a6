"""The seller's post kit: one noindex page per product, never linked, texts within each channel's rules."""

from __future__ import annotations

import re

import pytest

from tests.support import EN_SHOP, page, write_shop
from weishop import cli
from weishop.pages.kit import Words, channel_texts, hashtag, weibo_length, x_length

WORDS = Words("价格：{price}", "👉 下单：{link}")
LINK = "https://aqing-tea.pages.dev/products/dahongpao/"


def texts_by_key(**overrides) -> dict[str, str]:
    args = {"title": "武夷岩茶 · 大红袍 2024", "summary": "岩韵明显，焙火适中。", "price": "¥168.00 起",
            "tags": ["岩茶", "新 茶", "Big Red Robe"], "link": LINK, "words": WORDS, **overrides}
    return {c.key: c.text for c in channel_texts(**args)}


def test_kit_pages_exist_for_every_product_and_are_noindex(zh_shop):
    for product in zh_shop.result.site.products:
        soup = page(zh_shop.out, f"kit/{product.slug}/")
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert soup.find("link", rel="canonical") is None
        assert [s["id"] for s in soup.select(".kit-channel")] == ["kit-wechat", "kit-weibo", "kit-xiaohongshu", "kit-instagram", "kit-x"]
        assert soup.select_one("[data-kit]")["data-link"] == f"https://tea.example.com/products/{product.slug}/"
        for button in soup.select("[data-copy]"):
            assert soup.select_one(button["data-copy"]).name == "textarea"


def test_no_page_links_to_a_kit_and_the_sitemap_leaves_them_out(zh_shop):
    for path in zh_shop.out.rglob("*.html"):
        if "kit" in path.relative_to(zh_shop.out).parts:
            continue
        soup = page(zh_shop.out, path.relative_to(zh_shop.out).as_posix())
        assert not [a["href"] for a in soup.find_all("a", href=True) if "/kit/" in a["href"]], path
    sitemap = zh_shop.out / "sitemap.xml"
    if sitemap.is_file():
        assert "/kit/" not in sitemap.read_text(encoding="utf-8")


def test_kit_shows_share_image_poster_and_photos_that_exist(zh_shop):
    soup = page(zh_shop.out, "kit/dahongpao/")
    links = [a["href"] for a in soup.select(".kit-gallery a[download]")]
    assert links[:2] == ["/share/dahongpao.png", "/posters/dahongpao.png"]
    assert len(links) == 2 + 1  # one product photo
    for href in links:
        assert (zh_shop.out / href.lstrip("/")).is_file(), href


def test_built_kit_texts_respect_every_channel(zh_shop):
    soup = page(zh_shop.out, "kit/dahongpao/")
    text = {s["id"][4:]: s.select_one("textarea").get_text() for s in soup.select(".kit-channel")}
    link = "https://tea.example.com/products/dahongpao/"
    assert link in text["wechat"] and "#" not in text["wechat"]
    assert "#岩茶##新茶#" in text["weibo"] and weibo_length(text["weibo"]) <= 140
    assert "http" not in text["xiaohongshu"] and "#岩茶 #新茶" in text["xiaohongshu"]
    assert link in text["instagram"] and text["instagram"].rstrip().endswith("#岩茶 #新茶")
    assert link in text["x"] and x_length(text["x"]) <= 280
    assert all("¥168.00" in t for t in text.values())


@pytest.mark.parametrize("summary", ["短。", "岩韵明显，焙火适中，回甘持久。" * 40, "Rich and dark, with notes of caramel. " * 30])
def test_texts_fit_each_limit_whatever_the_summary(summary):
    texts = texts_by_key(summary=summary)
    assert x_length(texts["x"]) <= 280 and LINK in texts["x"]
    assert weibo_length(texts["weibo"]) <= 140 and LINK in texts["weibo"]
    assert len(texts["instagram"]) <= 2200
    xhs_title = texts["xiaohongshu"].splitlines()[0]
    assert len(xhs_title) <= 20 and len(texts["xiaohongshu"]) <= 1000
    assert len(texts["wechat"].splitlines()) <= 6
    if len(summary) > 200:
        assert "…" in texts["x"] and "…" in texts["weibo"]


def test_long_titles_are_cut_for_xiaohongshu():
    texts = texts_by_key(title="这是一个非常非常长的商品标题，超过了小红书二十个字的标题限制哦")
    assert texts["xiaohongshu"].splitlines()[0].endswith("…")
    assert len(texts["xiaohongshu"].splitlines()[0]) == 20


def test_hashtag_styles():
    texts = texts_by_key()
    assert texts["weibo"].startswith("#岩茶##新茶##BigRedRobe#")
    assert texts["x"].endswith("#岩茶 #新茶")  # two at most on X
    assert "#BigRedRobe" in texts["instagram"]
    assert hashtag("maple syrup!") == "maplesyrup"
    assert x_length("茶" * 10 + " https://x.example/" + "a" * 100) == 20 + 1 + 23
    assert weibo_length("茶茶ab " + LINK) == 2 + 2 + 10


def test_build_summary_lists_the_kits(tmp_path, capsys):
    shop = write_shop(tmp_path / "shop", EN_SHOP)
    assert cli.main(["build", "--shop", str(shop)]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "kit" in line)
    assert set(re.findall(r"https://maple\.example\.com/kit/[\w-]+/", line)) == {
        "https://maple.example.com/kit/syrup/", "https://maple.example.com/kit/candle/"}
