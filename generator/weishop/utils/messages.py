"""Messages for the seller in the shop's language: English in the code, translated when shown.

Call sites wrap a message in `tr()` (or `tr_n()` when it counts something). The result
is the English text, a plain `str` everywhere it goes, that also carries its template
and parameters, so the CLI and the serve overlay can show it in another language at
the end (`localize`, `describe`) instead of every call site knowing the language.
Catalogs are `locale/<lang>/LC_MESSAGES/weishop.po` (Babel's gettext tools, see
scripts/messages.py); the wheel carries them compiled to `.mo` (hatch_build.py), and an
editable install reads the `.po` itself. Anything untranslated stays English.
"""

from __future__ import annotations

import gettext
import io
import os
import re
import struct
from functools import lru_cache
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "weishop"
LANGUAGES = ("en", "zh-CN", "zh-TW", "ja")


class Msg(str):
    """English text that remembers how it was made: `template`, `params`, and for counts `plural` and `n`."""

    template: str
    plural: str | None
    n: int | None
    params: dict[str, Any]

    def __new__(cls, template: str, params: dict[str, Any], plural: str | None = None, n: int | None = None) -> "Msg":
        english = plural if plural is not None and n != 1 else template
        made = super().__new__(cls, _fill(english, params))
        made.template, made.plural, made.n, made.params = template, plural, n, params
        return made

    def __reduce__(self) -> tuple[Any, ...]:  # errors cross worker processes and the document cache
        return (Msg, (self.template, self.params, self.plural, self.n))


def tr(template: str, **params: Any) -> Msg:
    """A message (msgid `template`, `{name}` placeholders filled from `params`)."""
    return Msg(template, params)


def tr_n(singular: str, plural: str, n: int, **params: Any) -> Msg:
    """A message about `n` things: "1 story", "2 stories"; `{n}` is filled in too."""
    return Msg(singular, {"n": n, **params}, plural, n)


def localize(value: Any, language: str) -> str:
    """`value` in `language` when it is a `Msg` with a translation, else as it is (English)."""
    if not isinstance(value, Msg):
        return "" if value is None else str(value)
    catalog = _catalog(supported(language))
    if catalog is None:
        return str(value)
    if value.plural is None:
        text = catalog.gettext(value.template)
    else:
        text = catalog.ngettext(value.template, value.plural, value.n or 0)
    params = {key: localize(param, language) if isinstance(param, Msg) else param for key, param in value.params.items()}
    try:
        return _fill(text, params)
    except (KeyError, IndexError, ValueError):  # a broken translation must never hide the message
        return str(value)


def describe(error: Any, language: str) -> str:
    """A `SourceError` as `file:line: field: message (hint)`, message and hint in `language`."""
    where = f"{error.path}:{error.line}" if error.line else error.path
    message = localize(error.message, language)
    text = f"{where}: {error.field}: {message}" if error.field else f"{where}: {message}"
    if error.hint:
        return localize(tr("{text} ({hint})", text=text, hint=error.hint), language)
    return text


def supported(tag: str | None) -> str:
    """The catalog for a language tag or locale name: zh, zh_CN.UTF-8, zh-Hans → zh-CN; zh-HK, zh-Hant → zh-TW."""
    if not tag:
        return "en"
    parts = re.split(r"[-_.@]", tag.strip())
    base = parts[0].lower()
    rest = {part.lower() for part in parts[1:]}
    if base == "zh":
        return "zh-TW" if rest & {"tw", "hk", "mo", "hant"} else "zh-CN"
    return "ja" if base == "ja" else "en"


