"""The fonts that draw the shop's text (Chinese and Japanese included) on share images.

Build hosts have no CJK font, so weishop ships one (Weishop Sans: a subset of Noto Sans CJK made
by scripts/make_cjk_font.py, in media/fonts/ with its OFL licence). Fonts are tried per
character in this order: the seller's `share: {font: path}`, the bundled font, then system fonts
(Noto Sans CJK, PingFang, YaHei, WenQuanYi, DejaVu … and fontconfig's pick). The environment
variable WEISHOP_SYSTEM_FONTS=DIR makes the font files in DIR the only system fonts (an empty
folder: none), as on a build host. A font that lacks a character draws a "tofu" box;
`missing_chars` finds those by comparing each glyph with the font's box glyph.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

BUNDLED = Path(__file__).parent / "fonts"
BUNDLED_REGULAR = str(BUNDLED / "WeishopSans-Regular.otf")
BUNDLED_BOLD = str(BUNDLED / "WeishopSans-Bold.otf")
SYSTEM_FONTS_ENV = "WEISHOP_SYSTEM_FONTS"
# Tried in order after the bundled font; the bold is found beside the regular.
SYSTEM_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian/Ubuntu fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",  # Fedora
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/System/Library/Fonts/PingFang.ttc",  # macOS
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/msyh.ttc",  # Windows: Microsoft YaHei
    "C:/Windows/Fonts/YuGothM.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # WenQuanYi
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Latin Extended, Greek, Cyrillic
)
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
BOLD_NAMES = (("Regular", "Bold"), ("msyh.ttc", "msyhbd.ttc"), ("YuGothM", "YuGothB"), ("DejaVuSans.", "DejaVuSans-Bold."))
# Font collections hold one face per region; pick the one whose glyph shapes match the shop's language.
REGION_TAGS = {"zh-CN": "SC", "zh-SG": "SC", "zh-Hans": "SC", "zh": "SC", "zh-TW": "TC", "zh-Hant": "TC",
               "zh-HK": "HK", "ja": "JP", "ko": "KR"}
TOFU_PROBE = "\U0010fffd"  # a private-use code point no font draws: its glyph is the box
MISSING_HINT = ("use other characters, or name a font that has them in shop.yml: share: {font: fonts/MyFont.otf} "
                "(relative to the shop folder)")


@dataclass(frozen=True)
class Font:
    """A font file (and face index in a collection); picklable, so image jobs load it themselves."""

    path: str
    index: int = 0

    def load(self, size: int) -> ImageFont.FreeTypeFont:
        return _load(self.path, self.index, size)

    @property
    def key(self) -> str:
        """Part of cache keys: a replaced font file redraws the images."""
        return _font_key(self.path, self.index)


@dataclass(frozen=True)
class FontPair:
    """Regular and bold faces, then (regular, bold) pairs tried for characters they lack.

    None means Pillow's built-in font (Latin only).
    """

    regular: Font | None
    bold: Font | None
    fallbacks: tuple[tuple[Font, Font], ...] = ()

    def load(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        font = self.bold if bold else self.regular
        if font is None:
            return _builtin(size)
        if not self.fallbacks:
            return font.load(size)
        return _chain((font, *(pair[1] if bold else pair[0] for pair in self.fallbacks)), size)

    @property
    def key(self) -> str:
        faces = [self.regular, self.bold, *(f for pair in self.fallbacks for f in pair)]
        return "|".join(f.key if f else "builtin" for f in faces)


@lru_cache(maxsize=64)
def _load(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)


@lru_cache(maxsize=16)
def _builtin(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size)  # type: ignore[return-value]


@lru_cache(maxsize=64)
def _chain(fonts: tuple[Font, ...], size: int) -> "FallbackFont":
    return FallbackFont([font.load(size) for font in fonts])


_tofu: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # font -> {char: drawn as the box?}, for rebuilds


def missing_chars(font: ImageFont.FreeTypeFont, text: str) -> str:
    """The characters of `text` that `font` would draw as the box glyph (tofu); each glyph is looked at once per process."""
    if isinstance(font, FallbackFont):
        return font.missing(text)
    known = _tofu.get(font)
    if known is None:
        box = font.getmask(TOFU_PROBE)
        known = _tofu[font] = {"": (box.size, bytes(box))}
    box_key = known[""]
    missing = []
    for char in dict.fromkeys(text):
        if char.isspace() or not char.isprintable():
            continue
        tofu = known.get(char)
        if tofu is None:
            mask = font.getmask(char)
            tofu = known[char] = (mask.size, bytes(mask)) == box_key
        if tofu:
            missing.append(char)
    return "".join(missing)


class FallbackFont(ImageFont.FreeTypeFont):
    """The first font, drawing each character it lacks with the first of the others that has it.

    Pillow draws a line with one font; this splits the text into runs by font and puts their masks
    side by side on one baseline. A line the first font covers is drawn by it alone, as before.
    """

    def __init__(self, fonts: list[ImageFont.FreeTypeFont]) -> None:
        first = fonts[0]
        super().__init__(first.path, first.size, first.index, first.encoding, first.layout_engine)
        self.members = fonts

    def missing(self, text: str) -> str:
        gone = set(missing_chars(self.members[0], text))
        for font in self.members[1:]:
            if not gone:
                break
            gone &= set(missing_chars(font, "".join(gone)))
        return "".join(c for c in dict.fromkeys(text) if c in gone)

    def runs(self, text: str) -> list[tuple[ImageFont.FreeTypeFont, str]]:
        missing = set(missing_chars(self.members[0], text))
        if not missing:
            return [(self.members[0], text)]
        runs: list[tuple[ImageFont.FreeTypeFont, str]] = []
        for char in text:
            font = self.members[0]
            if char in missing:
                font = next((f for f in self.members[1:] if not missing_chars(f, char)), font)
            if runs and runs[-1][0] is font:
                runs[-1] = (font, runs[-1][1] + char)
            else:
                runs.append((font, char))
        return runs

    def getlength(self, text: Any, mode: str = "", direction: str | None = None, features: list[str] | None = None,
                  language: str | None = None) -> float:
        return sum(ImageFont.FreeTypeFont.getlength(font, run, mode, direction, features, language)
                   for font, run in self.runs(text))

    def _layout(self, text: str, mode: str, direction: str | None, features: list[str] | None, language: str | None,
                stroke_width: float) -> tuple[list[tuple[ImageFont.FreeTypeFont, str, float]], tuple[float, float, float, float]]:
        """Each run with its x on a shared baseline at 0, and the ink box of them all."""
        placed, x, box = [], 0.0, [float("inf"), float("inf"), float("-inf"), float("-inf")]
        for font, run in self.runs(text):
            left, top, right, bottom = ImageFont.FreeTypeFont.getbbox(font, run, mode, direction, features, language,
                                                                      stroke_width, "ls")
            box = [min(box[0], x + left), min(box[1], top), max(box[2], x + right), max(box[3], bottom)]
            placed.append((font, run, x))
            x += ImageFont.FreeTypeFont.getlength(font, run, mode, direction, features, language)
        box[2] = max(box[2], x)
        return placed, (box[0], box[1], box[2], box[3])

    def _anchor_shift(self, anchor: str | None, width: float, box: tuple[float, float, float, float]) -> tuple[float, float]:
        anchor = anchor or "la"
        ascent, descent = self.getmetrics()
        dx = {"l": 0.0, "m": -width / 2, "r": -width}.get(anchor[0], 0.0)
        dy = {"a": ascent, "s": 0.0, "d": -descent, "t": -box[1], "b": -box[3], "m": (ascent - descent) / 2}.get(anchor[1], 0.0)
        return dx, dy

    def getbbox(self, text: Any, mode: str = "", direction: str | None = None, features: list[str] | None = None,
                language: str | None = None, stroke_width: float = 0, anchor: str | None = None) -> tuple[float, float, float, float]:
        runs = self.runs(text)
        if len(runs) == 1:
            return ImageFont.FreeTypeFont.getbbox(runs[0][0], text, mode, direction, features, language, stroke_width, anchor)
        _, box = self._layout(text, mode, direction, features, language, stroke_width)
        dx, dy = self._anchor_shift(anchor, self.getlength(text, mode, direction, features, language), box)
        return box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy

    def getmask2(self, text: Any, mode: str = "", direction: str | None = None, features: list[str] | None = None,
                 language: str | None = None, stroke_width: float = 0, anchor: str | None = None, ink: int = 0,
                 start: tuple[float, float] | None = None, *args: Any, **kwargs: Any) -> tuple[Any, tuple[int, int]]:
        runs = self.runs(text)
        if len(runs) == 1 or mode == "RGBA":
            return ImageFont.FreeTypeFont.getmask2(runs[0][0] if len(runs) == 1 else self, text, mode, direction, features,
                                                   language, stroke_width, anchor, ink, start, *args, **kwargs)
        placed, box = self._layout(text, mode, direction, features, language, stroke_width)
        left, top = int(box[0]) - 1, int(box[1]) - 1
        canvas = Image.new("L", (max(1, int(box[2]) + 2 - left), max(1, int(box[3]) + 2 - top)))
        draw = ImageDraw.Draw(canvas)
        for font, run, x in placed:
            draw.text((x - left, -top), run, fill=255, font=font, anchor="ls", direction=direction, features=features,
                      language=language, stroke_width=stroke_width)
        dx, dy = self._anchor_shift(anchor, self.getlength(text, mode, direction, features, language), box)
        if mode == "1":
            canvas = canvas.point(lambda v: 255 if v >= 128 else 0, "1")
        return canvas.im, (left + round(dx), top + round(dy))


def face_index(path: str, language: str) -> int:
    """In a collection (.ttc), the face for the shop's region (SC for zh-CN, JP for ja …); 0 otherwise."""
    tag = REGION_TAGS.get(language) or REGION_TAGS.get(language.split("-")[0])
    if not tag or not path.lower().endswith((".ttc", ".otc")):
        return 0
    for index in range(12):
        try:
            family = ImageFont.truetype(path, 12, index=index).getname()[0] or ""
        except OSError:
            break
        if family.split()[-1:] == [tag] and "Mono" not in family:
            return index
    return 0


