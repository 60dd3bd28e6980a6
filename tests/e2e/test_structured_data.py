"""Built shops read as search engines and feed readers read them: JSON-LD, sitemap, robots, Atom, merchant feeds."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.support import EN_SHOP, build_shop, jpeg, page, write_shop

A = "{http://www.w3.org/2005/Atom}"
G = "{http://base.google.com/ns/1.0}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOSTILE = 'Tea </script><script>alert("x")</script> it\'s "q" & <!-- c --> ]]> <b>'
TRICKY_BASE = "https://example.github.io/maple/"


def jsonld(out: Path, rel: str) -> dict | None:
    """The page's only JSON-LD document, parsed; None when it has none."""
    scripts = page(out, rel).select('script[type="application/ld+json"]')
    assert len(scripts) <= 1, f"{rel} has {len(scripts)} JSON-LD scripts"
    return json.loads(scripts[0].string) if scripts else None


def node(graph: dict, kind: str) -> dict:
    [found] = [n for n in graph["@graph"] if n["@type"] == kind]
    return found


def xml(out: Path, rel: str) -> ET.Element:
    return ET.fromstring((out / rel).read_bytes())


def local_file(out: Path, url: str, base: str) -> Path:
    """The output file an absolute URL of the shop points to."""
    assert url.startswith(base), url
    rel = unquote(url[len(base):])
    return out / rel / "index.html" if rel == "" or rel.endswith("/") else out / rel


def all_html(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))


# --- JSON-LD -------------------------------------------------------------------------------------

@pytest.mark.parametrize("fixture", ["zh_shop", "en_shop", "subpath_shop"])
def test_every_page_has_at_most_one_valid_jsonld_script(fixture, request):
    built = request.getfixturevalue(fixture)
    for rel in all_html(built.out):
        graph = jsonld(built.out, rel)
        if graph is not None:
            assert graph["@context"] == "https://schema.org"
            assert graph["@graph"], rel


def test_product_jsonld_with_aggregate_offer_and_reviews(zh_shop):
    graph = jsonld(zh_shop.out, "products/dahongpao/")
    product = node(graph, "Product")
    assert product["name"] == "武夷岩茶 · 大红袍 2024"
    assert product["sku"] == "dahongpao"
    assert product["brand"] == {"@type": "Brand", "name": "山野茶舍"}
    assert product["description"].startswith("岩韵明显")
    for url in product["image"]:
        assert local_file(zh_shop.out, url, "https://tea.example.com/").is_file()
    offer = product["offers"]
    assert offer["@type"] == "AggregateOffer"
    assert (offer["lowPrice"], offer["highPrice"], offer["priceCurrency"]) == ("168.00", "728.00", "CNY")
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["url"] == "https://tea.example.com/products/dahongpao/"
    assert product["aggregateRating"]["ratingValue"] == 4.5
    assert product["aggregateRating"]["reviewCount"] == 2
    assert [(r["author"]["name"], r["reviewRating"]["ratingValue"]) for r in product["review"]] == [("小林", 5), ("老王", 4)]
    crumbs = node(graph, "BreadcrumbList")["itemListElement"]
    assert [c["item"] for c in crumbs] == ["https://tea.example.com/", "https://tea.example.com/categories/yan-cha/",
                                          "https://tea.example.com/products/dahongpao/"]
    for crumb in crumbs:
        assert local_file(zh_shop.out, crumb["item"], "https://tea.example.com/").is_file()
    assert node(graph, "Organization")["founder"]["name"] == "阿青"


def test_sold_out_and_single_price_offers(zh_shop, en_shop):
    sample = node(jsonld(zh_shop.out, "products/sample/"), "Product")["offers"]
    assert (sample["@type"], sample["price"], sample["availability"]) == ("Offer", "0.00", "https://schema.org/OutOfStock")
    syrup = node(jsonld(en_shop.out, "products/syrup/"), "Product")
    assert syrup["name"] == 'Maple Syrup "Grade A" & more'
    assert (syrup["offers"]["price"], syrup["offers"]["priceCurrency"]) == ("89.50", "USD")
    assert syrup["offers"]["itemCondition"] == "https://schema.org/NewCondition"
    prices = {s.get("priceType", "sale"): s["price"] for s in syrup["offers"]["priceSpecification"]}
    assert prices == {"sale": "89.50", "https://schema.org/StrikethroughPrice": "99.00"}


