"""schema.org JSON-LD for pages: pure functions from the model to plain dicts.

One `@graph` per page (SPEC §5: at most one ld+json script), meeting Google's
Product snippet / merchant listing, Article and Breadcrumb fields where the shop
has the data. The template serialises it with the `json` filter, safe in <script>.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable

from babel.numbers import get_currency_precision
from markupsafe import Markup

from weishop.content.model import Image, Product, Site, Story, Term

if TYPE_CHECKING:
    from weishop.pages.spec import PageSpec

AbsUrl = Callable[[str], str]
SCHEMA = "https://schema.org"
IN_STOCK = "https://schema.org/InStock"
OUT_OF_STOCK = "https://schema.org/OutOfStock"
NEW_CONDITION = "https://schema.org/NewCondition"
MAX_DESCRIPTION = 5000  # Google Merchant's limit; also plenty for snippets


def price_text(amount: Decimal, currency: str) -> str:
    """`168.00` for CNY, `1500` for JPY: the currency's own decimals, dot separator, no float."""
    return f"{amount.quantize(_unit(currency)):f}"


@lru_cache(maxsize=None)  # asked for every price of every product; babel looks it up each time
def _unit(currency: str) -> Decimal:
    return Decimal(1).scaleb(-get_currency_precision(currency))


def plain_text(html: str, limit: int = MAX_DESCRIPTION) -> str:
    """Rendered Markdown as one line of text (tags dropped, entities decoded) for descriptions."""
    text = strip_tags(html)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def strip_tags(html: str) -> str:
    """The text of an HTML fragment: tags and comments removed, entities unescaped, white space folded.

    MarkupSafe 3.0.4 does this in one pass (earlier versions rebuilt the string per tag, and
    disagreed on marks such as `<!-->`), hence the version floor in pyproject.toml."""
    return Markup(html).striptags()


def iso_date(value: dt.datetime) -> str:
    """`2024-05-01`, or with the time when the seller wrote one (naive: the seller's local time)."""
    if value.time() == dt.time(0, 0):
        return value.date().isoformat()
    return value.isoformat(timespec="seconds")


def description(product: Product) -> str:
    return plain_text(product.body_html) or product.summary or product.title


def image_urls(images: tuple[Image, ...] | list[Image], abs_url: AbsUrl) -> list[str]:
    return [abs_url(image.path) for image in images]


def organization(site: Site, abs_url: AbsUrl) -> dict[str, Any]:
    """The shop as an Organization run by the seller; other nodes point to it by `@id`."""
    shop = site.config
    seller = shop.seller
    node: dict[str, Any] = {"@type": "Organization", "@id": abs_url("") + "#shop", "name": shop.title, "url": abs_url("")}
    if shop.tagline or seller.get("bio"):
        node["description"] = shop.tagline or seller["bio"]
    if site.avatar:
        node["logo"] = node["image"] = abs_url(site.avatar.path)
    person: dict[str, Any] = {"@type": "Person", "name": seller["name"]}
    if seller.get("bio"):
        person["description"] = seller["bio"]
    node["founder"] = person
    if seller.get("location"):
        node["location"] = seller["location"]
    emails = [c["address"] for c in shop.order.get("channels", []) if c["type"] == "email"]
    if emails:
        node["email"] = emails[0]
    if shop.social:
        node["sameAs"] = list(shop.social.values())
    return node


def website(site: Site, abs_url: AbsUrl) -> dict[str, Any]:
    shop = site.config
    node: dict[str, Any] = {"@type": "WebSite", "@id": abs_url("") + "#website", "url": abs_url(""), "name": shop.title,
                            "inLanguage": shop.language, "publisher": {"@id": abs_url("") + "#shop"}}
    if shop.tagline:
        node["description"] = shop.tagline
    return node


def breadcrumbs(trail: list[tuple[str, str]], abs_url: AbsUrl) -> dict[str, Any]:
    """BreadcrumbList from (name, site-relative URL) pairs, home first."""
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": i, "name": name, "item": abs_url(rel)} for i, (name, rel) in enumerate(trail, 1)]}


