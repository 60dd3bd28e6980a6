"""Files for machines: sitemap.xml, robots.txt, feed.xml (Atom), products.xml (Google Merchant) and products.json.

Written as text with every value escaped (`_text`, `_attr`), byte for byte what ElementTree
with `ET.indent` wrote before, at a fraction of its cost. Output is stable: model order, no
build clock, no file times. Dates come from the front matter, else from the file's last commit
(history.py; clamped to SOURCE_DATE_EPOCH when it is set, as reproducible builds expect); an entry
without either has none where the format allows it, and SOURCE_DATE_EPOCH (else 1970) where Atom
insists on one. Drafts never appear, not even in a `--drafts`
preview build. A product's parts of the files are remembered by its token, so a rebuild in
`weishop serve` redoes only the products that changed.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import os
import re
from decimal import Decimal
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, Iterator, NamedTuple

from markupsafe import escape

from weishop.content import history
from weishop.content.history import NO_DATES, Dates, utc
from weishop.utils import l10n
from weishop.content.model import Image, Page, Product, Site, Story
from weishop.pages.seo import AbsUrl, description, image_urls, iso_date, price_text
from weishop.publish.files import Output

if TYPE_CHECKING:
    from weishop.build.stage import StageInput

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_IMAGE = "http://www.google.com/schemas/sitemap-image/1.1"
GOOGLE = "http://base.google.com/ns/1.0"
FEED_ENTRIES = 50  # newest stories and products in feed.xml
MERCHANT_TITLE = 150  # Google Merchant limits
MERCHANT_EXTRA_IMAGES = 10
XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # text with none of these is written as it is
Entity = Product | Story | Page


def feed_files(stage: StageInput) -> Iterator[tuple[str, Output]]:
    """The build stage (build.OUTPUT_STAGES): every machine-readable file, unless the seller ships their own."""
    site, abs_url = stage.site, stage.renderer.abs_url
    dates = Dates(history.commit_times(stage.options.shop.absolute(), stage.state.commits), source_date_epoch(os.environ.get("SOURCE_DATE_EPOCH")))
    parts = product_parts(site, abs_url, dates, stage.state.feed_parts)
    files = {
        "sitemap.xml": lambda: sitemap_xml(site, abs_url, dates, parts),
        "robots.txt": lambda: robots_txt(abs_url),
        "feed.xml": lambda: atom_feed(site, abs_url, dates),
        "products.xml": lambda: merchant_feed(site, abs_url, parts),
        "products.json": lambda: products_json(site, abs_url, parts),
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

def published(entity: Product | Story, dates: Dates = NO_DATES) -> dt.datetime | None:
    """When it went up: the front matter date, else its file's last commit."""
    return entity.date or dates.changed(entity)


def modified(entity: Entity, dates: Dates = NO_DATES) -> dt.datetime | None:
    """Last change: the newer of its date and its file's last commit."""
    found = [d for d in (getattr(entity, "date", None), dates.changed(entity)) if d]
    return max(found) if found else None


def rfc3339(value: dt.datetime) -> str:
    """Atom wants a zone; content dates carry none, so they are written as UTC."""
    return value.replace(microsecond=0).isoformat() + "Z"


def _newest(dates: Any) -> dt.datetime | None:
    found = [d for d in dates if d]
    return max(found) if found else None


# --- XML as text ---------------------------------------------------------------------------------

