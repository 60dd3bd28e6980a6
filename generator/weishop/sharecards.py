"""Share images (1200×630 PNG) for Open Graph and X cards: photo, title, price, shop name, accent colour.

One per product (`share/<slug>.png`), per story (`share/stories/<slug>.png`, so a story may share
a product's slug) and one for the home (`share/index.png`), used by every other page. Images are
drawn in worker processes and cached by their inputs: an unchanged product is never redrawn.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator
from urllib.parse import urlsplit

from PIL import Image, ImageDraw

from . import colors
from .cache import Cache, content_key, entry, file_key
from .drawing import drawable, ellipsize, initial_tile, photo_or_none, png_bytes, rgb, round_photo, strike, text_block
from .fonts import INSTALL_HINT, FontPair, find_fonts, missing_chars
from .imagework import Job, run_jobs
from .writer import Output

if TYPE_CHECKING:
    from .build import StageInput

CARD_SIZE = (1200, 630)
LAYOUT_VERSION = "card-5"  # bump when the drawing changes: every cached card is redrawn
WHITE = (255, 255, 255)
DARK = (26, 26, 26)
GREY = (102, 102, 102)


def card_path(kind: str, slug: str = "") -> str:
    """Output path of a share image; templates build the same paths (partials/meta.html)."""
    if kind == "product":
        return f"share/{slug}.png"
    if kind == "story":
        return f"share/stories/{slug}.png"
    return "share/index.png"


@dataclass(frozen=True)
class CardSpec:
    """Everything a card shows, as plain data: also the cache key's input."""

    title: str
    eyebrow: str = ""  # small line above the title: shop name, "Story · date", seller
    price: str = ""
    was: str = ""  # the struck-through old price
    body: str = ""  # summary, tagline or "Sold out"
    footer: str = ""  # the shop's domain, in the accent band
    accent: str = "#b5452b"
    photo: str | None = None  # source file, read by the worker
    round: bool = False  # the seller's avatar: a circle on the accent colour
    title_size: int = 54
    fonts: FontPair = field(default_factory=lambda: FontPair(None, None))


