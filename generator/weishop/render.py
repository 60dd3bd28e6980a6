"""Pages of the site: which exist, what each template sees, and the rendered HTML.

Contexts come from the model only; templates are parsed once per build.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from . import colors, images, l10n, orders, seo
from .model import Product, Site, made_from
from .theming import Theme


@dataclass
class PageSpec:
    """One page to render: output path, template, and what it shows."""

    path: str  # output file, e.g. products/x/index.html
    template: str
    url: str  # site-relative URL, e.g. products/x/
    title: str
    context: dict[str, Any]
    description: str = ""
    kind: str = "website"  # og:type-like: website | product | article
    image: Any = None  # model Image used for sharing, if any
    noindex: bool = False
    origin: str = ""  # the seller's file this page comes from, for messages


def list_pages(site: Site) -> Iterator[PageSpec]:
    shop = site.config
    yield PageSpec("index.html", "home.html", "", shop.title, {}, shop.tagline or shop.seller.get("bio", ""), image=site.avatar)
    for product in site.products:
        yield PageSpec(f"{product.url}index.html", "product.html", product.url, product.title,
                       {"product": product, "related": site.related(product)},
                       product.summary, "product", product.image, origin=product.source)
    yield from _paged("products/", "all_products", site.products, (), {})
    for listing in site.categories + site.tags:
        heading_key = "tagged" if listing.term.kind == "tags" else ""
        yield from _paged(listing.term.url, heading_key, listing.products, listing.stories,
                          {"name": listing.term.name})
    for number, page_url, pager in _pages("stories/", len(site.stories)):
        yield PageSpec(f"{page_url}index.html", "stories.html", page_url, "",
                       {"stories": site.stories[(number - 1) * PER_PAGE : number * PER_PAGE], "pager": pager}, "")
    for story in site.stories:
        yield PageSpec(f"{story.url}index.html", "story.html", story.url, story.title,
                       {"story": story, "products": site.story_products(story)}, story.summary, "article", story.cover, origin=story.source)
    for page in site.pages:
        yield PageSpec(f"{page.url}index.html", "page.html", page.url, page.title, {"page_entity": page}, page.summary, origin=page.source)
    # Crawlable on purpose (a `noindex` cart costs the page its SEO score) but left out of the sitemap.
    yield PageSpec("cart/index.html", "cart.html", "cart/", "", {}, "")  # empty until shop.js fills it
    yield PageSpec("order/index.html", "order.html", "order/", "", {}, "", noindex=True)  # reads the order from #fragment
    yield PageSpec("404.html", "404.html", "404.html", "", {}, "", noindex=True)


PER_PAGE = 48  # cards per listing page: enough to browse, light enough for a phone on mobile data
HOME_LIMIT = 48


@dataclass(frozen=True)
class Pager:
    number: int
    pages: int
    count: int
    prev: str | None
    next: str | None


def _pages(url: str, count: int) -> Iterator[tuple[int, str, Pager]]:
    """(number, url, pager) of a list of `count` items split into pages of PER_PAGE: `url`, then `url`page/2/ …"""
    pages = max(1, -(-count // PER_PAGE))
    for number in range(1, pages + 1):
        page_url = url if number == 1 else f"{url}page/{number}/"
        yield number, page_url, Pager(number, pages, count,
                                      prev=None if number == 1 else (url if number == 2 else f"{url}page/{number - 1}/"),
                                      next=f"{url}page/{number + 1}/" if number < pages else None)


def _paged(url: str, heading_key: str, products: Any, stories: Any, extra: dict[str, Any]) -> Iterator[PageSpec]:
    """A product listing in pages of PER_PAGE; stories only on the first."""
    for number, page_url, pager in _pages(url, len(products)):
        context = {"products": products[(number - 1) * PER_PAGE : number * PER_PAGE], "stories": stories if number == 1 else (),
                   "pager": pager, "heading_key": heading_key, **extra}
        title = extra.get("name", "")
        yield PageSpec(f"{page_url}index.html", "listing.html", page_url, title, context, "")


class Renderer:
    """Holds the Jinja environment and the site-wide template globals for one build."""

    def __init__(self, site: Site, theme: Theme, dev_script: str = ""):
        self.site = site
        self.theme = theme
        shop = site.config
        self.strings = l10n.load_strings(theme.i18n_dirs, shop.language)
        self.env = theme.environment()
        self.env.filters.update(money=self.money, date=self.date, json=json_for_script)
        self.env.globals["jsonld"] = lambda spec: seo.page_jsonld(spec, site, self.abs_url, self.t)
        self.version = f"renderer {next(_renderers)}"  # build.py sets pagecache.site_version; until then cards are this renderer's own
        self.env.globals.update(
            card=self.card, home_limit=HOME_LIMIT,
            shop=shop, site=site, seller=shop.seller, url=self.url, abs_url=self.abs_url, asset=self.asset,
            t=self.t, money=self.money, lang=shop.language, money_range=self.money_range, dev_script=dev_script,
            on_accent=colors.text_on(shop.accent), accent_text=colors.accent_text(shop.accent),
            accent_fill=colors.accent_fill(shop.accent), accent_text_dark=colors.accent_text(shop.accent, dark=True),
        )
        self.env.globals["orders"] = orders.OrderTools(site, self.t, self.abs_url, self.url)  # order links and shop.js data
        images.install(self)  # `images` lookup (srcset variants by Image.path) and the `pictures` body filter

    def t(self, key: str, **values: Any) -> str:
        """A UI string in the shop's language; `{name}` placeholders filled from `values`."""
        text = self.strings.get(key, key)
        return text.format(**values) if values else text

    def url(self, rel: str) -> str:
        """Site-relative path under base_url's path, percent-encoded: `/tea/products/x/`."""
        return self.site.config.base_path + quote(rel.lstrip("/"), safe="/#?=&%")

    def abs_url(self, rel: str) -> str:
        return self.site.config.base_url + quote(rel.lstrip("/"), safe="/#?=&%")

    def asset(self, logical: str) -> str:
        if logical not in self.theme.assets:
            raise jinja2.TemplateRuntimeError(f"theme file static/{logical} not found in {', '.join(str(f) for f in self.theme.folders)}")
        return self.url(self.theme.assets[logical])

    def money(self, amount: Decimal, currency: str | None = None) -> str:
        return l10n.money(amount, currency or self.site.config.currency, self.site.config.language)

    def money_range(self, product: Product) -> str:
        prices = product.prices
        if len(prices) == 1:
            return self.money(prices[0], product.currency)
        return self.t("price_from", price=self.money(prices[0], product.currency))

    def date(self, value: Any, style: str = "long") -> str:
        return l10n.date(value, self.site.config.language, style)

    def card(self, product: Product) -> Markup:
        """A product's card HTML, rendered once: grids on listings, home and related reuse it.

        With the site version set (build.py), cards are also kept for the next build of this
        process (`weishop serve`) while the version and the product stay the same.
        """
        if self.version != _cards.version:
            _cards.version, _cards.html = self.version, {}
        key = (product.slug, made_from(product))
        html = _cards.html.get(key)
        if html is None:
            html = _cards.html[key] = Markup(self.env.get_template("partials/card.html").render(p=product))
        return html

    def render(self, spec: PageSpec) -> str:
        template = self.env.get_template(spec.template)
        return template.render(spec=spec, **spec.context)


class _CardMemo:
    version = ""
    html: dict[tuple[str, str], Markup] = {}


_cards = _CardMemo()  # cards of the current site version, across the builds of one process
_renderers = itertools.count()


def json_for_script(value: Any) -> Markup:
    """JSON safe inside <script>: `<`, `>`, `&` escaped so `</script>` cannot end the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