_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_ATTR_ESCAPES = (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _escaped(value: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for char, reference in escapes:
        if char in value:
            value = value.replace(char, reference)
    return value


def _text(value: str) -> str:
    """Element text: characters XML forbids dropped, then escaped as ElementTree does."""
    if not _SPECIAL.search(value):
        return value
    return _escaped(_NOT_XML.sub("", value), _TEXT_ESCAPES)


def _attr(value: str) -> str:
    """An attribute value in double quotes; line breaks and tabs as references, as ElementTree writes them."""
    return _escaped(_text(value), _ATTR_ESCAPES)


def _leaf(tag: str, text: str = "", **attrs: str) -> str:
    """One element without children; `xml__base` is written `xml:base`."""
    head = tag + "".join(f' {name.replace("__", ":")}="{_attr(value)}"' for name, value in attrs.items())
    text = _text(text)
    return f"<{head}>{text}</{tag}>" if text else f"<{head} />"


def _node(tag: str, children: list[str], depth: int, head: str = "") -> str:
    """An element holding `children` (already indented for depth + 1), two spaces per level."""
    inner = "\n" + "  " * (depth + 1)
    return f"<{tag}{head}>{inner}{inner.join(children)}\n{'  ' * depth}</{tag}>"


def _utf8(xml: str) -> bytes:
    return xml.encode("utf-8", "xmlcharrefreplace")


def _document(tag: str, head: str, children: list[str]) -> bytes:
    return _utf8(XML_HEAD + _node(tag, children, 0, head) + "\n")


def live(site: Site) -> tuple[list[Product], list[Story], list[Page]]:
    """What the public sees: everything but drafts (a --drafts build still keeps them out of feeds)."""
    return ([p for p in site.products if not p.draft], [s for s in site.stories if not s.draft],
            [p for p in site.pages if not p.draft])


# --- a product's parts, remembered by its token ----------------------------------------------------

class Parts(NamedTuple):
    """A product's text in products.json, products.xml and sitemap.xml, UTF-8."""

    record: bytes
    items: bytes
    url: bytes
    lastmod: dt.datetime | None


def product_parts(site: Site, abs_url: AbsUrl, dates: Dates = NO_DATES,
                  known: dict[tuple[Any, ...], Parts] | None = None) -> list[Parts]:
    """Each live product's parts; those of products unchanged since the last build (`known`, a build state's) are reused.

    The key is the token (the product's source and images) and everything else the text is made
    from: the shop's title and address, the currency, category and tag names (spelt as the first
    product that used them), the last change date."""
    known = {} if known is None else known
    shop = (getattr(abs_url, "__qualname__", ""), abs_url(""), site.config.title)
    fresh, out = {}, []
    for product in live(site)[0]:
        lastmod = modified(product, dates)
        category = product.category.name if product.category else None
        key = (product.token, product.currency, category, tuple(t.name for t in product.tags), lastmod, shop)
        parts = known.get(key) if product.token else None
        if parts is None:
            parts = _make_parts(product, site, abs_url, lastmod)
        if product.token:
            fresh[key] = parts
        out.append(parts)
    known.clear()  # only this build's products: a long `weishop serve` session does not grow
    known.update(fresh)
    return out


def _make_parts(product: Product, site: Site, abs_url: AbsUrl, lastmod: dt.datetime | None) -> Parts:
    record = product_record(product, site, abs_url)
    items = "\n    ".join(_node("item", [_leaf(tag, text) for tag, text in _merchant_fields(item)], 2)
                          for item in merchant_items(product, site, abs_url, record))
    return Parts(_json(record, "\n    ").encode("utf-8"), _utf8(items),
                 _utf8(_sitemap_url(record["url"], lastmod, record["images"])), lastmod)


# --- sitemap and robots --------------------------------------------------------------------------

def _sitemap_url(url: str, lastmod: dt.datetime | None, image_urls: list[str]) -> str:
    """A <url>: its absolute address, last change and images."""
    children = [_leaf("loc", url)]
    if lastmod:
        children.append(_leaf("lastmod", lastmod.date().isoformat()))
    for image in image_urls:
        children.append(_node("image:image", [_leaf("image:loc", image)], 2))
    return _node("url", children, 1)


def sitemap_xml(site: Site, abs_url: AbsUrl, dates: Dates = NO_DATES, parts: list[Parts] | None = None) -> bytes:
    """All indexable pages with absolute URLs, `lastmod` (date only: content dates carry no zone) and images."""
    parts = product_parts(site, abs_url, dates) if parts is None else parts
    products, stories, pages = live(site)
    lastmods = {product.slug: part.lastmod for product, part in zip(products, parts)}
    rows: list[tuple[str, dt.datetime | None, list[Image]]] = []
    for listing in site.categories + site.tags:
        changes = [lastmods[p.slug] for p in listing.products if p.slug in lastmods]
        changes += [modified(s, dates) for s in listing.stories if not s.draft]
        if changes:
            rows.append((listing.term.url, _newest(changes), []))
    rows.append(("stories/", _newest(modified(s, dates) for s in stories), []))
    for story in stories:
        rows.append((story.url, modified(story, dates), [story.cover] if story.cover else []))
    for page in pages:
        rows.append((page.url, modified(page, dates), []))
    home = _sitemap_url(abs_url(""), _newest([*(p.lastmod for p in parts), *(r[1] for r in rows)]),
                        image_urls([site.avatar] if site.avatar else [], abs_url))
    head = f'{XML_HEAD}<urlset xmlns="{SITEMAP}" xmlns:image="{SITEMAP_IMAGE}">\n  {home}'
    rest = "".join(f"\n  {_sitemap_url(abs_url(rel), lastmod, image_urls(images, abs_url))}" for rel, lastmod, images in rows)
    return b"\n  ".join([_utf8(head), *(p.url for p in parts)]) + _utf8(rest + "\n</urlset>\n")


def robots_txt(abs_url: AbsUrl) -> bytes:
    """Everything may be crawled (post kits and order pages say `noindex` themselves); names the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {abs_url('sitemap.xml')}\n".encode()


# --- Atom ----------------------------------------------------------------------------------------

def atom_feed(site: Site, abs_url: AbsUrl, dates: Dates = NO_DATES) -> bytes:
    """Stories and products, newest first, full text; ids are the permanent page URLs."""
    shop = site.config
    products, stories, _ = live(site)
    dated = [(published(e, dates), e) for e in [*stories, *products]]
    entries = heapq.nsmallest(FEED_ENTRIES, dated, key=lambda item: (-(item[0] or utc(0)).timestamp(), item[1].kind, item[1].slug))
    fallback = dates.stable
    home = abs_url("")
    children = [_leaf("id", home), _leaf("title", shop.title)]
    if shop.tagline:
        children.append(_leaf("subtitle", shop.tagline))
    children += [
        _leaf("updated", rfc3339((entries[0][0] if entries else None) or fallback)),
        _node("author", [_leaf("name", shop.seller["name"]), _leaf("uri", home)], 1),
        _leaf("link", rel="alternate", type="text/html", href=home),
        _leaf("link", rel="self", type="application/atom+xml", href=abs_url("feed.xml")),
    ]
    if site.avatar:
        children.append(_leaf("logo", abs_url(site.avatar.path)))
    children.append(_leaf("generator", "weishop"))
    for when, entity in entries:
        url = abs_url(entity.url)
        entry = [_leaf("id", url), _leaf("title", entity.title), _leaf("link", rel="alternate", type="text/html", href=url)]
        entry += [_leaf("published", rfc3339(when)), _leaf("updated", rfc3339(when))] if when else [_leaf("updated", rfc3339(fallback))]
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
            entry.append(_leaf("summary", summary))
        # body links are site-absolute paths (/tea/…) or relative to the page: xml:base resolves both
        entry.append(_leaf("content", html, type="html", xml__base=url))
        for term in dict.fromkeys(terms + [t.name for t in entity.tags]):  # a category may also be a tag
            entry.append(_leaf("category", term=term))
        children.append(_node("entry", entry, 1))
    return _document("feed", f' xmlns="{ATOM}" xml:lang="{_attr(shop.language)}"', children)


def _product_html(product: Product, abs_url: AbsUrl, price: str) -> str:
    image = f'<p><img src="{escape(abs_url(product.image.path))}" alt="{escape(product.image.alt)}"></p>' if product.image else ""
    return f"{image}<p><strong>{escape(price)}</strong></p>{product.body_html}"


# --- products: Google Merchant RSS and JSON ------------------------------------------------------

def product_record(product: Product, site: Site, abs_url: AbsUrl) -> dict[str, Any]:
    """One product as plain data: the base of products.json and of each Merchant item."""
    cur = product.currency
    prices = product.prices
    return {
        "id": product.sku, "slug": product.slug, "title": product.title, "url": abs_url(product.url),
        "description": description(product), "summary": product.summary,
        "images": image_urls(product.images, abs_url),
        "price": price_text(prices[0], cur), "max_price": price_text(prices[-1], cur), "currency": cur,
        "compare_at": price_text(product.compare_at, cur) if product.compare_at is not None else None,
        "availability": "out_of_stock" if product.sold_out else "in_stock", "stock": product.stock,
        "condition": "new", "brand": site.config.title,
        "category": product.category.name if product.category else None, "tags": [t.name for t in product.tags],
        "options": [{"name": o.name, "values": [{"label": v.label, "price": price_text(v.price, cur)} for v in o.values]}
                    for o in product.options],
        "rating": product.rating, "review_count": len([r for r in product.reviews if r.rating]),
        "date": iso_date(product.date) if product.date else None, "featured": product.featured,
    }


def _json(value: Any, newline: str = "\n") -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` nested at `newline`'s depth; the C string encoder does the escaping."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if isinstance(value, (bool, float)):
        return json.dumps(value)
    if isinstance(value, int):
        return int.__repr__(value)
    inner = newline + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        fields = [f"{encode_basestring(k)}: {encode_basestring(v) if v.__class__ is str else _json(v, inner)}"
                  for k, v in value.items()]
        return "{" + inner + ("," + inner).join(fields) + newline + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join(_json(v, inner) for v in value) + newline + "]"
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def products_json(site: Site, abs_url: AbsUrl, parts: list[Parts] | None = None) -> bytes:
    shop = site.config
    head = _json({"title": shop.title, "url": abs_url(""), "language": shop.language, "currency": shop.currency,
                  "seller": shop.seller["name"]}, "\n  ")
    records = [p.record for p in (product_parts(site, abs_url) if parts is None else parts)]
    if not records:
        return f'{{\n  "shop": {head},\n  "products": []\n}}\n'.encode("utf-8")
    return f'{{\n  "shop": {head},\n  "products": [\n    '.encode("utf-8") + b",\n    ".join(records) + b"\n  ]\n}\n"


def merchant_items(product: Product, site: Site, abs_url: AbsUrl, record: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Merchant Center items: one, or one per value of the first option with its own prices (`item_group_id`)."""
    record = record or product_record(product, site, abs_url)
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


def _merchant_fields(item: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(tag, text) per element: a list is one element per value; titles cut to Merchant's limit."""
    for tag, value in item.items():
        for text in value if isinstance(value, list) else [value]:
            yield tag, text[:MERCHANT_TITLE] if tag == "g:title" else text


def _prices(product: Product, price: Decimal) -> dict[str, str]:
    """`g:price` is the regular price; with a higher `compare_at` that becomes g:price and the price g:sale_price."""
    cur = product.currency
    if product.compare_at is not None and product.compare_at > price and price == product.price:
        return {"g:price": f"{price_text(product.compare_at, cur)} {cur}", "g:sale_price": f"{price_text(price, cur)} {cur}"}
    return {"g:price": f"{price_text(price, cur)} {cur}"}


def merchant_feed(site: Site, abs_url: AbsUrl, parts: list[Parts] | None = None) -> bytes:
    shop = site.config
    top = [_leaf("title", shop.title), _leaf("link", abs_url("")), _leaf("description", shop.tagline or shop.title)]
    head = f'{XML_HEAD}<rss version="2.0" xmlns:g="{GOOGLE}">\n  <channel>\n    ' + "\n    ".join(top)
    items = [p.items for p in (product_parts(site, abs_url) if parts is None else parts)]
    return b"\n    ".join([_utf8(head), *items]) + b"\n  </channel>\n</rss>\n"
