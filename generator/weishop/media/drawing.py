"""Drawing kit of the share cards: wrapped text with an ellipsis, cropped photos, colours.

Text never overflows its box: it wraps at spaces for Latin words and between any two
Chinese/Japanese characters (never before closing punctuation), and the last line that fits
ends with "…". Characters the font cannot draw are left out rather than drawn as boxes.
"""

from __future__ import annotations

import io
import os
import unicodedata
from pathlib import Path
from typing import Any, Callable

from PIL import Image, ImageDraw, ImageFont, ImageOps

from weishop.media.fonts import missing_chars
from weishop.media.formats import open_photo  # the formats weishop publishes, and no other decoder

ELLIPSIS = "…"
# Kinsoku: these never start a line; they stay with the character before them.
NO_LINE_START = set("，。、；：！？）」』】》〉’”…・ー,.;:!?)]}%")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def rgb(hex_color: str) -> tuple[int, int, int]:
    h = hex_color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def tokens(text: str) -> list[str]:
    """Units a line may break between: Latin words, single wide characters (with trailing punctuation), spaces."""
    out: list[str] = []
    word = ""
    for char in " ".join(text.split()):
        if char == " ":
            if word:
                out.append(word)
                word = ""
            out.append(" ")
        elif char in NO_LINE_START and (word or (out and out[-1] != " ")):
            if word:
                word += char
            else:
                out[-1] += char
        elif _wide(char):
            if word:
                out.append(word)
                word = ""
            out.append(char)
        else:
            word += char
    if word:
        out.append(word)
    return out


def ellipsize(text: str, font: Font, width: float) -> str:
    """`text` cut so that it and a trailing "…" fit in `width`."""
    text = text.rstrip()
    while text and font.getlength(text + ELLIPSIS) > width:
        text = text[:-1].rstrip()
    return text + ELLIPSIS


def wrap(text: str, font: Font, width: float, max_lines: int) -> list[str]:
    """At most `max_lines` lines no wider than `width`; the last ends with "…" when text was left out."""
    lines: list[str] = []
    line = ""
    overflow = False
    for token in tokens(text):
        if token == " ":
            line += " " if line else ""
            continue
        if font.getlength((line + token).rstrip()) <= width:
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        while font.getlength(token) > width and len(token) > 1:  # a word longer than the line: break inside it
            cut = len(token) - 1
            while cut > 1 and font.getlength(token[:cut]) > width:
                cut -= 1
            lines.append(token[:cut])
            token = token[cut:]
        line = token
        if len(lines) >= max_lines:
            overflow = True
            break
    if line.strip() and not overflow:
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        overflow = True
    if overflow:
        lines = lines[:max_lines]
        lines[-1] = ellipsize(lines[-1], font, width)
    return lines


def drawable(text: str, font: Font) -> str:
    """`text` without the characters `font` would draw as boxes (emoji in a CJK font, CJK in a Latin one)."""
    if not isinstance(font, ImageFont.FreeTypeFont):
        return text
    gone = set(missing_chars(font, text))
    return "".join(c for c in text if c not in gone) if gone else text


def draw_lines(draw: ImageDraw.ImageDraw, x: int, y: int, lines: list[str], font: Font,
               fill: tuple[int, int, int] | str, line_height: int) -> int:
    """Draws lines top-down from (x, y); returns the y below the last line."""
    for line in lines:
        draw.text((x, y), line, font=font, fill=fill, anchor="la")
        y += line_height
    return y


def text_block(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, font: Font, fill: tuple[int, int, int] | str,
               width: int, max_lines: int, spacing: float = 1.3) -> int:
    size = int(getattr(font, "size", 16))
    lines = wrap(drawable(text, font), font, width, max_lines) if text else []
    return draw_lines(draw, x, y, lines, font, fill, int(size * spacing))


def photo(path: str, size: tuple[int, int]) -> Image.Image:
    """The photo upright (EXIF orientation), cropped to fill `size` from its centre."""
    with open_photo(Path(path)) as source:
        source.draft("RGB", (size[0] * 2, size[1] * 2))  # JPEG: decode at a reduced scale, much faster
        ImageOps.exif_transpose(source, in_place=True)
        upright = source if source.mode == "RGB" else source.convert("RGB")
        factor = int(min(upright.width / size[0], upright.height / size[1]) / 2)
        if factor > 1:  # box-average down to 2–4× the size first, as Image.thumbnail does: LANCZOS on all pixels is slow
            upright = upright.reduce(factor)
        return ImageOps.fit(upright, size, Image.Resampling.LANCZOS, centering=(0.5, 0.5))


def photo_or_none(path: str | None, size: tuple[int, int]) -> Image.Image | None:
    """The photo, or None when it cannot be read (the photo stage reports that file; the card still gets drawn)."""
    if not path:
        return None
    try:
        return photo(path, size)
    except (OSError, ValueError, SyntaxError, ImportError, Image.DecompressionBombError):
        return None


