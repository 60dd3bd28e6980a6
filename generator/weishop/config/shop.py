"""shop.yml to a `ShopConfig`: defaults, types, contact details, unknown keys with a suggestion."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from weishop.utils import colors
from weishop.config import schema as s
from weishop.errors import Problems
from weishop.config.frontmatter import Located, YamlProblem, parse_yaml
from weishop.utils.messages import tr

CONFIG_FILE = "shop.yml"
DEFAULT_BASE_URL = "http://localhost:8000/"
DEFAULT_CURRENCY = {"zh-CN": "CNY", "zh-TW": "TWD", "zh-HK": "HKD", "ja": "JPY", "ko": "KRW", "en-GB": "GBP"}
REF_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")  # a referral code (?ref=): the same rule in shop.js and resell.js


def phone(value: Any, ctx: s.Ctx) -> str:
    number = s.text(value, ctx)
    if not re.fullmatch(r"\+?[0-9][0-9 \-]{4,24}", number):
        raise s.Invalid(tr("'{value}' is not a phone number", value=number),
                        tr("digits with an optional leading +, spaces and dashes, e.g. +86 138 0000 0000"))
    return number


def email(value: Any, ctx: s.Ctx) -> str:
    address = s.text(value, ctx)
    # One plain address: no '%', ',', '?', '&' or line breaks that could add recipients or headers to mailto:.
    if not re.fullmatch(r"[A-Za-z0-9._+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", address):
        raise s.Invalid(tr("'{value}' is not a single e-mail address", value=address), tr("e.g. shop@example.com"))
    return address


def handle(value: Any, ctx: s.Ctx) -> str:
    name = s.text(value, ctx).lstrip("@")
    if not re.fullmatch(r"[A-Za-z0-9_.\-]{2,64}", name):
        raise s.Invalid(tr("'{value}' is not a user name or ID", value=name), tr("letters, digits, '_', '.', '-' only"))
    return name


def accent(value: Any, ctx: s.Ctx) -> str:
    color = s.text(value, ctx)
    if not re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", color):
        raise s.Invalid(tr("'{value}' is not a colour", value=color), tr('write it as "#b5452b" (with quotes)'))
    if len(color) == 4:
        color = "#" + "".join(c * 2 for c in color[1:])
    return color.lower()


def base_url(value: Any, ctx: s.Ctx) -> str:
    url = s.web_url(value, ctx)
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        raise s.Invalid(tr("must not have '?' or '#' parts"), tr("e.g. https://myshop.pages.dev/"))
    return url if url.endswith("/") else url + "/"


LANGUAGES = {"zh-CN": "Simplified Chinese", "zh-TW": "Traditional Chinese", "en": "English", "ja": "Japanese"}  # themes/default/i18n
# Tags that mean one of LANGUAGES: read as it, with a note (`zh` alone built an English shop under lang="zh").
LANGUAGE_ALIASES = {"zh": "zh-CN", "zh-hans": "zh-CN", "zh-hans-cn": "zh-CN", "zh-sg": "zh-CN", "zh-hans-sg": "zh-CN",
                    "zh-hant": "zh-TW", "zh-hant-tw": "zh-TW", "zh-hk": "zh-TW", "zh-hant-hk": "zh-TW", "zh-mo": "zh-TW",
                    "ja-jp": "ja", "jp": "ja"}
LOCAL_CURRENCY = {"zh-hk": "HKD", "zh-hant-hk": "HKD", "zh-mo": "MOP", "zh-sg": "SGD", "zh-hans-sg": "SGD"}


def language(value: Any, ctx: s.Ctx) -> str:
    """One of LANGUAGES, or English of a region (`en-GB`: British dates, pounds by default)."""
    written = s.text(value, ctx)
    key = written.replace("_", "-").lower()
    exact = {tag.lower(): tag for tag in LANGUAGES}
    if key in exact or key in LANGUAGE_ALIASES:
        tag = exact.get(key) or LANGUAGE_ALIASES[key]
    elif re.fullmatch(r"en-[a-z]{2}", key) and _known_locale(key):
        tag = "en-" + key[3:].upper()
    else:
        raise s.Invalid(f"'{written}' is not a language weishop's pages come in", f"write one of {', '.join(LANGUAGES)}")
    if tag != written:
        hint = (tr("write language: {tag} to say so, and currency: {currency} for prices in your currency", tag=tag, currency=LOCAL_CURRENCY[key])
                if key in LOCAL_CURRENCY else tr("write language: {tag} to say so", tag=tag))
        ctx.problems.warn(ctx.file, ctx.located.line(ctx.path), "language",
                          tr("'{written}' is read as {tag} ({name})", written=written, tag=tag, name=LANGUAGES.get(tag, "English")), hint)
    return tag


def _known_locale(tag: str) -> bool:
    try:
        Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


CHANNEL_FIELDS: dict[str, dict[str, s.Field]] = {
    "wechat": {"id": s.Field(handle, required=True), "qr": s.Field(s.rel_path)},
    "whatsapp": {"phone": s.Field(phone, required=True)},
    "telegram": {"username": s.Field(handle, required=True)},
    "line": {"id": s.Field(handle, required=True)},
    "sms": {"phone": s.Field(phone, required=True)},
    "email": {"address": s.Field(email, required=True)},
    "paypal": {"username": s.Field(handle, required=True)},
    "link": {"label": s.Field(s.one_line, required=True), "url": s.Field(s.web_url, required=True)},
}


def channel(value: Any, ctx: s.Ctx) -> dict[str, Any]:
    if not isinstance(value, dict) or "type" not in value:
        raise s.Invalid(tr("each channel needs a type"), tr("one of: {kinds}", kinds=", ".join(CHANNEL_FIELDS)))
    kind = s.text(value["type"], ctx.at("type"))
    if kind not in CHANNEL_FIELDS:
        import difflib

        guess = difflib.get_close_matches(kind, CHANNEL_FIELDS, n=1)
        raise s.Invalid(
            tr("unknown channel type '{kind}'", kind=kind),
            tr("did you mean '{guess}'?", guess=guess[0]) if guess else tr("one of: {kinds}", kinds=", ".join(CHANNEL_FIELDS)),
            path=("type",),
        )
    fields = {"type": s.Field(s.text, required=True), "label": s.Field(s.one_line), **CHANNEL_FIELDS[kind]}
    result = s.validate(value, fields, ctx)
    result["type"] = kind
    return result


def channels(value: Any, ctx: s.Ctx) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise s.Invalid(tr("needs at least one channel"), tr('e.g. - {type: whatsapp, phone: "+8613800000000"}'))
    return s.list_of(channel)(value, ctx)


def social(value: Any, ctx: s.Ctx) -> dict[str, str]:
    if not isinstance(value, dict):
        raise s.Invalid(tr("must be 'name: https://…' lines"))
    result = {}
    for name, url in value.items():
        checked = s._run(s.https_url, url, ctx.at(name))
        if checked is not s.MISSING:
            result[str(name)] = checked
    return result


SELLER_FIELDS = {
    "name": s.Field(s.one_line, required=True),
    "avatar": s.Field(s.rel_path),
    "bio": s.Field(s.text),
    "location": s.Field(s.one_line),
}
ORDER_FIELDS = {"channels": s.Field(channels, required=True), "message": s.Field(s.text)}
MARKDOWN_FIELDS = {"unsafe_html": s.Field(s.flag, default=False)}
SHARE_FIELDS = {"font": s.Field(s.one_line)}  # font file for share images: relative to the shop folder, or absolute
RESELL_FIELDS = {"text": s.Field(s.text)}  # the deal, in Markdown, shown on /join/


def ref_code(value: Any, ctx: s.Ctx) -> str:
    code = s.text(value, ctx)
    if not REF_RE.fullmatch(code):
        raise s.Invalid(f"'{code[:40]}' cannot be a referral code", "letters, digits, '-' and '_' only, at most 32, e.g. xiaolin")
    return code


RESELLER_FIELDS = {"code": s.Field(ref_code, required=True), "name": s.Field(s.one_line, required=True)}


def resellers(value: Any, ctx: s.Ctx) -> dict[str, str]:
    """`- {code: xiaolin, name: 小林}` lines as {code: name}; each code once (order messages name them)."""
    if not isinstance(value, list):
        raise s.Invalid("must be a list of resellers", "write each on its own line: - {code: xiaolin, name: 小林}")
    named: dict[str, str] = {}
    for index, item in enumerate(value):
        found = s._run(s.mapping(RESELLER_FIELDS, "reseller"), item, ctx.at(index))
        if found is s.MISSING or "code" not in found or "name" not in found:
            continue
        if found["code"] in named:
            ctx.at(index, "code").error(f"'{found['code']}' is listed twice", "give each reseller a code of their own")
            continue
        named[found["code"]] = found["name"]
    return named

SHOP_FIELDS = {
    "title": s.Field(s.one_line, required=True),
    "tagline": s.Field(s.one_line),
    "base_url": s.Field(base_url),
    "language": s.Field(language, default="en"),
    "currency": s.Field(s.currency),
    "theme": s.Field(s.slug, default="default"),
    "accent": s.Field(accent, default="#b5452b"),
    "seller": s.Field(s.mapping(SELLER_FIELDS, "seller"), required=True),
    "order": s.Field(s.mapping(ORDER_FIELDS, "order"), required=True),
    "social": s.Field(social, default=dict),
    "markdown": s.Field(s.mapping(MARKDOWN_FIELDS, "markdown"), default=lambda: {"unsafe_html": False}),
    "share": s.Field(s.mapping(SHARE_FIELDS, "share"), default=dict),
    "images_fit": s.Field(s.image_fit, default="contain"),
    "resell": s.Field(s.mapping(RESELL_FIELDS, "resell"), default=dict),
    "resellers": s.Field(resellers, default=dict),
    "search": s.Field(s.flag, default=True),
}


@dataclass(frozen=True)
class ShopConfig:
    """The shop's settings after validation; templates see it as `shop`."""

    title: str
    seller: dict[str, Any]
    order: dict[str, Any]
    language: str = "en"
    currency: str = "USD"
    tagline: str = ""
    base_url: str = DEFAULT_BASE_URL
    theme: str = "default"
    accent: str = "#b5452b"
    social: dict[str, str] = field(default_factory=dict)
    unsafe_html: bool = False
    share: dict[str, Any] = field(default_factory=dict)  # {font: path}
    images_fit: str = "contain"  # product photos: whole (contain) or cropped to the gallery's square (cover)
    resell_text: str = ""  # Markdown for /join/; "" for the theme's default
    resellers: dict[str, str] = field(default_factory=dict)  # referral code -> the reseller's name
    search: bool = True  # the search field on every page and the index under pagefind/ (build/outputs/search.py)
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, '/' or e.g. '/tea/'."""
        return urlsplit(self.base_url).path or "/"

    @property
    def locale(self) -> str:
        return self.language.replace("-", "_")


def load_config(shop_dir: Path, problems: Problems, base_url_override: str | None = None) -> ShopConfig | None:
    """Read and check shop.yml; report every problem; None if it cannot be used."""
    path = shop_dir / CONFIG_FILE
    if not path.is_file():
        problems.error(CONFIG_FILE, 0, "", tr("shop.yml not found"),
                       tr("run weishop in your shop folder, or pass --shop DIR, or create one with 'weishop init'"))
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.error(CONFIG_FILE, 0, "", tr("is not UTF-8 text"), tr("save it as UTF-8 in your editor"))
        return None
    try:
        located = parse_yaml(text.replace("\r\n", "\n"))
    except YamlProblem as exc:
        problems.error(CONFIG_FILE, exc.line, exc.field, exc.message, exc.hint)
        return None
    before = len(problems.errors)
    _notes_in_place_of_values(text, problems)
    ctx = s.Ctx(CONFIG_FILE, located, (), problems)
    data = s.validate(located.data, SHOP_FIELDS, ctx)
    if base_url_override is not None:
        data["base_url"] = s._run(base_url, base_url_override, s.Ctx("--base-url", Located(None), (), problems))
    if len(problems.errors) > before:
        return None
    if data.get("base_url") is None:
        problems.warn(CONFIG_FILE, 0, "base_url", tr("not set: links in share cards and feeds use {url}", url=DEFAULT_BASE_URL),
                      tr("set it to the address of your deployed shop"))
        data["base_url"] = DEFAULT_BASE_URL
    if (unreadable := colors.accent_problem(data["accent"])) is not None:
        problems.warn(CONFIG_FILE, located.lines.get(("accent",), 0), "accent", *unreadable)
    lang = data["language"]
    return ShopConfig(
        title=data["title"],
        tagline=data.get("tagline") or "",
        base_url=data["base_url"],
        language=lang,
        currency=data.get("currency") or DEFAULT_CURRENCY.get(lang, DEFAULT_CURRENCY.get(lang.split("-")[0], "USD")),
        theme=data["theme"],
        accent=data["accent"],
        seller=data["seller"],
        order=data["order"],
        social=data["social"],
        unsafe_html=bool(data["markdown"].get("unsafe_html")),
        share=data["share"],
        images_fit=data["images_fit"],
        resell_text=data["resell"].get("text") or "",
        resellers=data["resellers"],
        search=data["search"],
        lines={".".join(map(str, k)): v for k, v in located.lines.items() if len(k) == 1 or k[:1] == ("seller",) or k[:2] in LINED},
    )


LINED = {("order", "message"), ("order", "channels")}  # nested settings whose lines later checks report (a channel's qr:)
# `accent: #2a7ae2`: YAML reads ` #` as the start of a note, so the value is empty. A note starts with `# ` by habit.
_NOTE_AS_VALUE = re.compile(r"^[ \t]*(?:- )?([A-Za-z_][\w-]*):[ \t]+(#\S.*?)[ \t]*$")


_BLOCK_START = re.compile(r"^([ \t]*).*:[ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?$")


def _notes_in_place_of_values(text: str, problems: Problems) -> None:
    block = -1  # indent of a `key: |` line whose text follows: the message template is no setting
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        indent = len(line) - len(line.lstrip(" \t"))
        if block >= 0 and (not line.strip() or indent > block):
            continue
        block = len(start.group(1)) if (start := _BLOCK_START.match(line)) else -1
        if match := _NOTE_AS_VALUE.match(line):
            key, note = match.groups()
            problems.warn(CONFIG_FILE, number, key, tr("is empty: YAML reads '{note}' as a note, not as the value", note=note),
                          tr('put it in quotes: {key}: "{note}"', key=key, note=note))
