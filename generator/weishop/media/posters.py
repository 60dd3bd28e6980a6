"""Posters (750×1334 PNG, `posters/<slug>.png`) for WeChat Moments and chats: photo, title, price,
seller and avatar, and a QR code of the product's address.

WeChat users save images by long-pressing them and scan QR codes the same way, so a poster is
how a product travels where links do not (Moments shows a shared link as a small grey bar).
The QR code carries the seller's own link, without any referral code.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PIL import Image, ImageDraw

from weishop.utils import colors
from weishop.media.drawing import drawable, ellipsize, initial_tile, photo_or_none, png_bytes, rgb, round_photo, strike, text_block
from weishop.media.fonts import FontPair
from weishop.media.cards import DARK, GREY, WHITE


POSTER_SIZE = (750, 1334)  # the classic phone-screen poster: fills a phone when opened, small enough to send
LAYOUT_VERSION = "poster-4"
MARGIN = 48
QR_SIZE = 216


def poster_path(slug: str) -> str:
    return f"posters/{slug}.png"


@dataclass(frozen=True)
class PosterSpec:
    title: str
    url: str  # what the QR code opens: the product's absolute address
    price: str = ""
    was: str = ""
    summary: str = ""
    seller: str = ""
    shop: str = ""
    scan_hint: str = ""  # "long-press to scan" in the shop's language
    accent: str = "#b5452b"
    photo: str | None = None
    avatar: str | None = None
    fonts: FontPair = field(default_factory=lambda: FontPair(None, None))
    home: str = ""  # the shop's address: the QR code when the product's is too long for one

    def simpler(self) -> list[tuple["PosterSpec", str]]:
        """Fallbacks when the poster cannot be drawn (drawing.draw_within_limits)."""
        home = [(replace(self, url=self.home), "with the QR code of the shop's home page")] if self.home and self.home != self.url else []
        return home + [(replace(self, url=""), "without a QR code")]


def qr_image(url: str, size: int) -> Image.Image:
    """A black-on-white QR code of `url`, about `size` px, with a 2-module quiet zone (white poster around it)."""
    import segno  # here: it loads urllib and xml modules, ~15 ms a `weishop build` without new posters need not pay

    code = segno.make(url, error="m", micro=False)
    border = 2
    modules = code.symbol_size(scale=1, border=border)[0]
    scale = max(1, size // modules)
    image = Image.new("1", (modules, modules), 1)
    pixels = image.load()
    for row, bits in enumerate(code.matrix):
        for col, bit in enumerate(bits):
            if bit:
                pixels[col + border, row + border] = 0
    return image.resize((modules * scale, modules * scale), Image.Resampling.NEAREST).convert("RGB")


def draw_poster(spec: PosterSpec) -> bytes:
    """The poster as PNG bytes (runs in a worker process)."""
    width, height = POSTER_SIZE
    accent, on_accent = rgb(spec.accent), rgb(colors.text_on(spec.accent))
    accent_text = rgb(colors.readable_on_white(spec.accent))
    poster = Image.new("RGB", POSTER_SIZE, WHITE)
    top = photo_or_none(spec.photo, (width, width))
    if top is None:
        top = initial_tile((width, width), spec.title[:1], spec.fonts.load(360, bold=True), accent, on_accent)
    poster.paste(top, (0, 0))
    draw = ImageDraw.Draw(poster)
    inner = width - 2 * MARGIN
    y = text_block(draw, MARGIN, width + 36, spec.title, spec.fonts.load(46, bold=True), DARK, inner, 2, spacing=1.25)
    if spec.price:
        font = spec.fonts.load(58, bold=True)
        price = drawable(spec.price, font)
        price = price if font.getlength(price) <= inner else ellipsize(price, font, inner)
        baseline = y + 66
        draw.text((MARGIN, baseline), price, font=font, fill=accent_text, anchor="ls")
        was_font = spec.fonts.load(30)
        right = MARGIN + int(font.getlength(price)) + 20
        if spec.was and right + was_font.getlength(spec.was) <= width - MARGIN:
            strike(draw, right, baseline, drawable(spec.was, was_font), was_font, GREY)
        y = baseline + 20
    divider = height - MARGIN - QR_SIZE - 28
    room = max(0, (divider - 16 - y) // int(28 * 1.4))
    if spec.summary and room:
        text_block(draw, MARGIN, y + 4, spec.summary, spec.fonts.load(28), GREY, inner, min(2, room), spacing=1.4)
    draw.line((MARGIN, divider, width - MARGIN, divider), fill=(230, 230, 230), width=2)
    _footer(poster, draw, spec, divider, accent, on_accent)
    return png_bytes(poster)


def _footer(poster: Image.Image, draw: ImageDraw.ImageDraw, spec: PosterSpec, divider: int,
            accent: tuple[int, int, int], on_accent: tuple[int, int, int]) -> None:
    """Seller (avatar, name, shop) on the left, the QR code and its hint on the right."""
    width, height = POSTER_SIZE
    qr_x, qr_y = width - MARGIN - QR_SIZE + 8, divider + 20  # +8: the code's own white border
    if spec.url:
        qr = qr_image(spec.url, QR_SIZE)
        qr_x = width - MARGIN - qr.width + 8
        poster.paste(qr, (qr_x, qr_y))
    left_width = qr_x - MARGIN - 24
    y = divider + 36
    x = MARGIN
    avatar = photo_or_none(spec.avatar, (176, 176))
    if avatar:
        poster.paste(round_photo(avatar, 88, WHITE), (MARGIN, y))
        x = MARGIN + 88 + 20
    name_font, shop_font = spec.fonts.load(34, bold=True), spec.fonts.load(26)
    text_block(draw, x, y + 4, spec.seller, name_font, DARK, qr_x - x - 24, 1)
    text_block(draw, x, y + 52, spec.shop, shop_font, GREY, qr_x - x - 24, 1)
    hint_top = y + 88 + 36
    draw.rounded_rectangle((MARGIN, hint_top, MARGIN + left_width, hint_top + 64), radius=32, fill=accent)
    hint_font = spec.fonts.load(26, bold=True)
    hint = drawable(spec.scan_hint, hint_font)
    if hint:
        if hint_font.getlength(hint) > left_width - 40:
            hint = ellipsize(hint, hint_font, left_width - 40)
        draw.text((MARGIN + left_width // 2, hint_top + 32), hint, font=hint_font,
                  fill=on_accent, anchor="mm")
