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


def slugify(text: str, pinyin: dict[str, str] | None = None) -> str:
    """`大红袍` → `da-hong-pao`, `Café Crème 2024` → `cafe-creme-2024`.

    `pinyin` (a build state's, see `Pinyin`): slugs of Chinese names already made, so the
    dictionary is loaded only for names not seen before.
    """
    original = unicodedata.normalize("NFKC", text)
    if not _HAN.search(original):
        return _plain(original)
    if pinyin is not None and original in pinyin:
        return pinyin[original]
    from pypinyin import Style, lazy_pinyin

    slug = _plain(" ".join(lazy_pinyin(original, style=Style.NORMAL, errors="default")), original)
    if pinyin is not None:
        pinyin[original] = slug
    return slug


@lru_cache(maxsize=4096)
def _plain(text: str, original: str = "") -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug and (original or text).strip():  # emoji or symbols only: stable, if not pretty
        slug = "x-" + hashlib.sha1((original or text).encode()).hexdigest()[:8]
    slug = shorten(slug)
    if reserved_name(slug):
        slug += "-1"  # `con` → `con-1`: the address works on every system
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


class Pinyin(dict):
    """Pinyin slugs of Chinese names (text → slug), kept by a build state and in the build cache."""

    saved: tuple[str, ...] = ()  # the names the cache file holds, to save only when new ones appear

    def load(self, cache_file: Path) -> None:
        """Adds the slugs of earlier builds (made by the same pypinyin)."""
        try:
            data = json.loads(cache_file.read_text(encoding="utf-8"))
            if data.get("pypinyin") == _dictionary_stamp() and isinstance(data.get("slugs"), dict):
                for text, slug in data["slugs"].items():
                    self.setdefault(text, slug)
                self.saved = tuple(sorted(data["slugs"]))
        except (OSError, ValueError, AttributeError):
            pass  # none yet, or damaged: pypinyin is loaded when a Chinese name needs it

    def save(self, cache_file: Path) -> None:
        """Stores the slugs for the next build, when new ones were made."""
        names = tuple(sorted(self))
        if names == self.saved:
            return
        try:
            data = json.dumps({"pypinyin": _dictionary_stamp(), "slugs": dict(self)}, ensure_ascii=False)
            atomic_write(cache_file, data.encode("utf-8"))
            self.saved = names
        except OSError:
            pass  # a read-only disk: only slower next time
