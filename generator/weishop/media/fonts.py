"""Finds a font that draws the shop's text (Chinese and Japanese included) on share images and posters.

No well-kept PyPI package ships a CJK font, so weishop looks on the system (Noto Sans CJK from
Debian's `fonts-noto-cjk`, PingFang/Hiragino on macOS, YaHei on Windows, WenQuanYi …) unless
shop.yml names one (`share: {font: path}`). A font that lacks a character draws a "tofu" box;
`missing_chars` finds those by comparing each glyph with the font's box glyph.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

# Tried in order; the first that exists and covers the text wins. Regular first, the bold is found beside it.
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
)
BOLD_NAMES = (("Regular", "Bold"), ("msyh.ttc", "msyhbd.ttc"), ("YuGothM", "YuGothB"), ("microhei", "microhei"))
# Font collections hold one face per region; pick the one whose glyph shapes match the shop's language.
REGION_TAGS = {"zh-CN": "SC", "zh-SG": "SC", "zh-Hans": "SC", "zh": "SC", "zh-TW": "TC", "zh-Hant": "TC",
               "zh-HK": "HK", "ja": "JP", "ko": "KR"}
TOFU_PROBE = "\U0010fffd"  # a private-use code point no font draws: its glyph is the box
CJK_SAMPLE = "中文字体测试漢字"
KANA_SAMPLE = "ひらがなカタカナ"
INSTALL_HINT = ("install Noto Sans CJK (Debian/Ubuntu: sudo apt install fonts-noto-cjk; macOS and Windows have one), "
                "or set 'share: {font: path/to/font.ttf}' in shop.yml")


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
    """Regular and bold faces; None means Pillow's built-in font (Latin only)."""

    regular: Font | None
    bold: Font | None

    def load(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        font = self.bold if bold else self.regular
        return font.load(size) if font else _builtin(size)

    @property
    def key(self) -> str:
        return "|".join(f.key if f else "builtin" for f in (self.regular, self.bold))


@lru_cache(maxsize=64)
def _load(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)


@lru_cache(maxsize=16)
def _builtin(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size)  # type: ignore[return-value]


_tofu: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # font -> {char: drawn as the box?}, for rebuilds


def missing_chars(font: ImageFont.FreeTypeFont, text: str) -> str:
    """The characters of `text` that `font` would draw as the box glyph (tofu); each glyph is looked at once per process."""
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


def _pair(path: str, language: str, bold_path: str | None = None) -> FontPair:
    regular = Font(path, face_index(path, language))
    bold = Font(bold_path, face_index(bold_path, language)) if bold_path else regular
    return FontPair(regular, bold)


def _covers(path: str, language: str, sample: str) -> bool:
    try:
        font = _load(path, face_index(path, language), 24)
    except OSError:
        return False
    return not missing_chars(font, sample)


def find_fonts(language: str, configured: Path | None = None, candidates: tuple[str, ...] = SYSTEM_FONTS) -> FontPair:
    """The seller's font if set, else the first system font covering Chinese and Japanese, else Pillow's own.

    Raises OSError when the configured file is missing or not a font (the caller reports it).
    """
    if configured is not None:
        ImageFont.truetype(str(configured), 12, index=face_index(str(configured), language))  # fails early, clearly
        return _pair(str(configured), language)
    return _system_fonts(language, candidates)


@functools.lru_cache(maxsize=8)  # each build asks twice (cards, posters); opening font collections takes ms
def _system_fonts(language: str, candidates: tuple[str, ...]) -> FontPair:
    sample = CJK_SAMPLE + (KANA_SAMPLE if language.startswith("ja") else "")
    for path in candidates:
        if os.path.isfile(path) and _covers(path, language, sample):
            return _pair(path, language, bold_sibling(path))
    matched = _fc_match(language)
    if matched and os.path.isfile(matched) and _covers(matched, language, sample):
        return _pair(matched, language, bold_sibling(matched))
    return FontPair(None, None)


@functools.lru_cache(maxsize=64)
def _font_key(path: str, index: int) -> str:
    # asked for every share card and poster; one stat per build process is enough
    stat = os.stat(path)
    return f"{path}#{index}:{stat.st_size}:{stat.st_mtime_ns}"
