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
    if _HAN.search(original):
        _pinyin[original] = slug
    return slug


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
