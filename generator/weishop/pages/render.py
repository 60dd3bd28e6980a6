"""Pages of the site: which exist, what each template sees, and the rendered HTML.

Contexts come from the model only; templates are parsed once per build.
"""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from weishop.media.images import ImageIndex, body_pictures
from weishop.pages import orders, seo
from weishop.pages.spec import HOME_LIMIT, PageSpec, made_from
from weishop.utils import colors, l10n
from weishop.content.model import Product, Site
from weishop.pages.theming import Theme


class Renderer:
    """Holds the Jinja environment and the site-wide template globals for one build."""

    def __init__(self, site: Site, theme: Theme, dev_script: str = "", images: ImageIndex | None = None, version: str = ""):
        """`images`: the photo index of this build (its plans shape the pages); `version`: the site version
        (pagecache.site_version) under which product cards are kept across the builds of one process."""
        self.site = site
        self.theme = theme
        self.images = images or ImageIndex(site, cache_dir=theme.cache_dir)
        shop = site.config
        self.strings = l10n.load_strings(theme.i18n_dirs, shop.language)
        self.env = theme.environment()
        self.env.filters.update(money=self.money, date=self.date, json=json_for_script)
        self.env.globals["jsonld"] = lambda spec: seo.page_jsonld(spec, site, self.abs_url, self.t)
        self.version = version or f"renderer {next(_renderers)}"  # without a site version, cards are this renderer's own
        self.env.globals.update(
            card=self.card, home_limit=HOME_LIMIT,
            shop=shop, site=site, seller=shop.seller, url=self.url, abs_url=self.abs_url, asset=self.asset,
            t=self.t, money=self.money, lang=shop.language, money_range=self.money_range, dev_script=dev_script,
            was_price=self.was_price,  # the posters' old price (partials/poster.html), as the share cards print it
            on_accent=colors.text_on(shop.accent), accent_text=colors.accent_text(shop.accent),
            accent_fill=colors.accent_fill(shop.accent), accent_text_dark=colors.accent_text(shop.accent, dark=True),
        )
        self.orders = orders.OrderTools(site, self.t, self.abs_url, self.url)  # order links and shop.js data
        self.env.globals["orders"] = self.orders
        self.env.globals["images"] = self.images  # srcset variants by Image.path
        self.env.filters["pictures"] = self.pictures

    def pictures(self, html: str, title: str = "") -> Markup:
        """The `pictures` filter: a Markdown body's <img> tags as responsive <picture>s."""
        macro = self.env.get_template("partials/media.html").module.picture  # type: ignore[attr-defined]
        return body_pictures(html, self.images, macro, title)

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

    def was_price(self, product: Product) -> str:
        """The struck-through "was" price of share images and browser posters ("" unless it is above the lowest price)."""
        if product.compare_at is not None and product.compare_at > product.prices[0]:
            return self.money(product.compare_at, product.currency)
        return ""

    def date(self, value: Any, style: str = "long") -> str:
        return l10n.date(value, self.site.config.language, style)

    def card(self, product: Product) -> Markup:
        """A product's card HTML, rendered once: grids on listings, home and related reuse it.

        With the site version set (build/pipeline.py), cards are also kept for the next build of this
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


