"""The seller's post kit (one noindex page for all products, never linked), /join/ (linked from every page and the
share box), and posters made in the browser: the build writes no poster files, only what the browser draws them from.
The texts and posters themselves are tested in the browser (tests/browser/test_share.py, test_resell.py)."""

from __future__ import annotations

import json
import re

from tests.support import EN_SHOP, page, write_shop
from weishop import cli


def test_one_kit_page_for_all_products_noindex_and_unlinked(zh_shop):
    soup = page(zh_shop.out, "kit/")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find("link", rel="canonical") is None
    assert soup.select_one("[data-kit]")["data-catalog"] == "/catalog.json"
    assert [s["id"] for s in soup.select(".kit-channel")] == ["kit-wechat", "kit-weibo", "kit-xiaohongshu", "kit-instagram", "kit-x"]
    assert not [p for p in (zh_shop.out / "kit").iterdir() if p.is_dir()]  # no page per product any more
    for path in zh_shop.out.rglob("*.html"):
        rel = path.relative_to(zh_shop.out).as_posix()
        if rel != "kit/index.html":
            assert not [a["href"] for a in page(zh_shop.out, rel).find_all("a", href=True) if "/kit/" in a["href"]], rel
    assert "/kit/" not in (zh_shop.out / "sitemap.xml").read_text(encoding="utf-8")


def test_join_is_linked_from_every_page_and_the_share_box(zh_shop):
    assert page(zh_shop.out, "join/").select_one("[data-join]")["data-shop-url"] == "https://tea.example.com/"
    for rel in ("", "products/dahongpao/", "stories/spring/", "cart/"):
        soup = page(zh_shop.out, rel)
        assert soup.select_one("footer a[href='/join/']").get_text() == "分享赚钱：成为推广伙伴", rel
    assert page(zh_shop.out, "products/dahongpao/").select_one("[data-share] a[href='/join/']")


def test_posters_are_not_drawn_at_build_but_their_data_is_in_the_page(zh_shop, subpath_shop):
    for built in (zh_shop, subpath_shop):
        assert not (built.out / "posters").exists()
    soup = page(zh_shop.out, "products/dahongpao/")
    data = json.loads(soup.select_one("script[data-poster-data]").string)
    assert data["u"] == "https://tea.example.com/products/dahongpao/"
    assert data["t"] == "武夷岩茶 · 大红袍 2024" and data["p"] == "¥168.00 起" and data["w"] == "¥198.00"
    assert data["seller"] == "阿青" and data["shop"] == "山野茶舍"
    assert (zh_shop.out / data["i"].lstrip("/")).is_file() and (zh_shop.out / data["a"].lstrip("/")).is_file()
    assert [s["src"] for s in soup.select("script[src]") if "poster" in s["src"] or "qrcode" in s["src"]] == []  # loaded on tap
    share_js = soup.select_one("script[data-poster]")
    for attr in ("data-poster", "data-qr"):
        assert (zh_shop.out / share_js[attr].lstrip("/")).is_file()
    assert "MIT" in (zh_shop.out / "theme/vendor/qrcode-generator.LICENSE.txt").read_text(encoding="utf-8")
    sub = json.loads(page(subpath_shop.out, "products/candle/").select_one("script[data-poster-data]").string)
    assert sub["u"] == "https://example.github.io/maple/products/candle/" and sub["i"].startswith("/maple/products/candle/")


def test_build_summary_names_the_kit(tmp_path, capsys):
    shop = write_shop(tmp_path / "shop", EN_SHOP)
    assert cli.main(["build", "--shop", str(shop)]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if "kit" in line)
    assert re.findall(r"https://maple\.example\.com/\S*", line) == ["https://maple.example.com/kit/"]


def test_join_and_kit_speak_the_shops_language(en_shop):
    join = page(en_shop.out, "join/")
    assert join.find("html")["lang"] == "en" and join.select_one("h1").get_text() == "Share and earn"
    assert "One level only" in join.select_one(".join .prose").get_text()
    assert [t["data-template"] for t in join.select("[data-join-text]")][0] == "A little shop I buy from myself: Maple & Co.\nHave a look 👉 {link}"
    assert page(en_shop.out, "kit/").select_one("h1").get_text() == "Post kit"
    assert page(en_shop.out, "").select_one("footer a[href='/join/']").get_text() == "Share and earn"