def bold_sibling(path: str) -> str | None:
    for regular, bold in BOLD_NAMES:
        name = Path(path).name
        if regular in name and regular != bold:
            candidate = Path(path).with_name(name.replace(regular, bold))
            if candidate.is_file():
                return str(candidate)
    return None


def _fc_match(language: str) -> str | None:
    """fontconfig's pick for the language (Linux, BSD); None without fontconfig."""
    if not shutil.which("fc-match"):
        return None
    lang = {"ja": "ja", "ko": "ko", "zh-TW": "zh-tw", "zh-HK": "zh-hk"}.get(language, "zh-cn")
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", f"sans:lang={lang}"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout.strip() or None


def _pair(path: str, language: str, bold_path: str | None = None) -> tuple[Font, Font]:
    regular = Font(path, face_index(path, language))
    return regular, Font(bold_path, face_index(bold_path, language)) if bold_path else regular


def bundled_fonts() -> tuple[Font, Font]:
    return Font(BUNDLED_REGULAR), Font(BUNDLED_BOLD)


def find_fonts(language: str, configured: Path | None = None) -> FontPair:
    """The seller's font if set, then the bundled font, then the system's, per character.

    Raises OSError when the configured file is missing or not a font (the caller reports it).
    """
    system = system_fonts(language, os.environ.get(SYSTEM_FONTS_ENV))
    regular, bold = bundled_fonts()
    if configured is None:
        return FontPair(regular, bold, system)
    ImageFont.truetype(str(configured), 12, index=face_index(str(configured), language))  # fails early, clearly
    mine = _pair(str(configured), language)
    return FontPair(*mine, ((regular, bold), *system))


