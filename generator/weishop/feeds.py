"""Files for machines: sitemap.xml, robots.txt, feed.xml (Atom), products.xml (Google Merchant) and products.json.

Built with ElementTree so every text and attribute is escaped. Output is stable: model
order, no build clock. Dates come from the content, else from file times (clamped to
SOURCE_DATE_EPOCH when it is set, as reproducible builds expect). Drafts never appear,
not even in a `--drafts` preview build.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterator

from markupsafe import escape

from . import l10n
from .model import Image, Page, Product, Site, Story
from .seo import AbsUrl, description, image_urls, iso_date, price_text
from .writer import Output

if TYPE_CHECKING:
    from .build import StageInput

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_IMAGE = "http://www.google.com/schemas/sitemap-image/1.1"
GOOGLE = "http://base.google.com/ns/1.0"
FEED_ENTRIES = 50  # newest stories and products in feed.xml
MERCHANT_TITLE = 150  # Google Merchant limits
MERCHANT_EXTRA_IMAGES = 10
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
Entity = Product | Story | Page


def feed_files(stage: StageInput) -> Iterator[tuple[str, Output]]:
    """The build stage (build.OUTPUT_STAGES): every machine-readable file, unless the seller ships their own."""
    site, abs_url = stage.site, stage.renderer.abs_url
    clamp = source_date_epoch(os.environ.get("SOURCE_DATE_EPOCH"))
    files = {
        "sitemap.xml": lambda: sitemap_xml(site, abs_url, clamp),
        "robots.txt": lambda: robots_txt(abs_url),
        "feed.xml": lambda: atom_feed(site, abs_url, clamp),
        "products.xml": lambda: merchant_feed(site, abs_url),
        "products.json": lambda: products_json(site, abs_url),
    }
    taken = {copy.target for copy in site.copies}  # static/robots.txt etc. win over ours
    for path, make in files.items():
        if path not in taken:
            yield path, Output(origin=f"weishop's {path}", data=make())


def source_date_epoch(value: str | None) -> float | None:
    try:
        return float(int(value)) if value else None
    except ValueError:
        return None


# --- dates ---------------------------------------------------------------------------------------

def file_time(entity: Entity, clamp: float | None) -> dt.datetime | None:
    """A file's time, only when SOURCE_DATE_EPOCH pins the build: otherwise a fresh clone (new
    file times) would change the sitemap and the feed, and builds would not be reproducible."""
    if not entity.mtime or clamp is None:
        return None
    seconds = entity.mtime if clamp is None else min(entity.mtime, clamp)
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).replace(tzinfo=None)


def published(entity: Product | Story, clamp: float | None) -> dt.datetime | None:
    """When it went up: the front matter date, else the file time."""
    return entity.date or file_time(entity, clamp)


def modified(entity: Entity, clamp: float | None) -> dt.datetime | None:
    """Last change: the newer of its date and its file time."""
    found = [d for d in (getattr(entity, "date", None), file_time(entity, clamp)) if d]
    return max(found) if found else None


def rfc3339(value: dt.datetime) -> str:
    """Atom wants a zone; content dates carry none, so they are written as UTC."""
    return value.replace(microsecond=0).isoformat() + "Z"


def _newest(dates: Any) -> dt.datetime | None:
    found = [d for d in dates if d]
    return max(found) if found else None


# --- XML helpers ---------------------------------------------------------------------------------

def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.replace("__", ":"): _clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def live(site: Site) -> tuple[list[Product], list[Story], list[Page]]:
    """What the public sees: everything but drafts (a --drafts build still keeps them out of feeds)."""
    return ([p for p in site.products if not p.draft], [s for s in site.stories if not s.draft],
            [p for p in site.pages if not p.draft])


# --- sitemap and robots --------------------------------------------------------------------------

def sitemap_xml(site: Site, abs_url: AbsUrl, clamp: float | None = None) -> bytes:
    """All indexable pages with absolute URLs, `lastmod` (date only: content dates carry no zone) and images."""
    products, stories, pages = live(site)
    shown = {p.slug for p in products}
    rows: list[tuple[str, dt.datetime | None, list[Image]]] = []
    for product in products:
        rows.append((product.url, modified(product, clamp), list(product.images)))
    for listing in site.categories + site.tags:
        members = [p for p in listing.products if p.slug in shown] + [s for s in listing.stories if not s.draft]
        if members:
            rows.append((listing.term.url, _newest(modified(m, clamp) for m in members), []))
    rows.append(("stories/", _newest(modified(s, clamp) for s in stories), []))
    for story in stories:
        rows.append((story.url, modified(story, clamp), [story.cover] if story.cover else []))
    for page in pages:
        rows.append((page.url, modified(page, clamp), []))
    home_images = [site.avatar] if site.avatar else []
    rows.insert(0, ("", _newest(r[1] for r in rows), home_images))
    root = ET.Element("urlset", {"xmlns": SITEMAP, "xmlns:image": SITEMAP_IMAGE})
    for rel, lastmod, images in rows:
        url = _el(root, "url")
        _el(url, "loc", abs_url(rel))
        if lastmod:
            _el(url, "lastmod", lastmod.date().isoformat())
        for image in images:
            _el(_el(url, "image:image"), "image:loc", abs_url(image.path))
    return _xml(root)


def robots_txt(abs_url: AbsUrl) -> bytes:
    """Everything may be crawled (post kits and order pages say `noindex` themselves); names the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {abs_url('sitemap.xml')}\n".encode()