def offers(product: Product, site: Site, abs_url: AbsUrl) -> dict[str, Any]:
    """An Offer, or an AggregateOffer (low/high) when options have different prices."""
    prices = product.prices
    common = {"priceCurrency": product.currency, "availability": OUT_OF_STOCK if product.sold_out else IN_STOCK,
              "url": abs_url(product.url), "itemCondition": NEW_CONDITION, "seller": {"@id": abs_url("") + "#shop"}}
    if len(prices) > 1:
        return {"@type": "AggregateOffer", "lowPrice": price_text(prices[0], product.currency),
                "highPrice": price_text(prices[-1], product.currency), "offerCount": len(prices), **common}
    offer: dict[str, Any] = {"@type": "Offer", "price": price_text(prices[0], product.currency), **common}
    if product.compare_at is not None and product.compare_at > prices[0]:
        # Google shows the struck-through price from a StrikethroughPrice specification
        offer["priceSpecification"] = [
            {"@type": "UnitPriceSpecification", "price": offer["price"], "priceCurrency": product.currency},
            {"@type": "UnitPriceSpecification", "priceType": "https://schema.org/StrikethroughPrice",
             "price": price_text(product.compare_at, product.currency), "priceCurrency": product.currency}]
    return offer


def product_node(product: Product, site: Site, abs_url: AbsUrl) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Product", "@id": abs_url(product.url) + "#product", "name": product.title,
                            "description": description(product), "sku": product.sku, "url": abs_url(product.url),
                            "brand": {"@type": "Brand", "name": site.config.title}}
    if product.images:
        node["image"] = image_urls(product.images, abs_url)
    if product.category:
        node["category"] = product.category.name
    node["offers"] = offers(product, site, abs_url)
    # Google requires a rating on each review and in the aggregate: unrated testimonials stay on the page only
    rated = [r for r in product.reviews if r.rating]
    if rated:
        node["aggregateRating"] = {"@type": "AggregateRating", "ratingValue": product.rating, "reviewCount": len(rated),
                                   "bestRating": 5, "worstRating": 1}
        node["review"] = []
        for review in rated:
            entry: dict[str, Any] = {"@type": "Review", "author": {"@type": "Person", "name": review.name},
                                     "reviewBody": review.text,
                                     "reviewRating": {"@type": "Rating", "ratingValue": review.rating, "bestRating": 5, "worstRating": 1}}
            if review.date:
                entry["datePublished"] = iso_date(review.date)
            node["review"].append(entry)
    return node


def story_node(story: Story, site: Site, abs_url: AbsUrl) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "BlogPosting", "@id": abs_url(story.url) + "#article", "headline": story.title,
                            "url": abs_url(story.url), "mainEntityOfPage": abs_url(story.url),
                            "datePublished": iso_date(story.date), "dateModified": iso_date(story.date),
                            "author": {"@type": "Person", "name": site.config.seller["name"], "url": abs_url("")},
                            "publisher": {"@id": abs_url("") + "#shop"}, "inLanguage": site.config.language}
    if story.summary:
        node["description"] = story.summary
    if story.cover:
        node["image"] = [abs_url(story.cover.path)]
    if story.tags:
        node["keywords"] = [t.name for t in story.tags]
    return node


def page_jsonld(spec: PageSpec, site: Site, abs_url: AbsUrl, t: Callable[[str], str]) -> dict[str, Any] | None:
    """The one JSON-LD document of a page, or None when it has nothing to describe; `t` names the story list."""
    home = (site.config.title, "")
    nodes: list[dict[str, Any]] = []
    context = spec.context
    if spec.template == "home.html":
        nodes = [website(site, abs_url)]
    elif isinstance(context.get("product"), Product):
        product = context["product"]
        trail = [home] + ([(product.category.name, product.category.url)] if product.category else [])
        nodes = [product_node(product, site, abs_url), breadcrumbs(trail + [(product.title, product.url)], abs_url)]
    elif isinstance(context.get("story"), Story):
        story = context["story"]
        nodes = [story_node(story, site, abs_url), breadcrumbs([home, (t("stories"), "stories/"), (story.title, story.url)], abs_url)]
    elif isinstance(getattr(context.get("listing"), "term", None), Term):
        term = context["listing"].term
        nodes = [breadcrumbs([home, (term.name, term.url)], abs_url)]
    if not nodes:
        return None
    return {"@context": SCHEMA, "@graph": [*nodes, organization(site, abs_url)]}

