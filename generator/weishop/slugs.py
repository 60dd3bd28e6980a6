"""URL slugs from titles and file names: ASCII, lowercase, dashes; Chinese becomes pinyin."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """`大红袍` → `da-hong-pao`, `Café Crème 2024` → `cafe-creme-2024`."""
    original = text = unicodedata.normalize("NFKC", text)
    if _HAN.search(text):
        from pypinyin import Style, lazy_pinyin  # imported lazily: loading its dictionary costs ~0.1 s

        text = " ".join(lazy_pinyin(text, style=Style.NORMAL, errors="default"))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if not slug and original.strip():  # emoji or symbols only: stable, if not pretty
        slug = "x-" + hashlib.sha1(original.encode()).hexdigest()[:8]
    return slug