@functools.lru_cache(maxsize=8)  # opening font collections takes ms: once per process
def system_fonts(language: str, folder: str | None = None) -> tuple[tuple[Font, Font], ...]:
    """(regular, bold) of every usable system font, in SYSTEM_FONTS order then fontconfig's pick.

    With `folder` (WEISHOP_SYSTEM_FONTS), the font files in it and nothing else.
    """
    if folder is not None:
        candidates = [str(p) for p in sorted(Path(folder).iterdir()) if p.suffix.lower() in FONT_SUFFIXES] \
            if Path(folder).is_dir() else []
    else:
        candidates = [path for path in SYSTEM_FONTS if os.path.isfile(path)]
        matched = _fc_match(language)
        if matched and os.path.isfile(matched) and matched not in candidates:
            candidates.append(matched)
    found, seen = [], set()
    for path in candidates:
        bold = bold_sibling(path)
        if path in seen or not _loads(path, language):
            continue
        seen.update((path, bold))
        found.append(_pair(path, language, bold if bold and _loads(bold, language) else None))
    return tuple(found)


def _loads(path: str, language: str) -> bool:
    try:
        _load(path, face_index(path, language), 24)
    except OSError:
        return False
    return True


@functools.lru_cache(maxsize=64)
def _font_key(path: str, index: int) -> str:
    # asked for every share card; one stat (or one read of a bundled font) per build process
    if Path(path).parent == BUNDLED:  # its path and time differ on every host install: its bytes do not
        return f"bundled/{Path(path).name}:{hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]}"
    stat = os.stat(path)
    return f"{path}#{index}:{stat.st_size}:{stat.st_mtime_ns}"
