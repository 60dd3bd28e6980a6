"""Output stage: a poster (750×1334, with a QR code of the product's link) for every product."""

from __future__ import annotations

from typing import Iterator

from weishop.build.outputs.cards import draw_cached, shop_fonts
from weishop.build.stage import StageInput
from weishop.media.posters import LAYOUT_VERSION, PosterSpec, draw_poster, poster_path
from weishop.publish.files import Output


def posters(stage: StageInput) -> Iterator[tuple[str, Output]]:
    """Build stage: a poster for every product."""
    site, renderer = stage.site, stage.renderer
    shop = site.config
    fonts = shop_fonts(stage, report=False)  # the share cards stage reports font problems once
    items = []
    for product in site.products:
        items.append((poster_path(product.slug), product.source, PosterSpec(
            title=product.title, url=renderer.abs_url(product.url), price=renderer.money_range(product), was=renderer.was_price(product),
            summary=renderer.t("sold_out") if product.sold_out else product.summary,
            seller=shop.seller.get("name", ""), shop=shop.title, scan_hint=renderer.t("poster_scan"),
            accent=shop.accent, photo=str(product.image.source) if product.image else None,
            avatar=str(site.avatar.source) if site.avatar else None, fonts=fonts, home=renderer.abs_url(""))))
    yield from draw_cached(stage, "posters", items, draw_poster, LAYOUT_VERSION, "posters", "poster")