# --- Atom ----------------------------------------------------------------------------------------

def atom_feed(site: Site, abs_url: AbsUrl, clamp: float | None = None) -> bytes:
    """Stories and products, newest first, full text; ids are the permanent page URLs."""
    shop = site.config
    products, stories, _ = live(site)
    dated = [(published(e, clamp) or dt.datetime(1970, 1, 1), e) for e in [*stories, *products]]
    dated.sort(key=lambda item: (-item[0].timestamp(), item[1].kind, item[1].slug))
    entries = dated[:FEED_ENTRIES]
    fallback = dt.datetime.fromtimestamp(clamp or 0, dt.timezone.utc).replace(tzinfo=None)
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": shop.language})
    _el(root, "id", abs_url(""))
    _el(root, "title", shop.title)
    if shop.tagline:
        _el(root, "subtitle", shop.tagline)
    _el(root, "updated", rfc3339(entries[0][0] if entries else fallback))
    author = _el(root, "author")
    _el(author, "name", shop.seller["name"])
    _el(author, "uri", abs_url(""))
    _el(root, "link", rel="alternate", type="text/html", href=abs_url(""))
    _el(root, "link", rel="self", type="application/atom+xml", href=abs_url("feed.xml"))
    if site.avatar:
        _el(root, "logo", abs_url(site.avatar.path))
    _el(root, "generator", "weishop")
    for when, entity in entries:
        entry = _el(root, "entry")
        _el(entry, "id", abs_url(entity.url))
        _el(entry, "title", entity.title)
        _el(entry, "link", rel="alternate", type="text/html", href=abs_url(entity.url))
        _el(entry, "published", rfc3339(when))
        _el(entry, "updated", rfc3339(when))
        if isinstance(entity, Product):
            price = l10n.money(entity.prices[0], entity.currency, shop.language)
            summary = f"{price} · {entity.summary}" if entity.summary else price
            html = _product_html(entity, abs_url, price)
            terms = [entity.category.name] if entity.category else []
        else:
            summary = entity.summary
            cover = f'<p><img src="{escape(abs_url(entity.cover.path))}" alt="{escape(entity.cover.alt)}"></p>' if entity.cover else ""
            html = cover + entity.body_html
            terms = []
        if summary:
            _el(entry, "summary", summary)
        # body links are site-absolute paths (/tea/…) or relative to the page: xml:base resolves both
        _el(entry, "content", html, type="html", xml__base=abs_url(entity.url))
        for term in dict.fromkeys(terms + [t.name for t in entity.tags]):  # a category may also be a tag
            _el(entry, "category", term=term)
    return _xml(root)


