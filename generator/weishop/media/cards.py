"""Share images (1200×630 PNG) for Open Graph and X cards: photo, title, price, shop name, accent colour.

One per product (`share/<slug>.png`), per story (`share/stories/<slug>.png`, so a story may share
a product's slug) and one for the home (`share/index.png`), used by every other page. Images are
drawn in worker processes and cached by their inputs: an unchanged product is never redrawn.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PIL import Image, ImageDraw

from weishop.utils import colors
from weishop.utils.cache import content_key, file_key
from weishop.media.drawing import drawable, ellipsize, initial_tile, photo_or_none, png_bytes, rgb, round_photo, strike, text_block
from weishop.media.fonts import FontPair


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

    def simpler(self) -> list[tuple["CardSpec", str]]:
        """What to draw when this cannot be drawn, and how to say it (draw_within_limits)."""
        return [(replace(self, photo=None), "without the photo")] if self.photo else []


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


def domain(base_url: str) -> str:
    parts = urlsplit(base_url)
    return (parts.netloc + parts.path).rstrip("/")


def spec_key(spec: Any, layout: str, photos: tuple[str, ...]) -> str:
    """Cache key: the spec's fields, the content of its photos (the photo, a poster's avatar), the font files, the layout."""
    fields = {name: value for name, value in vars(spec).items() if name != "fonts"}
    return content_key(layout, json.dumps(fields, sort_keys=True, ensure_ascii=False), spec.fonts.key, *photos)


def photo_files(spec: Any, known: dict[str, str]) -> tuple[str, ...]:
    """Content keys of the spec's photo files: the image stage's (no re-reading), else of their bytes; "" when missing."""
    paths = [getattr(spec, "photo", None), getattr(spec, "avatar", None)]
    return tuple(known.get(p) or (file_key(Path(p)) if os.path.isfile(p) else "") for p in paths if p)