def test_story_home_and_plain_pages(zh_shop):
    posting = node(jsonld(zh_shop.out, "stories/spring/"), "BlogPosting")
    assert (posting["headline"], posting["datePublished"]) == ("春天采茶", "2024-04-10")
    assert posting["image"] == ["https://tea.example.com/images/dhp.jpg"]
    assert posting["author"]["name"] == "阿青"
    home = jsonld(zh_shop.out, "")
    assert node(home, "WebSite")["url"] == "https://tea.example.com/"
    assert node(home, "Organization")["logo"] == "https://tea.example.com/images/aqing.jpg"
    assert jsonld(zh_shop.out, "about/") is None
    assert jsonld(zh_shop.out, "404.html") is None


def test_pages_link_the_atom_feed(subpath_shop):
    links = page(subpath_shop.out, "").select('link[rel="alternate"][type="application/atom+xml"]')
    assert [link["href"] for link in links] == [TRICKY_BASE + "feed.xml"]


# --- a shop with hostile titles, a draft (built with --drafts) and its own robots.txt --------------

@pytest.fixture(scope="module")
def tricky(tmp_path_factory):
    files = {
        **EN_SHOP,
        "shop.yml": EN_SHOP["shop.yml"].replace("https://maple.example.com/", TRICKY_BASE),
        "content/products/hostile/index.md": f"""
            ---
            title: {json.dumps(HOSTILE)}
            price: 5
            compare_at: 7.5
            images: [x.jpg]
            category: {json.dumps(HOSTILE)}
            date: 2024-06-01
            reviews:
              - {{name: {json.dumps(HOSTILE)}, rating: 3, text: {json.dumps(HOSTILE)}}}
            ---
            Body & <stuff>.
            """,
        "content/products/hostile/x.jpg": jpeg(40, 30),
        "content/products/unfinished.md": """
            ---
            title: Unfinished draft
            price: 1
            draft: true
            tags: [draftonly]
            ---
            Not yet.
            """,
        "content/stories/news.md": f"""
            ---
            title: {json.dumps(HOSTILE)}
            date: 2024-06-02
            ---
            See [the syrup](/products/syrup/) and [shipping](../../shipping/).
            """,
        "static/robots.txt": "User-agent: *\nDisallow: /private/\n",
    }
    shop = write_shop(tmp_path_factory.mktemp("tricky"), files)
    build_shop(shop, drafts=True)
    build_shop(shop, drafts=True, out=shop / "again")
    return shop


def test_hostile_titles_round_trip_through_jsonld(tricky):
    out = tricky / "output"
    raw = str(page(out, "products/hostile/").select_one('script[type="application/ld+json"]').string)
    assert "</script" not in raw.lower() and "<!--" not in raw
    graph = jsonld(out, "products/hostile/")
    product = node(graph, "Product")
    assert product["name"] == HOSTILE
    assert product["category"] == HOSTILE
    assert product["review"][0]["author"]["name"] == HOSTILE
    assert product["review"][0]["reviewBody"] == HOSTILE
    assert node(graph, "BreadcrumbList")["itemListElement"][-1]["name"] == HOSTILE
    assert node(jsonld(out, "stories/news/"), "BlogPosting")["headline"] == HOSTILE
    assert page(out, "products/hostile/").select_one("h1").get_text() == HOSTILE


def test_hostile_titles_round_trip_through_the_feeds(tricky):
    out = tricky / "output"
    titles = {e.findtext(f"{A}id"): e.findtext(f"{A}title") for e in xml(out, "feed.xml").iter(f"{A}entry")}
    assert titles[TRICKY_BASE + "products/hostile/"] == HOSTILE
    assert titles[TRICKY_BASE + "stories/news/"] == HOSTILE
    merchant = {i.findtext(f"{G}id"): i for i in xml(out, "products.xml").iter("item")}
    assert merchant["hostile"].findtext(f"{G}title") == HOSTILE
    assert merchant["hostile"].findtext(f"{G}product_type") == HOSTILE
    assert merchant["hostile"].findtext(f"{G}description") == "Body & <stuff>."
    records = {r["id"]: r for r in json.loads((out / "products.json").read_text(encoding="utf-8"))["products"]}
    assert records["hostile"]["title"] == HOSTILE