def terminal_language(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The terminal's language, as gettext reads it: LANGUAGE, LC_ALL, LC_MESSAGES, LANG (first set wins)."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").split(":")[0]
        if value:
            return "en" if value in ("C", "POSIX") or value.startswith("C.") else supported(value)
    if os.name == "nt":  # pragma: no cover - Windows keeps the language in the user's settings, not in LANG
        import locale

        return supported(locale.getlocale()[0])
    return "en"


_LANGUAGE_LINE = re.compile(r"^language[ \t]*:[ \t]*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.M)


def shop_language(shop: Path) -> str:
    """The language of the shop in `shop` (English unless shop.yml names one); the terminal's before it exists.

    Read with a pattern rather than YAML: messages about a broken shop.yml must still
    come in the seller's language.
    """
    try:
        text = (shop / "shop.yml").read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return terminal_language()
    found = _LANGUAGE_LINE.search(text)
    return supported(found.group(1)) if found else "en"


def _fill(template: str, params: dict[str, Any]) -> str:
    return template.format_map(params) if params else template


@lru_cache(maxsize=None)
def _catalog(language: str) -> gettext.NullTranslations | None:
    """The compiled catalog of `language`, else its `.po` compiled in memory; None for English."""
    if language == "en":
        return None
    folder = LOCALE_DIR / language.replace("-", "_") / "LC_MESSAGES"
    try:
        with open(folder / f"{DOMAIN}.mo", "rb") as compiled:
            return gettext.GNUTranslations(compiled)
    except OSError:
        pass
    try:
        source = (folder / f"{DOMAIN}.po").read_text(encoding="utf-8")
    except OSError:
        return None
    return gettext.GNUTranslations(io.BytesIO(_compiled(source)))


_ESCAPE = re.compile(r'\\(.)')
_UNESCAPED = {"n": "\n", "t": "\t", "r": "\r"}


def _unescape(quoted: str) -> str:
    return _ESCAPE.sub(lambda found: _UNESCAPED.get(found.group(1), found.group(1)), quoted[1:-1])


def _compiled(po: str) -> bytes:
    """A `.po` file as `.mo` bytes (what msgfmt writes), for a checkout without compiled catalogs.

    Parsed here rather than with Babel: importing babel.messages costs ~40 ms of start-up.
    Fuzzy and untranslated entries are left out, as msgfmt does.
    """
    entries: dict[str, str] = {}
    entry: dict[str, list[str]] = {}
    key, fuzzy, next_fuzzy = "", False, False

    def finish() -> None:
        strings = ["".join(parts) for name, parts in sorted(entry.items()) if name.startswith("msgstr")]
        if "msgid" in entry and any(strings) and not fuzzy:
            msgid = "".join(entry["msgid"])
            if "msgid_plural" in entry:
                msgid += "\0" + "".join(entry["msgid_plural"])
            entries[msgid] = "\0".join(strings)

    for line in po.splitlines():
        line = line.strip()
        if line.startswith("#,") and "fuzzy" in line:
            next_fuzzy = True
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            entry.setdefault(key, []).append(_unescape(line))
            continue
        key, _, rest = line.partition(" ")
        key = "msgstr[0]" if key == "msgstr" else key
        if key in ("msgid", "msgctxt") and any(name.startswith("msgstr") for name in entry):
            finish()
            entry, fuzzy, next_fuzzy = {}, next_fuzzy, False
        entry[key] = [_unescape(rest.strip())]
    finish()
    return _mo_bytes(entries)


def _mo_bytes(entries: dict[str, str]) -> bytes:
    """GNU `.mo` layout: header, two tables of (length, offset), then the strings."""
    keys = sorted(entries)
    ids = [k.encode("utf-8") for k in keys]
    strs = [entries[k].encode("utf-8") for k in keys]
    start = 7 * 4 + 16 * len(keys)
    table_ids, table_strs, data = [], [], b""
    for raw in ids:
        table_ids += [len(raw), start + len(data)]
        data += raw + b"\0"
    for raw in strs:
        table_strs += [len(raw), start + len(data)]
        data += raw + b"\0"
    header = struct.pack("7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    return header + struct.pack(f"{len(table_ids)}I", *table_ids) + struct.pack(f"{len(table_strs)}I", *table_strs) + data
