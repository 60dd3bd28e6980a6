"""seo.py: JSON-LD nodes from hand-made model objects, and their safety inside <script>."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest

from weishop.config.shop import ShopConfig
from weishop.content.model import Image, Listing, Option, OptionValue, Product, Review, Site, Story, Term
from weishop.pages.render import json_for_script
from weishop.pages.spec import PageSpec
from weishop.pages.seo import iso_date, offers, page_jsonld, plain_text, price_text, product_node, strip_tags

HOSTILE = 'Tea </script><script>alert(1)</script> "q" \'s\' & <!-- x --> \u2028 ]]>'


def abs_url(rel: str) -> str:
    return "https://x.example/tea/" + quote(rel, safe="/#")


def t(key: str) -> str:
    return {"stories": "Stories"}[key]


def make_site(**overrides) -> Site:
    config = ShopConfig(title="Tea & Co", seller={"name": "Ann", "bio": "Farmer", "location": "Fujian"},
                        order={"channels": [{"type": "email", "address": "a@example.com"}]}, currency="CNY",
                        base_url="https://x.example/tea/", social={"weibo": "https://weibo.com/ann"})
    return Site(config=config, **overrides)


def make_product(**fields) -> Product:
    base = dict(slug="p", title="P", price=Decimal("168"), currency="CNY", body_html="<p>Good &amp; strong</p>",
                summary="Good", source="content/products/p.md", sku="p")
    return Product(**{**base, **fields})


@pytest.mark.parametrize("amount, currency, expected", [
    ("168", "CNY", "168.00"), ("39.9", "USD", "39.90"), ("1500", "JPY", "1500"), ("0", "CNY", "0.00"), ("12.345", "EUR", "12.34"),
])
def test_price_text_uses_the_currency_decimals(amount, currency, expected):
    assert price_text(Decimal(amount), currency) == expected


def test_plain_text_drops_tags_and_decodes_entities():
    assert plain_text("<p>a &amp; b</p>\n<ul><li>c</li></ul>") == "a & b c"
    assert plain_text("<p>" + "x" * 50 + "</p>", limit=10) == "x" * 9 + "…"


@pytest.mark.parametrize("html, text", [
    ("<p>Tea &amp; <em>honey</em></p>\n<p>second</p>", "Tea & honey second"),
    ("a<!-- <b>hidden</b> -->b", "ab"),  # a tag inside a comment does not end it
    ("<!-->x", "<!-->x"),  # not a closed comment, and then not a tag either: kept as text
    ("a < b", "a < b"), ("x<br>y", "xy"), ("1 &lt;2&gt;", "1 <2>"),
])
def test_strip_tags(html, text):
    assert strip_tags(html) == text


@pytest.mark.parametrize("value, expected", [
    (dt.datetime(2024, 5, 1), "2024-05-01"), (dt.datetime(2024, 5, 1, 9, 30), "2024-05-01T09:30:00"),
])
def test_iso_date(value, expected):
    assert iso_date(value) == expected


def test_single_price_is_an_offer_with_strikethrough_compare_at():
    offer = offers(make_product(compare_at=Decimal("198")), make_site(), abs_url)
    assert offer["@type"] == "Offer"
    assert (offer["price"], offer["priceCurrency"]) == ("168.00", "CNY")
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["itemCondition"] == "https://schema.org/NewCondition"
    assert offer["url"] == "https://x.example/tea/products/p/"
    struck = [s for s in offer["priceSpecification"] if s.get("priceType") == "https://schema.org/StrikethroughPrice"]
    assert struck[0]["price"] == "198.00"


def test_options_with_different_prices_make_an_aggregate_offer():
    option = Option("Size", (OptionValue("50g", Decimal("168")), OptionValue("250g", Decimal("728"))))
    offer = offers(make_product(options=(option,), stock=0), make_site(), abs_url)
    assert offer["@type"] == "AggregateOffer"
    assert (offer["lowPrice"], offer["highPrice"], offer["offerCount"]) == ("168.00", "728.00", 2)
    assert offer["availability"] == "https://schema.org/OutOfStock"
    assert "price" not in offer


def test_options_with_one_price_stay_a_plain_offer():
    option = Option("Color", (OptionValue("red", Decimal("5")), OptionValue("blue", Decimal("5"))))
    assert offers(make_product(price=Decimal("5"), options=(option,)), make_site(), abs_url)["@type"] == "Offer"


def test_product_node_fields_and_only_rated_reviews():
    image = Image("products/p/a b.jpg", Path("/nowhere"), "P")
    reviews = (Review("Lin", "Great", 5, dt.datetime(2024, 6, 1)), Review("Wang", "Fine", 4), Review("Li", "no stars"))
    node = product_node(make_product(images=(image,), reviews=reviews, sku="SKU-1",
                                     category=Term("categories", "Oolong", "oolong")), make_site(), abs_url)
    assert node["@type"] == "Product"
    assert node["image"] == ["https://x.example/tea/products/p/a%20b.jpg"]
    assert (node["sku"], node["brand"]["name"], node["category"]) == ("SKU-1", "Tea & Co", "Oolong")
    assert node["description"] == "Good & strong"
    assert node["aggregateRating"]["ratingValue"] == 4.5
    assert node["aggregateRating"]["reviewCount"] == 2
    assert [r["author"]["name"] for r in node["review"]] == ["Lin", "Wang"]
    assert node["review"][0]["datePublished"] == "2024-06-01"
    assert node["review"][1]["reviewRating"]["ratingValue"] == 4


def test_product_without_reviews_has_no_rating():
    node = product_node(make_product(), make_site(), abs_url)
    assert "aggregateRating" not in node and "review" not in node and "image" not in node


def _spec(template: str, **context) -> PageSpec:
    return PageSpec("x/index.html", template, "x/", "X", context)


def _types(graph: dict) -> list[str]:
    return [node["@type"] for node in graph["@graph"]]


def test_graph_per_page_kind():
    product = make_product(category=Term("categories", "Oolong", "oolong"))
    story = Story("s", "Spring", dt.datetime(2024, 4, 10), "<p>x</p>", "x", "content/stories/s.md")
    site = make_site(products=[product], stories=[story])
    assert _types(page_jsonld(_spec("home.html"), site, abs_url, t)) == ["WebSite", "Organization"]
    product_graph = page_jsonld(_spec("product.html", product=product, related=[]), site, abs_url, t)
    assert _types(product_graph) == ["Product", "BreadcrumbList", "Organization"]
    crumbs = product_graph["@graph"][1]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Tea & Co", "https://x.example/tea/"), (2, "Oolong", "https://x.example/tea/categories/oolong/"),
        (3, "P", "https://x.example/tea/products/p/")]
    story_graph = page_jsonld(_spec("story.html", story=story, products=[]), site, abs_url, t)
    assert _types(story_graph) == ["BlogPosting", "BreadcrumbList", "Organization"]
    posting = story_graph["@graph"][0]
    assert (posting["headline"], posting["datePublished"], posting["author"]["name"]) == ("Spring", "2024-04-10", "Ann")
    assert story_graph["@graph"][1]["itemListElement"][1]["name"] == "Stories"
    listing = Listing(Term("tags", "green", "green"), (product,))
    assert _types(page_jsonld(_spec("listing.html", listing=listing), site, abs_url, t)) == ["BreadcrumbList", "Organization"]
    assert page_jsonld(_spec("page.html", page_entity=None), site, abs_url, t) is None
    assert page_jsonld(_spec("404.html"), site, abs_url, t) is None


def test_organization_names_the_seller():
    org = page_jsonld(_spec("home.html"), make_site(), abs_url, t)["@graph"][-1]
    assert org["founder"] == {"@type": "Person", "name": "Ann", "description": "Farmer"}
    assert org["sameAs"] == ["https://weibo.com/ann"]
    assert org["email"] == "a@example.com"
    assert org["@id"] == "https://x.example/tea/#shop"


def test_hostile_text_cannot_leave_the_script_element_and_round_trips():
    graph = page_jsonld(_spec("product.html", product=make_product(title=HOSTILE), related=[]), make_site(), abs_url, t)
    text = str(json_for_script(graph))
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text
    assert json.loads(text)["@graph"][0]["name"] == HOSTILE
