"""feeds.py: sitemap, robots, Atom and merchant feeds from hand-made sites, parsed back as XML/JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weishop.config.shop import ShopConfig
from weishop.content.walk import Copy
from weishop.build.outputs import feeds
from weishop.content.history import Dates
from weishop.build.outputs.feeds import (atom_feed, feed_files, merchant_feed, products_json, robots_txt, sitemap_xml,
                           source_date_epoch)
from weishop.content.model import Image, Listing, Option, OptionValue, Page, Product, Site, Story, Term

A = "{http://www.w3.org/2005/Atom}"
G = "{http://base.google.com/ns/1.0}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MAY = dt.datetime(2024, 5, 1).replace(tzinfo=dt.timezone.utc).timestamp()


def abs_url(rel: str) -> str:
    return "https://x.example/tea/" + quote(rel, safe="/#")


def product(slug: str, **fields) -> Product:
    base = dict(slug=slug, title=slug.title(), price=Decimal("10"), currency="CNY", body_html=f"<p>{slug} body</p>",
                summary=f"{slug} summary", source=f"content/products/{slug}.md", sku=slug)
    return Product(**{**base, **fields})


def make_site(products=(), stories=(), pages=(), **extra) -> Site:
    config = ShopConfig(title="Tea & <Co>", tagline="Hand made", seller={"name": "Ann"}, order={"channels": []},
                        currency="CNY", base_url="https://x.example/tea/", language="en")
    site = Site(config=config, products=list(products), stories=list(stories), pages=list(pages), **extra)
    site.by_slug = {p.slug: p for p in site.products}
    return site


def parse(data: bytes) -> ET.Element:
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(data)


def sitemap_entries(data: bytes) -> dict[str, str | None]:
    root = parse(data)
    return {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.iter(f"{SM}url")}


def test_sitemap_lists_live_pages_with_lastmod_and_leaves_drafts_out():
    oolong = Term("categories", "Oolong", "oolong")
    secret = Term("tags", "secret", "secret")
    live = product("live", date=dt.datetime(2024, 5, 1), category=oolong,
                   images=(Image("images/a.jpg", Path("/x"), "A"),))
    draft = product("draft", draft=True, tags=(secret,), date=dt.datetime(2025, 1, 1))
    story = Story("spring", "Spring", dt.datetime(2024, 4, 10), "<p>x</p>", "x", "s.md")
    page = Page("about", "About", "<p>a</p>", "a", "about.md")
    site = make_site([live, draft], [story], [page],
                     categories=[Listing(oolong, (live,))], tags=[Listing(secret, (draft,))])
    entries = sitemap_entries(sitemap_xml(site, abs_url))
    assert list(entries) == [
        "https://x.example/tea/", "https://x.example/tea/products/live/", "https://x.example/tea/categories/oolong/",
        "https://x.example/tea/stories/", "https://x.example/tea/stories/spring/", "https://x.example/tea/about/"]
    assert entries["https://x.example/tea/products/live/"] == "2024-05-01"
    assert entries["https://x.example/tea/stories/spring/"] == "2024-04-10"
    assert entries["https://x.example/tea/"] == "2024-05-01"  # newest of all
    assert entries["https://x.example/tea/about/"] is None  # undated and not in git: no lastmod rather than a made-up one
    committed = sitemap_entries(sitemap_xml(site, abs_url, Dates({"s.md": int(MAY) + 86400 * 3, "about.md": int(MAY)})))
    assert committed["https://x.example/tea/stories/spring/"] == "2024-05-04"  # last committed after its date
    assert committed["https://x.example/tea/about/"] == "2024-05-01"
    root = parse(sitemap_xml(site, abs_url))
    images = [e.text for e in root.iter("{http://www.google.com/schemas/sitemap-image/1.1}loc")]
    assert images == ["https://x.example/tea/images/a.jpg"]


def test_commit_times_are_clamped_to_source_date_epoch():
    page = Page("about", "About", "", "", "about.md")
    entries = sitemap_entries(sitemap_xml(make_site(pages=[page]), abs_url, Dates({"about.md": int(MAY) + 86400 * 30}, MAY)))
    assert entries["https://x.example/tea/about/"] == "2024-05-01"


@pytest.mark.parametrize("value, expected", [(None, None), ("", None), ("1714521600", 1714521600.0), ("soon", None)])
def test_source_date_epoch(value, expected):
    assert source_date_epoch(value) == expected


def test_robots_points_to_the_absolute_sitemap():
    lines = robots_txt(abs_url).decode().splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: https://x.example/tea/sitemap.xml" in lines


def test_atom_feed_required_elements_newest_first_and_no_drafts():
    story = Story("spring", "Spring <3", dt.datetime(2024, 4, 10), '<p><a href="/tea/products/a/">a</a></p>', "S", "s.md")
    site = make_site([product("a", date=dt.datetime(2024, 5, 1)), product("b", draft=True, date=dt.datetime(2030, 1, 1))], [story])
    root = parse(atom_feed(site, abs_url))
    assert root.tag == f"{A}feed"
    assert root.findtext(f"{A}id") == "https://x.example/tea/"
    assert root.findtext(f"{A}title") == "Tea & <Co>"
    assert root.findtext(f"{A}updated") == "2024-05-01T00:00:00Z"
    assert root.findtext(f"{A}author/{A}name") == "Ann"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{A}link")}
    assert links == {"alternate": "https://x.example/tea/", "self": "https://x.example/tea/feed.xml"}
    entries = root.findall(f"{A}entry")
    assert [e.findtext(f"{A}id") for e in entries] == ["https://x.example/tea/products/a/", "https://x.example/tea/stories/spring/"]
    assert entries[1].findtext(f"{A}title") == "Spring <3"
    for entry in entries:
        assert entry.findtext(f"{A}updated").endswith("Z")
        assert entry.find(f"{A}content").get("type") == "html"
    assert "a body" in entries[0].findtext(f"{A}content")
    assert "¥10.00" in entries[0].findtext(f"{A}summary")


def test_empty_atom_feed_is_still_valid_and_stable():
    root = parse(atom_feed(make_site(), abs_url, Dates(epoch=MAY)))
    assert root.findtext(f"{A}updated") == "2024-05-01T00:00:00Z"
    assert root.findall(f"{A}entry") == []
    assert atom_feed(make_site(), abs_url, Dates(epoch=MAY)) == atom_feed(make_site(), abs_url, Dates(epoch=MAY))


def test_undated_atom_entry_has_no_published_and_the_stable_updated():
    root = parse(atom_feed(make_site([product("a")]), abs_url, Dates(epoch=MAY)))
    (entry,) = root.findall(f"{A}entry")
    assert entry.find(f"{A}published") is None and entry.findtext(f"{A}updated") == "2024-05-01T00:00:00Z"


def _items(data: bytes) -> list[dict[str, list[str]]]:
    root = parse(data)
    assert root.tag == "rss" and root.get("version") == "2.0"
    found = []
    for item in root.iter("item"):
        fields: dict[str, list[str]] = {}
        for child in item:
            fields.setdefault(child.tag.replace(G, "g:"), []).append(child.text)
        found.append(fields)
    return found


def test_merchant_feed_prices_sale_and_variants():
    images = tuple(Image(f"images/{n}.jpg", Path("/x"), "") for n in range(3))
    sized = Option("Size", (OptionValue("50g", Decimal("168")), OptionValue("250g", Decimal("728"))))
    site = make_site([
        product("plain", price=Decimal("168"), compare_at=Decimal("198"), images=images,
                category=Term("categories", "Oolong", "oolong")),
        product("yen", price=Decimal("1500"), currency="JPY", stock=0),
        product("sized", price=Decimal("168"), options=(sized,)),
        product("hidden", draft=True),
    ])
    items = _items(merchant_feed(site, abs_url))
    plain, yen, small, big = items
    assert plain["g:id"] == ["plain"]
    assert (plain["g:price"], plain["g:sale_price"]) == (["198.00 CNY"], ["168.00 CNY"])
    assert plain["g:image_link"] == ["https://x.example/tea/images/0.jpg"]
    assert plain["g:additional_image_link"] == ["https://x.example/tea/images/1.jpg", "https://x.example/tea/images/2.jpg"]
    assert plain["g:link"] == ["https://x.example/tea/products/plain/"]
    assert (plain["g:availability"], plain["g:condition"], plain["g:brand"]) == (["in_stock"], ["new"], ["Tea & <Co>"])
    assert plain["g:product_type"] == ["Oolong"]
    assert plain["g:description"] == ["plain body"]
    assert (yen["g:price"], yen["g:availability"]) == (["1500 JPY"], ["out_of_stock"])
    assert "g:sale_price" not in yen and "g:image_link" not in yen
    assert (small["g:id"], small["g:price"], small["g:item_group_id"]) == (["sized-1"], ["168.00 CNY"], ["sized"])
    assert (big["g:id"], big["g:price"], big["g:title"]) == (["sized-2"], ["728.00 CNY"], ["Sized (250g)"])


def test_products_json_matches_the_merchant_data():
    site = make_site([product("a", compare_at=Decimal("12.5"), tags=(Term("tags", "x", "x"),)), product("b", draft=True)])
    data = json.loads(products_json(site, abs_url))
    assert data["shop"] == {"title": "Tea & <Co>", "url": "https://x.example/tea/", "language": "en", "currency": "CNY", "seller": "Ann"}
    [record] = data["products"]
    assert (record["id"], record["price"], record["compare_at"], record["currency"]) == ("a", "10.00", "12.50", "CNY")
    assert (record["availability"], record["tags"], record["url"]) == ("in_stock", ["x"], "https://x.example/tea/products/a/")


def test_control_characters_are_dropped_so_the_xml_stays_well_formed():
    site = make_site([product("a", body_html="<p>bad\x01char</p>", title="T\x01")])
    assert _items(merchant_feed(site, abs_url))[0]["g:description"] == ["badchar"]
    parse(atom_feed(site, abs_url))


def test_the_sellers_own_files_win(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(MAY)))
    site = make_site(pages=[Page("about", "About", "", "", "about.md")])
    site.copies = [Copy(Path("/shop/static/robots.txt"), "robots.txt")]
    stage = SimpleNamespace(site=site, renderer=SimpleNamespace(abs_url=abs_url), options=SimpleNamespace(shop=tmp_path))
    files = dict(feed_files(stage))
    assert sorted(files) == ["feed.xml", "products.json", "products.xml", "sitemap.xml"]
    assert b"<lastmod>" not in files["sitemap.xml"].data  # not in git: SOURCE_DATE_EPOCH dates nothing by itself


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20))
def test_elements_are_escaped_as_elementtree_escapes_them(text, value):
    """The feeds are written as text: each element must read back exactly as ElementTree would write it."""
    clean = feeds._NOT_XML.sub("", text), feeds._NOT_XML.sub("", value)
    element = ET.Element("g:title", {"href": clean[1]})
    element.text = clean[0]
    assert feeds._leaf("g:title", text, href=value) == ET.tostring(element, encoding="unicode")


def test_products_json_is_indented_as_json_dumps_indents():
    site = make_site([product("a", options=(Option("Size", (OptionValue("S", Decimal("1")), OptionValue("L", Decimal("2")))),),
                              tags=(Term("tags", "x\"y", "xy"),), summary="\u2028 \\ \x01"), product("b")])
    data = products_json(site, abs_url)
    assert data.decode() == json.dumps(json.loads(data), ensure_ascii=False, indent=2) + "\n"
    empty = products_json(make_site(), abs_url)
    assert empty.decode() == json.dumps(json.loads(empty), ensure_ascii=False, indent=2) + "\n"


def test_a_rebuild_redoes_only_the_products_that_changed(monkeypatch, tmp_path):
    made = []
    real = feeds._make_parts
    monkeypatch.setattr(feeds, "_make_parts", lambda product, *args: made.append(product.slug) or real(product, *args))
    monkeypatch.setattr(feeds, "_known", {})
    products = [product(slug, token=f"{slug}-v1") for slug in ("a", "b", "c")]
    stage = SimpleNamespace(site=make_site(products), renderer=SimpleNamespace(abs_url=abs_url), options=SimpleNamespace(shop=tmp_path))
    first = {path: output.data for path, output in feed_files(stage)}
    assert made == ["a", "b", "c"]  # once per product for all the files

    made.clear()
    products[1] = product("b", title="New title", token="b-v2")
    stage.site = make_site(products)
    second = {path: output.data for path, output in feed_files(stage)}
    assert made == ["b"]
    assert b"New title" in second["products.xml"] and b"New title" in second["products.json"]
    assert second["sitemap.xml"] == first["sitemap.xml"]

    made.clear()
    stage.site = make_site(products)
    stage.site.config = dataclasses.replace(stage.site.config, title="Another shop")
    third = {path: output.data for path, output in feed_files(stage)}
    assert made == ["a", "b", "c"]  # the brand is in every item
    assert b"Another shop" in third["products.xml"]