def test_drafts_never_appear_even_in_a_drafts_build(tricky):
    out = tricky / "output"
    assert (out / "products/unfinished/index.html").is_file()  # the preview itself is built
    for rel in ("sitemap.xml", "feed.xml", "products.xml", "products.json"):
        text = (out / rel).read_text(encoding="utf-8")
        assert "unfinished" not in text and "Unfinished" not in text and "draftonly" not in text, rel


def test_feed_links_resolve_and_builds_are_byte_identical(tricky):
    out = tricky / "output"
    entry = next(e for e in xml(out, "feed.xml").iter(f"{A}entry") if e.findtext(f"{A}id") == TRICKY_BASE + "stories/news/")
    content = entry.find(f"{A}content")
    hrefs = re.findall(r'href="([^"]+)"', content.text)
    resolved = [urljoin(content.get("{http://www.w3.org/XML/1998/namespace}base"), h) for h in hrefs]
    assert resolved == [TRICKY_BASE + "products/syrup/", TRICKY_BASE + "shipping/"]
    for rel in ("sitemap.xml", "feed.xml", "products.xml", "products.json"):
        assert (out / rel).read_bytes() == (tricky / "again" / rel).read_bytes(), rel


def test_the_sellers_robots_txt_wins(tricky):
    assert (tricky / "output/robots.txt").read_text() == "User-agent: *\nDisallow: /private/\n"


# --- sitemap and robots --------------------------------------------------------------------------

def test_sitemap_lists_every_public_page(zh_shop):
    root = xml(zh_shop.out, "sitemap.xml")
    assert root.tag == f"{SM}urlset"
    entries = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.iter(f"{SM}url")}
    base = "https://tea.example.com/"
    expected = {"", "products/dahongpao/", "products/jin-jun-mei/", "products/sample/", "categories/yan-cha/",
                "categories/hong-cha/", "tags/yan-cha/", "tags/xin-cha/", "tags/hong-cha/", "stories/", "stories/spring/", "about/"}
    assert set(entries) == {base + rel for rel in expected}
    for loc, lastmod in entries.items():
        assert local_file(zh_shop.out, loc, base).is_file()
        assert lastmod is None or re.fullmatch(r"\d{4}-\d\d-\d\d", lastmod), loc
    assert entries[base + "products/dahongpao/"] >= "2024-05-01"
    assert entries[base + "about/"] is None  # an undated page: no lastmod rather than the file time of this checkout


@pytest.mark.parametrize("fixture", ["zh_shop", "subpath_shop"])
def test_each_sitemap_url_is_its_pages_canonical_url(fixture, request):
    built = request.getfixturevalue(fixture)
    base = built.result.site.config.base_url
    for loc in (u.text for u in xml(built.out, "sitemap.xml").iter(f"{SM}loc")):
        rel = local_file(built.out, loc, base).relative_to(built.out).as_posix()
        canonical = page(built.out, rel).select_one('link[rel="canonical"]')
        assert canonical is not None and canonical["href"] == loc, rel


def test_subpath_shop_urls_are_absolute_under_the_subpath(subpath_shop):
    out = subpath_shop.out
    robots = (out / "robots.txt").read_text().splitlines()
    assert f"Sitemap: {TRICKY_BASE}sitemap.xml" in robots
    locs = [u.text for u in xml(out, "sitemap.xml").iter(f"{SM}loc")]
    assert TRICKY_BASE + "products/candle/" in locs
    urls = locs + [e.get("href") for e in xml(out, "feed.xml").iter(f"{A}link")]
    urls += [e.text for e in xml(out, "products.xml").iter() if e.tag in (f"{G}link", f"{G}image_link")]
    graph = jsonld(out, "products/candle/")
    urls += node(graph, "Product")["image"] + [node(graph, "Product")["offers"]["url"]]
    for url in urls:
        assert url.startswith(TRICKY_BASE), url
        assert local_file(out, url, TRICKY_BASE).is_file(), url