def _product_html(product: Product, abs_url: AbsUrl, price: str) -> str:
    image = f'<p><img src="{escape(abs_url(product.image.path))}" alt="{escape(product.image.alt)}"></p>' if product.image else ""
    return f"{image}<p><strong>{escape(price)}</strong></p>{product.body_html}"


# --- products: Google Merchant RSS and JSON ------------------------------------------------------

def product_record(product: Product, site: Site, abs_url: AbsUrl) -> dict[str, Any]:
    """One product as plain data: the base of products.json and of each Merchant item."""
    cur = product.currency
    return {
        "id": product.sku, "slug": product.slug, "title": product.title, "url": abs_url(product.url),
        "description": description(product), "summary": product.summary,
        "images": image_urls(product.images, abs_url),
        "price": price_text(product.prices[0], cur), "max_price": price_text(product.prices[-1], cur), "currency": cur,
        "compare_at": price_text(product.compare_at, cur) if product.compare_at is not None else None,
        "availability": "out_of_stock" if product.sold_out else "in_stock", "stock": product.stock,
        "condition": "new", "brand": site.config.title,
        "category": product.category.name if product.category else None, "tags": [t.name for t in product.tags],
        "options": [{"name": o.name, "values": [{"label": v.label, "price": price_text(v.price, cur)} for v in o.values]}
                    for o in product.options],
        "rating": product.rating, "review_count": len([r for r in product.reviews if r.rating]),
        "date": iso_date(product.date) if product.date else None, "featured": product.featured,
    }


def products_json(site: Site, abs_url: AbsUrl) -> bytes:
    shop = site.config
    data = {
        "shop": {"title": shop.title, "url": abs_url(""), "language": shop.language, "currency": shop.currency,
                 "seller": shop.seller["name"]},
        "products": [product_record(p, site, abs_url) for p in live(site)[0]],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def merchant_items(product: Product, site: Site, abs_url: AbsUrl) -> list[dict[str, Any]]:
    """Merchant Center items: one, or one per value of the first option with its own prices (`item_group_id`)."""
    record = product_record(product, site, abs_url)
    base = {
        "g:id": record["id"], "g:title": record["title"], "g:description": record["description"], "g:link": record["url"],
        "g:image_link": record["images"][:1], "g:additional_image_link": record["images"][1:1 + MERCHANT_EXTRA_IMAGES],
        "g:availability": record["availability"], "g:condition": "new", "g:brand": record["brand"],
        "g:product_type": [record["category"]] if record["category"] else [], "g:identifier_exists": "no",
    }
    priced = next((o for o in product.options if len({v.price for v in o.values}) > 1), None)
    if priced is None:
        return [{**base, **_prices(product, product.prices[0])}]
    items = []
    for n, value in enumerate(priced.values, 1):
        items.append({**base, "g:id": f"{record['id']}-{n}", "g:title": f"{product.title} ({value.label})",
                      "g:item_group_id": record["id"], **_prices(product, value.price)})
    return items


def _prices(product: Product, price: Decimal) -> dict[str, str]:
    """`g:price` is the regular price; with a higher `compare_at` that becomes g:price and the price g:sale_price."""
    cur = product.currency
    if product.compare_at is not None and product.compare_at > price and price == product.price:
        return {"g:price": f"{price_text(product.compare_at, cur)} {cur}", "g:sale_price": f"{price_text(price, cur)} {cur}"}
    return {"g:price": f"{price_text(price, cur)} {cur}"}


def merchant_feed(site: Site, abs_url: AbsUrl) -> bytes:
    shop = site.config
    root = ET.Element("rss", {"version": "2.0", "xmlns:g": GOOGLE})
    channel = _el(root, "channel")
    _el(channel, "title", shop.title)
    _el(channel, "link", abs_url(""))
    _el(channel, "description", shop.tagline or shop.title)
    for product in live(site)[0]:
        for fields in merchant_items(product, site, abs_url):
            item = _el(channel, "item")
            for tag, value in fields.items():
                for text in value if isinstance(value, list) else [value]:
                    limit = MERCHANT_TITLE if tag == "g:title" else len(text)
                    _el(item, tag, text[:limit])
    return _xml(root)
