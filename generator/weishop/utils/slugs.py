"""URL slugs from titles and file names: ASCII, lowercase, dashes; Chinese becomes pinyin.

Pinyin needs pypinyin's dictionary (~0.25 s to load), so slugs of Chinese names are kept
in the build cache (`remembered`) and the dictionary is loaded only for names not seen before.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from weishop.utils.cache import atomic_write

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MAX_SLUG = 64  # an address (and a file name) longer than this is no longer read by anyone; file systems stop at 255 bytes
# Names Windows reserves for devices, whatever the case and extension: a site holding one cannot be checked out
# or unzipped there. `reserved_name` is the one rule for every output path (publish/files.py).
_WINDOWS = re.compile(r"(con|prn|aux|nul|com[1-9\u00b9\u00b2\u00b3]|lpt[1-9\u00b9\u00b2\u00b3])", re.I)
_pinyin: dict[str, str] = {}  # NFKC text with Han characters -> its slug
_loaded_from: list[str] = []  # the pinyin slugs read from the cache file, to save only when new ones appear


@lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """`大红袍` → `da-hong-pao`, `Café Crème 2024` → `cafe-creme-2024`."""
    original = text = unicodedata.normalize("NFKC", text)
    if _HAN.search(text):
        if text in _pinyin:
            return _pinyin[text]
        from pypinyin import Style, lazy_pinyin

        text = " ".join(lazy_pinyin(text, style=Style.NORMAL, errors="default"))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if not slug and original.strip():  # emoji or symbols only: stable, if not pretty
        slug = "x-" + hashlib.sha1(original.encode()).hexdigest()[:8]
    slug = shorten(slug)
    if reserved_name(slug):
        slug += "-1"  # `con` → `con-1`: the address works on every system
    if _HAN.search(original):
        _pinyin[original] = slug
    return slug


def shorten(slug: str) -> str:
    """A slug of at most MAX_SLUG characters, cut between words; a cut one ends in a hash of the whole, so it stays unique."""
    if len(slug) <= MAX_SLUG:
        return slug
    tag = hashlib.sha1(slug.encode()).hexdigest()[:6]
    room = MAX_SLUG - len(tag) - 1
    head = slug[: room + 1].rpartition("-")[0] or slug[:room]  # the last whole word that fits, else a hard cut
    return f"{head.rstrip('-')}-{tag}"


def reserved_name(name: str) -> bool:
    """True for `con`, `AUX.txt`, `lpt1.tar.gz`, `nul `: names Windows cannot store as files or folders."""
    return bool(_WINDOWS.fullmatch(name.split(".")[0].rstrip(" ")))


def _dictionary_stamp() -> str:
    """Which pypinyin is installed (another version may spell a name differently), without importing it."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.origin:
        return ""
    stat = os.stat(spec.origin)
    return f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"


def remembered(cache_file: Path) -> None:
    """Reads the pinyin slugs of earlier builds (made by the same pypinyin)."""
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        if data.get("pypinyin") == _dictionary_stamp() and isinstance(data.get("slugs"), dict):
            for text, slug in data["slugs"].items():
                _pinyin.setdefault(text, slug)
            _loaded_from[:] = sorted(data["slugs"])
    except (OSError, ValueError, AttributeError):
        pass  # none yet, or damaged: pypinyin is loaded when a Chinese name needs it


def remember(cache_file: Path) -> None:
    """Stores the pinyin slugs for the next build, when new ones were made."""
    if sorted(_pinyin) == _loaded_from:
        return
    try:
        data = json.dumps({"pypinyin": _dictionary_stamp(), "slugs": _pinyin}, ensure_ascii=False)
        atomic_write(cache_file, data.encode("utf-8"))
        _loaded_from[:] = sorted(_pinyin)
    except OSError:
        pass  # a read-only disk: only slower next time
