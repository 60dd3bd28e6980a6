"""Search (issue 19) as built: the Pagefind index under pagefind/, what it holds (published products and
stories, never drafts or noindex pages), the header field and /search/ on every page, `search: false`,
and an index that is made again only when an indexed page changed."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.support import ZH_SHOP, build_shop, page, snapshot, write_shop
from weishop.build.outputs import search
from weishop.errors import BuildFailed


def indexed(out: Path) -> dict[str, dict]:
    """What the index answers with, by URL: Pagefind's fragments are gzipped JSON after a signature."""
    found = {}
    for fragment in (out / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        data["content"] = data["content"].replace("\u200b", "")  # where the extended build cut Chinese words
        found[data["url"]] = data
    return found


def test_index_holds_published_products_and_stories_only(zh_shop):
    found = indexed(zh_shop.out)
    assert sorted(found) == ["/products/dahongpao/", "/products/jin-jun-mei/", "/products/sample/", "/stories/spring/"]
    titles = " ".join(entry["meta"]["title"] + entry["content"] for entry in found.values())
    assert "未上架" not in titles  # the draft
    jin = found["/products/jin-jun-mei/"]
    assert jin["meta"]["title"] == "桐木关 金骏眉" and jin["meta"]["price"] == "¥39.90"
    assert jin["meta"]["thumb"].endswith(".webp") and "thumb" not in found["/products/sample/"]["meta"]  # no photo
    assert sorted(jin["filters"]["f"]) == ["category:红茶", "price:20", "stock:in", "tag:红茶", "type:product"]
    assert "蜜香浓郁" in jin["content"] and "微信" not in jin["content"]  # the description, not the order buttons
    assert "红茶" in jin["content"] and "商品详情" not in jin["content"]
    assert "金 骏 眉" in jin["content"]  # the title's characters one by one (partials/search.html: letters)  # its tags, not the headings every product has
    sample = found["/products/sample/"]
    assert sample["meta"]["sold_out"] == "1" and sorted(sample["filters"]["f"]) == ["category:岩茶", "price:0", "type:product"]
    assert found["/stories/spring/"]["filters"] == {"f": ["type:story"]}


def test_bundle_is_what_search_js_loads_and_no_more(zh_shop):
    bundle = zh_shop.out / "pagefind"
    names = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"} <= names
    assert not [n for n in names if "-ui" in n or "highlight" in n or "playground" in n]
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["zh-cn"]  # <html lang>: Chinese segmentation


def test_every_page_has_the_field_and_no_js_lands_on_a_page_with_category_links(zh_shop):
    kit = next((zh_shop.out / "kit").rglob("index.html")).relative_to(zh_shop.out).as_posix()  # /kit/ or /kit/<slug>/
    for rel in ["index.html", "products/dahongpao/", "stories/spring/", "cart/", "order/", "404.html", kit]:
        form = page(zh_shop.out, rel).select_one("header form.search")
        assert form is not None, rel
        assert form["action"] == "/search/" and form.get("method", "get") == "get"
        assert form.select_one("input[name=q]")["placeholder"] == "搜索商品和文章"
        assert form.input["aria-label"] == "搜索本店" and form.input["type"] == "search"
    result = page(zh_shop.out, "search/")
    assert "需要 JavaScript" in result.find("noscript").get_text()
    links = {a.get_text(): a["href"] for a in result.select(".search-browse a")}
    assert sorted(links) == ["岩茶", "红茶"] and all(href.startswith("/categories/") for href in links.values())
    assert result.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")


def test_search_false_turns_it_off_and_a_wrong_value_is_reported(tmp_path):
    shop = write_shop(tmp_path / "off", {**ZH_SHOP, "shop.yml": ZH_SHOP["shop.yml"] + "search: false\n"})
    build_shop(shop)
    assert not (shop / "output" / "pagefind").exists() and not (shop / "output" / "search").exists()
    html = (shop / "output" / "products" / "dahongpao" / "index.html").read_text()
    assert 'form class="search"' not in html and "data-pagefind" not in html
    bad = write_shop(tmp_path / "bad", {**ZH_SHOP, "shop.yml": ZH_SHOP["shop.yml"] + "search: sometimes\n"})
    with pytest.raises(BuildFailed) as caught:
        build_shop(bad)
    [error] = [e for e in caught.value.errors if e.field == "search"]
    assert error.path == "shop.yml" and error.line == len(ZH_SHOP["shop.yml"].strip().splitlines()) + 1


SMALL = {
    "shop.yml": """
        title: Rings
        base_url: https://rings.example.com/
        language: en
        seller: {name: Mo}
        order: {channels: [{type: email, address: mo@example.com}]}
        """,
    "content/products/oak.md": "---\ntitle: Oak Leaf Signet\nprice: 120\n---\nCast in silver.\n",
    "content/products/moon.md": "---\ntitle: Moon Ring\nprice: 80\nstock: 0\n---\nA thin band.\n",
    "content/pages/about.md": "---\ntitle: About\n---\nHello.\n",
}


def test_index_is_made_again_only_when_an_indexed_page_changed(tmp_path, monkeypatch):
    shop = write_shop(tmp_path / "shop", SMALL)
    first = build_shop(shop)
    assert first.stats["search_indexed"] == 2 and first.stats["search_ms"] > 0
    runs = []
    real = search.index_pages
    monkeypatch.setattr(search, "index_pages", lambda pages, cancel=None: runs.append(len(pages)) or real(pages, cancel))
    again = build_shop(shop)
    assert runs == [] and again.stats["written"] == 0
    (shop / "content" / "pages" / "about.md").write_text("---\ntitle: About\n---\nHello again.\n", encoding="utf-8")
    build_shop(shop)
    assert runs == []  # a page that is not indexed changed
    (shop / "content" / "products" / "oak.md").write_text("---\ntitle: Oak Leaf Signet Ring\nprice: 120\n---\nCast in silver.\n", encoding="utf-8")
    build_shop(shop)
    assert runs == [2]  # both products indexed again: Pagefind has no partial update
    assert indexed(shop / "output")["/products/oak/"]["meta"]["title"] == "Oak Leaf Signet Ring"
    clean = write_shop(tmp_path / "clean", {**SMALL, "content/pages/about.md": "---\ntitle: About\n---\nHello again.\n",
                                           "content/products/oak.md": "---\ntitle: Oak Leaf Signet Ring\nprice: 120\n---\nCast in silver.\n"})
    build_shop(clean)
    assert snapshot(clean / "output") == snapshot(shop / "output")  # incremental equals clean, index included


def test_drafts_build_never_indexes_the_draft(tmp_path):
    shop = write_shop(tmp_path / "shop", ZH_SHOP)
    build_shop(shop, drafts=True, cache=False)
    assert (shop / "output" / "products" / "secret" / "index.html").is_file()
    assert "/products/secret/" not in indexed(shop / "output")


def test_a_missing_pagefind_fails_the_build_at_the_search_setting_and_keeps_the_output(tmp_path, monkeypatch):
    shop = write_shop(tmp_path / "shop", SMALL)
    build_shop(shop)
    before = snapshot(shop / "output")
    (shop / "content" / "products" / "oak.md").write_text("---\ntitle: Oak\nprice: 1\n---\nNew.\n", encoding="utf-8")

    def missing():
        raise search.SearchFailed("Pagefind's extended build is not installed", "reinstall weishop, or set search: false")

    monkeypatch.setattr(search, "_binary", missing)
    with pytest.raises(BuildFailed) as caught:
        build_shop(shop)
    [error] = caught.value.errors
    assert (error.path, error.field) == ("shop.yml", "search") and "search: false" in error.hint
    assert snapshot(shop / "output") == before