def round_photo(picture: Image.Image, diameter: int, background: tuple[int, int, int]) -> Image.Image:
    """A circular crop of a square picture on `background` (avatars), drawn at twice the size for smooth edges."""
    square = picture.resize((diameter * 2, diameter * 2), Image.Resampling.LANCZOS)
    mask = Image.new("L", square.size, 0)
    ImageDraw.Draw(mask).ellipse((0, 0, square.width - 1, square.height - 1), fill=255)
    canvas = Image.new("RGB", square.size, background)
    canvas.paste(square, (0, 0), mask)
    return canvas.resize((diameter, diameter), Image.Resampling.LANCZOS)


def initial_tile(size: tuple[int, int], char: str, font: Font, background: tuple[int, int, int],
                 color: tuple[int, int, int]) -> Image.Image:
    """A flat tile in the accent colour with one large character, for items without a photo."""
    tile = Image.new("RGB", size, background)
    char = drawable(char, font)
    if char:
        ImageDraw.Draw(tile).text((size[0] // 2, size[1] // 2), char, font=font, fill=color, anchor="mm")
    return tile


def strike(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, font: Font, fill: tuple[int, int, int]) -> int:
    """Struck-through text (the old price); returns its right edge."""
    draw.text((x, y), text, font=font, fill=fill, anchor="ls")
    right = x + int(font.getlength(text))
    mid = y - int(getattr(font, "size", 16)) * 0.3
    draw.line((x, mid, right, mid), fill=fill, width=max(2, int(getattr(font, "size", 16)) // 14))
    return right


def png_bytes(image: Image.Image) -> bytes:
    """256 colours: half the bytes of full colour, under WhatsApp's ~300 KB preview limit.

    FASTOCTREE picks the colours in a few ms (MEDIANCUT took 80–150 ms and blotched small
    areas of colour); Floyd–Steinberg dithering keeps photo gradients from banding. Pillow's
    palette lookup is off by a level or two, so large flat areas get their exact colour back.
    zlib's default level: `optimize` (level 9) took 2–10× longer for 1–3 % fewer bytes.
    """
    colours = image.quantize(256, method=Image.Quantize.FASTOCTREE)
    dithered = image.quantize(palette=colours, dither=Image.Dither.FLOYDSTEINBERG)
    dithered.putpalette(_exact(dithered.getpalette() or [], _flat_colours(image)))
    buffer = io.BytesIO()
    dithered.save(buffer, "PNG")
    return buffer.getvalue()


def _flat_colours(image: Image.Image, share: float = 0.005, most: int = 16) -> list[tuple[int, int, int]]:
    """Colours covering at least `share` of the image (white, text, accent, a plain photo backdrop), from a sample."""
    sample = image.resize((max(1, image.width // 8), max(1, image.height // 8)), Image.Resampling.NEAREST)
    pixels = sample.width * sample.height
    counts = [item for item in sample.getcolors(pixels) or [] if item[0] >= share * pixels]
    return [colour for _count, colour in sorted(counts, reverse=True)[:most]]


def _exact(palette: list[int], flat: list[tuple[int, int, int]], near: int = 3) -> list[int]:
    """`palette` with entries within `near` levels of a flat colour set to that colour."""
    palette = list(palette)
    for i in range(0, len(palette) - 2, 3):
        r, g, b = palette[i:i + 3]
        for colour in flat:
            if abs(r - colour[0]) <= near and abs(g - colour[1]) <= near and abs(b - colour[2]) <= near:
                palette[i:i + 3] = colour
                break
    return palette


def draw_within_limits(draw: Callable[[Any], bytes], spec: Any) -> tuple[bytes, str, str]:
    """(PNG, why the full drawing failed, what was drawn instead): a limit of a drawing (a QR code that
    cannot hold the address, a photo too big to draw) costs a detail, never the image. The spec's
    `simpler()` lists what to try instead, simplest last."""
    try:
        return draw(spec), "", ""
    except Exception as exc:  # noqa: BLE001 - whatever failed is named in the warning
        failure = f"{type(exc).__name__}: {exc}"
        last: BaseException = exc
    for simpler, instead in getattr(spec, "simpler", list)():
        try:
            return draw(simpler), failure, instead
        except Exception as exc:  # noqa: BLE001 - the next, simpler drawing may still work
            last = exc
    raise last


def drawing_problem(failure: str, spec: Any, shop: Path) -> tuple[str, str]:
    """What went wrong in words, and a hint that fits the cause (`failure` is "Type: message" from a worker)."""
    kind, _, text = failure.partition(": ")
    photo_file = getattr(spec, "photo", None)
    shown = os.path.relpath(photo_file, shop) if photo_file and os.path.isabs(photo_file) else photo_file
    if kind == "DataOverflowError":
        url = getattr(spec, "url", "")
        return (f"the address is too long for a QR code ({len(url)} characters; a QR code holds about 2,300)",
                "shorten base_url in shop.yml, or the product's slug")
    if kind == "MemoryError":
        if photo_file:
            return f"not enough memory to draw the photo {shown}", "resize the photo to about 4000 px on the long side"
        return "not enough memory", "close other programs and build again"
    if photo_file and kind in ("OSError", "UnidentifiedImageError", "DecompressionBombError", "SyntaxError", "ValueError"):
        return f"the photo {shown} cannot be drawn ({text})", "check that the photo opens in an image viewer"
    return f"{kind}: {text}", "this is a bug in weishop: please report it with this message"