def draw_card(spec: CardSpec) -> bytes:
    """The card as PNG bytes (runs in a worker process)."""
    width, height = CARD_SIZE
    accent, on_accent = rgb(spec.accent), rgb(colors.text_on(spec.accent))
    accent_text = rgb(colors.readable_on_white(spec.accent))
    card = Image.new("RGB", CARD_SIZE, WHITE)
    square = (height, height)
    picture = photo_or_none(spec.photo, (800, 800) if spec.round else square)
    if picture and spec.round:
        left = Image.new("RGB", square, accent)
        left.paste(round_photo(picture, 400, accent), ((height - 400) // 2, (height - 400) // 2))
    elif picture:
        left = picture
    else:
        left = initial_tile(square, spec.title[:1], spec.fonts.load(300, bold=True), accent, on_accent)
    card.paste(left, (0, 0))
    draw = ImageDraw.Draw(card)
    x, text_width = height + 56, width - height - 112
    band_top = height - 84
    draw.rectangle((height, band_top, width, height), fill=accent)
    y = text_block(draw, x, 50, spec.eyebrow, spec.fonts.load(28, bold=True), accent_text, text_width, 1) + 14
    y = text_block(draw, x, y, spec.title, spec.fonts.load(spec.title_size, bold=True), DARK, text_width, 3, spacing=1.25)
    if spec.price:
        y = _price(draw, x, y + 14, spec, text_width, accent_text)
    body_font = spec.fonts.load(30)
    room = max(0, (band_top - 20 - y) // int(30 * 1.35))
    if spec.body and room:
        text_block(draw, x, y + 6, spec.body, body_font, GREY, text_width, min(3, room), spacing=1.35)
    if spec.footer:
        font = spec.fonts.load(26)
        footer = drawable(spec.footer, font)
        if font.getlength(footer) > text_width:
            footer = ellipsize(footer, font, text_width)
        draw.text((x, band_top + 42), footer, font=font, fill=on_accent, anchor="lm")
    return png_bytes(card)


def _price(draw: ImageDraw.ImageDraw, x: int, y: int, spec: CardSpec, width: int, color: tuple[int, int, int]) -> int:
    font = spec.fonts.load(60, bold=True)
    price = drawable(spec.price, font)
    if font.getlength(price) > width:
        price = ellipsize(price, font, width)
    baseline = y + 62
    draw.text((x, baseline), price, font=font, fill=color, anchor="ls")
    right = x + int(font.getlength(price)) + 20
    was_font = spec.fonts.load(32)
    if spec.was and right + was_font.getlength(spec.was) <= x + width:
        strike(draw, right, baseline, drawable(spec.was, was_font), was_font, GREY)
    return baseline + 24


# --- the build stage -----------------------------------------------------------------------------


def shop_fonts(stage: "StageInput", texts: tuple[str, ...] = (), report: bool = True) -> FontPair:
    """The fonts for this shop; a missing `share.font` file is an error, glyphs missing from `texts` a warning."""
    config = stage.site.config
    configured = config.share.get("font")
    line = config.lines.get("share", 0)
    if configured:
        path = Path(configured).expanduser()
        path = path if path.is_absolute() else stage.options.shop.absolute() / path
        try:
            return find_fonts(config.language, path)
        except OSError as exc:
            if report:
                stage.problems.error("shop.yml", line, "share.font", f"cannot use '{configured}' as a font ({exc})",
                                     "give the path of a .ttf, .otf or .ttc file, relative to the shop folder")
            return FontPair(None, None)
    fonts = find_fonts(config.language)
    if report:
        missing = missing_chars(fonts.load(30), "".join(texts))
        if missing:
            stage.problems.warn("shop.yml", line, "share.font",
                                f"no font found for {missing[:10]!r}: share images and posters leave those characters out",
                                INSTALL_HINT)
    return fonts


def domain(base_url: str) -> str:
    parts = urlsplit(base_url)
    return (parts.netloc + parts.path).rstrip("/")


def card_specs(stage: "StageInput", fonts: FontPair) -> list[tuple[str, str, CardSpec]]:
    """(output path, the seller's file it comes from, what to draw) for every card of the site."""
    site, renderer = stage.site, stage.renderer
    shop = site.config
    footer = domain(shop.base_url)
    seller = shop.seller
    specs = [(card_path("home"), "shop.yml", CardSpec(
        title=shop.title, eyebrow=" · ".join(v for v in (seller.get("name", ""), seller.get("location", "")) if v),
        body=shop.tagline or seller.get("bio", ""), footer=footer, accent=shop.accent,
        photo=str(site.avatar.source) if site.avatar else None, round=True, title_size=72, fonts=fonts))]
    for product in site.products:
        was = ""
        if product.compare_at is not None and product.compare_at > product.prices[0]:
            was = renderer.money(product.compare_at, product.currency)
        specs.append((card_path("product", product.slug), product.source, CardSpec(
            title=product.title, eyebrow=shop.title, price=renderer.money_range(product), was=was,
            body=renderer.t("sold_out") if product.sold_out else product.summary, footer=footer, accent=shop.accent,
            photo=str(product.image.source) if product.image else None, fonts=fonts)))
    for story in site.stories:
        specs.append((card_path("story", story.slug), story.source, CardSpec(
            title=story.title, eyebrow=f"{shop.title} · {renderer.date(story.date)}", body=story.summary,
            footer=footer, accent=shop.accent, photo=str(story.cover.source) if story.cover else None, fonts=fonts)))
    return specs


def spec_key(spec: Any, layout: str, photos: tuple[str, ...]) -> str:
    """Cache key: the spec's fields, the content of its photos (the photo, a poster's avatar), the font files, the layout."""
    fields = {name: value for name, value in vars(spec).items() if name != "fonts"}
    return content_key(layout, json.dumps(fields, sort_keys=True, ensure_ascii=False), spec.fonts.key, *photos)


def _photos(spec: Any, known: dict[str, str]) -> tuple[str, ...]:
    """Content keys of the spec's photo files: the image stage's (no re-reading), else of their bytes; "" when missing."""
    paths = [getattr(spec, "photo", None), getattr(spec, "avatar", None)]
    return tuple(known.get(p) or (file_key(Path(p)) if os.path.isfile(p) else "") for p in paths if p)


def photo_keys(stage: "StageInput") -> dict[str, str]:
    """Source file -> content key, for every content image the image stage planned."""
    index = getattr(stage.renderer, "images", None)
    return {str(index.images[path].source): plan.key for path, plan in index.plans.items() if plan.key} if index else {}


_seen: dict[str, dict[tuple[Any, ...], Path]] = {}  # namespace -> (spec, layout, photo keys) -> cache file, last build


def draw_cached(stage: "StageInput", namespace: str, items: list[tuple[str, str, Any]],
                draw: Callable[[Any], bytes], layout: str, title: str) -> Iterator[tuple[str, Output]]:
    """Outputs for `items` (path, origin, spec): cached files as they are, the rest drawn in parallel."""
    cache = Cache(stage.options.shop)
    folder = str(cache.root / namespace)
    known = photo_keys(stage)
    seen, found = _seen.get(namespace, {}), {}
    missing: list[tuple[str, str, str]] = []
    jobs: list[Job] = []
    for path, origin, spec in items:
        inputs = (spec, layout, _photos(spec, known))
        cached = seen.get(inputs)
        if cached is None:
            key = spec_key(*inputs)
            cached = Path(entry(folder, key, ".png"))
        if os.path.isfile(cached):  # checked every build: the cache folder may have been deleted
            found[inputs] = cached
            yield path, Output(origin=origin, source=cached)
        else:
            missing.append((path, origin))
            jobs.append(Job(path, _draw_into_cache, (draw, spec, stage.options.shop, namespace, spec_key(*inputs))))
    _seen[namespace] = found
    for (path, origin), result in zip(missing, run_jobs(jobs, title=title)):
        if result.error:
            stage.problems.error(origin, 0, "image", f"could not draw {path}: {result.error}",
                                 "check that the photo opens in an image viewer")
            continue
        if isinstance(result.value, OSError):
            raise result.value  # a full or read-only disk stops the build with a clear message (cli.py), as in the parent
        yield path, Output(origin=origin, source=result.value)


def _draw_into_cache(draw: Callable[[Any], bytes], spec: Any, shop: Path, namespace: str, key: str) -> Path | OSError:
    """Runs in a worker: the PNG goes straight to the cache, only its path comes back (22,000 images of a
    10,000-product shop returned as bytes made the parent hold over a gigabyte)."""
    data = draw(spec)  # a photo that cannot be drawn is reported with its product
    try:
        return Cache(shop).put(namespace, key, data, ".png")
    except OSError as exc:  # not the photo's fault: handed back to the parent to raise
        return exc


def share_cards(stage: "StageInput") -> Iterator[tuple[str, Output]]:
    """Build stage: every share image of the site."""
    site = stage.site
    texts = (site.config.title, *(p.title for p in site.products), *(s.title for s in site.stories))
    fonts = shop_fonts(stage, texts)
    yield from draw_cached(stage, "share", card_specs(stage, fonts), draw_card, LAYOUT_VERSION, "share images")