def test_robots_txt_points_to_the_sitemap(en_shop):
    lines = (en_shop.out / "robots.txt").read_text().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Sitemap: https://maple.example.com/sitemap.xml" in lines


# --- Atom ----------------------------------------------------------------------------------------

def _rfc3339(text: str) -> dt.datetime:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)", text), text
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize("fixture", ["zh_shop", "en_shop", "subpath_shop"])
def test_atom_feed_has_the_required_elements(fixture, request):
    built = request.getfixturevalue(fixture)
    root = xml(built.out, "feed.xml")
    assert root.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert root.findtext(f"{A}{name}"), name
    assert root.findtext(f"{A}author/{A}name")
    self_link = root.find(f"{A}link[@rel='self']")
    assert self_link.get("href") == built.result.site.config.base_url + "feed.xml"
    entries = root.findall(f"{A}entry")
    assert entries
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(set(ids)) == len(ids)
    newest = max(_rfc3339(e.findtext(f"{A}updated")) for e in entries)
    assert _rfc3339(root.findtext(f"{A}updated")) == newest
    for entry in entries:
        assert entry.findtext(f"{A}title")
        link = entry.find(f"{A}link[@rel='alternate']").get("href")
        assert link == entry.findtext(f"{A}id")
        assert urlsplit(link).scheme == "https"
        assert local_file(built.out, link, built.result.site.config.base_url).is_file()


def test_atom_feed_has_stories_and_products(en_shop):
    entries = {e.findtext(f"{A}id"): e for e in xml(en_shop.out, "feed.xml").iter(f"{A}entry")}
    assert set(entries) == {"https://maple.example.com/stories/sugaring/", "https://maple.example.com/products/syrup/",
                            "https://maple.example.com/products/candle/"}
    syrup = entries["https://maple.example.com/products/syrup/"]
    assert syrup.findtext(f"{A}published") == "2024-03-01T00:00:00Z"
    assert "Dark and rich." in syrup.findtext(f"{A}content")


# --- Google Merchant feed and products.json ------------------------------------------------------

def test_merchant_feed_fields(zh_shop):
    root = xml(zh_shop.out, "products.xml")
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("link") == "https://tea.example.com/"
    items = {i.findtext(f"{G}id"): i for i in channel.iter("item")}
    assert set(items) == {"dahongpao-1", "dahongpao-2", "jin-jun-mei", "sample"}
    for item in items.values():
        for field in ("title", "description", "link", "price", "availability", "condition", "brand"):
            assert item.findtext(f"{G}{field}"), field
        assert re.fullmatch(r"\d+\.\d\d [A-Z]{3}", item.findtext(f"{G}price"))
    small = items["dahongpao-1"]
    assert (small.findtext(f"{G}price"), small.findtext(f"{G}sale_price")) == ("198.00 CNY", "168.00 CNY")
    assert small.findtext(f"{G}item_group_id") == "dahongpao"
    assert small.findtext(f"{G}product_type") == "岩茶"
    assert items["dahongpao-2"].findtext(f"{G}price") == "728.00 CNY"
    assert items["jin-jun-mei"].findtext(f"{G}price") == "39.90 CNY"
    assert items["sample"].findtext(f"{G}availability") == "out_of_stock"
    image = items["jin-jun-mei"].findtext(f"{G}image_link")
    assert local_file(zh_shop.out, image, "https://tea.example.com/").is_file()


def test_products_json_has_the_same_products(en_shop):
    data = json.loads((en_shop.out / "products.json").read_text(encoding="utf-8"))
    assert data["shop"]["url"] == "https://maple.example.com/"
    records = {r["id"]: r for r in data["products"]}
    merchant = {i.findtext(f"{G}id") for i in xml(en_shop.out, "products.xml").iter("item")}
    assert set(records) == merchant == {"syrup", "candle"}
    syrup = records["syrup"]
    assert (syrup["title"], syrup["price"], syrup["compare_at"], syrup["currency"]) == ('Maple Syrup "Grade A" & more', "89.50", "99.00", "USD")
    assert syrup["category"] == "Pantry" and syrup["availability"] == "in_stock"
    assert records["candle"]["images"] == ["https://maple.example.com/products/candle/a.jpg"]
