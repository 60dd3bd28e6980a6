"""Money, dates and UI strings for the shop's language (Babel's CLDR data)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency

FALLBACK = "en"


@lru_cache(maxsize=None)
def _babel_locale(language: str) -> Locale:
    # Parsing a locale name costs ~0.4 ms in Babel; a shop uses one, so parse it once.
    return Locale.parse(language.replace("-", "_"))


@lru_cache(maxsize=65536)
def money(amount: Decimal, currency: str, language: str) -> str:
    """`¥168.00` in zh-CN, `$89.50` in en; whole-unit currencies (JPY) without decimals."""
    return format_currency(amount, currency, locale=_babel_locale(language))


def date(value: dt.date | dt.datetime | None, language: str, style: str = "long") -> str:
    if value is None:
        return ""
    day = value.date() if isinstance(value, dt.datetime) else value
    return _format_day(day, language, style)


@lru_cache(maxsize=8192)
def _format_day(day: dt.date, language: str, style: str) -> str:
    return format_date(day, format=style, locale=_babel_locale(language))


def og_locale(language: str) -> str:
    """Open Graph wants `zh_CN`, `en_US`."""
    tag = language.replace("-", "_")
    return tag if "_" in tag else {"en": "en_US", "ja": "ja_JP", "zh": "zh_CN"}.get(tag, tag)


def load_strings(folders: list[Path], language: str) -> dict[str, str]:
    """UI strings: the theme chain's `i18n/<lang>.yml`, most specific language winning, English under all."""
    candidates = [FALLBACK]
    base = language.split("-")[0]
    if base != FALLBACK:
        candidates.append(base)
    if language != base:
        candidates.append(language)
    strings: dict[str, Any] = {}
    for lang in candidates:
        for folder in reversed(folders):  # parents first, overrides last
            # `i18n/<lang>.yml` plus any `i18n/<lang>/*.yml`, so features keep their strings apart
            for path in [folder / f"{lang}.yml", *sorted((folder / lang).glob("*.yml"))]:
                if path.is_file():
                    stat = path.stat()
                    strings.update(_strings_file(str(path), stat.st_size, stat.st_mtime_ns))
    return {str(k): str(v) for k, v in strings.items()}


@lru_cache(maxsize=256)
def _strings_file(path: str, size: int, mtime_ns: int) -> dict[str, Any]:
    """One strings file, read again only when it changes (`weishop serve` rebuilds in one process)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: several times faster
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader) or {}
