"""Field rules for shop.yml sections and front matter: types, required fields, unknown keys.

One table per kind, shared by loading, `weishop check` and `weishop new`. Checkers take
the parsed value plus its location and return the clean value or report a problem.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from weishop.errors import WeishopError, Problems
from weishop.config.frontmatter import Located, Path, field_label  # noqa: F401  (field_label: used by callers of schema)
from weishop.utils.messages import tr

MISSING = object()


class Invalid(WeishopError):
    def __init__(self, message: str, hint: str = "", path: Path | None = None):
        super().__init__(message)
        self.message, self.hint, self.path = message, hint, path


@dataclass
class Ctx:
    """Where a value sits: the file (relative to the shop), its located data, the path inside."""

    file: str
    located: Located
    path: Path
    problems: Problems

    def at(self, *more: Any) -> "Ctx":
        return Ctx(self.file, self.located, self.path + more, self.problems)

    @property
    def raw(self) -> str | None:
        return self.located.raw.get(self.path)

    def error(self, message: str, hint: str = "") -> None:
        self.problems.error(self.file, self.located.line(self.path), field_label(self.path), message, hint)


Checker = Callable[[Any, Ctx], Any]


@dataclass(frozen=True)
class Field:
    check: Checker
    required: bool = False
    default: Any = None


# --- scalar checkers -------------------------------------------------------


def text(value: Any, ctx: Ctx) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (dict, list)) or value is None:
        raise Invalid(tr("must be text"), tr("write it on one line after the colon"))
    # YAML 1.1 turned the seller's text into a bool/number/date: keep what they typed.
    return (ctx.raw or str(value)).strip()


def one_line(value: Any, ctx: Ctx) -> str:
    result = text(value, ctx)
    return " ".join(result.split())


# Digits with an optional decimal point, or thousands grouped by commas: `1,5` or `1e3` is refused
# rather than guessed (1.5? 15? 1000?), so a price never silently changes.
_PRICE_RE = re.compile(r"[+-]?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)?(?:\.[0-9]*)?")


def money(value: Any, ctx: Ctx) -> Decimal:
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise Invalid(tr("must be a number like 168 or 39.90"))
    source = (ctx.raw if ctx.raw is not None else str(value)).strip()
    if not _PRICE_RE.fullmatch(source) or not any(c.isdigit() for c in source):
        raise Invalid(tr("'{value}' is not a price", value=source), tr("write a number like 168 or 39.90"))
    amount = Decimal(source.replace(",", ""))
    if amount.is_zero():
        amount = amount.copy_abs()  # "-0" is a free sample, not a negative price
    if amount < 0:
        raise Invalid(tr("must be 0 or more"), tr("use 0 for a free sample"))
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise Invalid(tr("'{value}' has more than 2 decimals", value=source), tr("write {fixed}", fixed=amount.quantize(Decimal("0.01"))))
    return amount


def whole_number(value: Any, ctx: Ctx) -> int:
    """Read from the text the seller typed: `0123` is 123, not YAML 1.1's octal 83."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise Invalid(tr("must be a whole number like 12"))
    source = (ctx.raw if ctx.raw is not None else str(value)).strip()
    if not re.fullmatch(r"[+-]?[0-9]+", source):
        raise Invalid(tr("'{value}' is not a plain whole number", value=source), tr("write digits only, like 12"))
    return int(source)


def non_negative(value: Any, ctx: Ctx) -> int:
    number = whole_number(value, ctx)
    if number < 0:
        raise Invalid(tr("must be 0 or more"), tr("0 means sold out"))
    return number


def flag(value: Any, ctx: Ctx) -> bool:
    if not isinstance(value, bool):
        raise Invalid(tr("must be true or false"))
    return value


def date(value: Any, ctx: Ctx) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
            try:
                return dt.datetime.strptime(value.strip(), fmt)
            except ValueError:
                pass
    raise Invalid(tr("'{value}' is not a date", value=ctx.raw if ctx.raw is not None else value), tr("write YYYY-MM-DD, e.g. 2024-05-01"))


SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


MAX_WRITTEN_SLUG = 200  # share/<slug>.jpg must stay under the 255 bytes a file name may have


def slug(value: Any, ctx: Ctx) -> str:
    from weishop.utils.slugs import reserved_name, shorten, slugify

    result = text(value, ctx)
    if not SLUG_RE.fullmatch(result):
        raise Invalid(tr("'{value}' is not a slug", value=result),
                      tr("use lowercase letters, digits and dashes, e.g. '{example}'", example=slugify(result) or "my-product"))
    if len(result) > MAX_WRITTEN_SLUG:
        raise Invalid(f"is {len(result)} characters long, too long for a file name", f"use a shorter one, e.g. '{shorten(result)}'")
    if reserved_name(result):
        raise Invalid(f"'{result}' is a name Windows reserves for a device: the site could not be copied there",
                      f"use e.g. '{result}-1'")
    return result


def currency(value: Any, ctx: Ctx) -> str:
    from babel.numbers import list_currencies

    code = text(value, ctx).upper()
    if code not in list_currencies():
        meant = CURRENCY_SLIPS.get(code)
        raise Invalid(tr("'{value}' is not an ISO 4217 currency code", value=code), f"did you mean {meant}?" if meant else tr("e.g. CNY, USD, EUR, HKD, TWD, JPY"))
    return code


# What sellers write for a currency instead of its code.
CURRENCY_SLIPS = {"RMB": "CNY", "YUAN": "CNY", "¥": "CNY", "元": "CNY", "人民币": "CNY", "NTD": "TWD", "NT$": "TWD", "YEN": "JPY",
                  "円": "JPY", "HK$": "HKD", "US$": "USD", "$": "USD", "€": "EUR", "£": "GBP"}


def web_url(value: Any, ctx: Ctx) -> str:
    url = text(value, ctx)
    # No spaces, quotes, brackets or backslashes: they would end an attribute or a chat link early.
    if not re.match(r"^https?://[^\s/$.?#\"'<>\\`{}|^][^\s\"'<>\\`{}|^]*$", url, re.I):
        raise Invalid(tr("'{value}' is not a web address", value=url), tr("write the full address starting with https://"))
    return url


def https_url(value: Any, ctx: Ctx) -> str:
    url = web_url(value, ctx)
    if not url.lower().startswith("https://"):
        raise Invalid(tr("'{value}' must start with https://", value=url))
    return url


def rel_path(value: Any, ctx: Ctx) -> str:
    """A path the seller wrote for a file in their shop: never absolute, never above it."""
    path = text(value, ctx).replace("\\", "/")
    if not path:
        raise Invalid(tr("is empty"))
    if path.startswith("/") or re.match(r"^[a-zA-Z]:", path) or "://" in path:
        raise Invalid(tr("'{value}' must be a path inside the shop", value=path), tr("write it relative to content/ or to this file's folder"))
    if ".." in path.split("/"):
        raise Invalid(tr("'{value}' points outside the shop", value=path), tr("remove '..' and keep the file inside content/"))
    return path


def image_fit(value: Any, ctx: Ctx) -> str:
    """How a photo fills the gallery's square: whole (contain) or cropped (cover)."""
    fit = text(value, ctx).lower()
    if fit not in ("contain", "cover"):
        raise Invalid(f"'{fit}' is not contain or cover", "contain shows the whole photo, cover crops it to fill the square")
    return fit


def image_ref(value: Any, ctx: Ctx) -> dict[str, str]:
    """`photo.jpg`, or `{src: photo.jpg, alt: what it shows, fit: cover}` for a better description than the title."""
    if isinstance(value, dict):
        return validate(value, {"src": Field(rel_path, required=True), "alt": Field(one_line), "fit": Field(image_fit)}, ctx)
    return {"src": rel_path(value, ctx)}


def list_of(item: Checker) -> Checker:
    def check(value: Any, ctx: Ctx) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            value = [value]
            results = [_run(item, value[0], ctx)]
        else:
            results = [_run(item, v, ctx.at(i)) for i, v in enumerate(value)]
        return [r for r in results if r is not MISSING]

    return check


def tag_list(value: Any, ctx: Ctx) -> list[str]:
    """Tags as a list; `tags: 岩茶, 新茶` is one tag as YAML reads it, which the seller rarely means."""
    if isinstance(value, str) and any(mark in value for mark in ",，、"):
        parts = [p.strip() for p in re.split(r"[,，、]", value) if p.strip()]
        ctx.problems.warn(ctx.file, ctx.located.line(ctx.path), field_label(ctx.path), tr("'{value}' is one tag", value=value.strip()),
                          tr("for several, write {field}: [{tags}]", field=ctx.path[-1], tags=", ".join(parts)))
    return list_of(one_line)(value, ctx)


def _run(check: Checker, value: Any, ctx: Ctx) -> Any:
    try:
        return check(value, ctx)
    except Invalid as exc:
        (ctx.at(*exc.path) if exc.path else ctx).error(exc.message, exc.hint)
        return MISSING


def mapping(fields: dict[str, Field], name: str) -> Checker:
    def check(value: Any, ctx: Ctx) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Invalid(tr("must be a {name} with fields {fields}", name=name, fields=", ".join(fields)))
        return validate(value, fields, ctx)

    return check


def validate(data: Any, fields: dict[str, Field], ctx: Ctx) -> dict[str, Any]:
    """Check every field; report unknown keys with a 'did you mean'; never stop at the first."""
    if not isinstance(data, dict):
        ctx.error(tr("must be a set of 'key: value' lines"))
        return {}
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if key not in fields:
            guess = difflib.get_close_matches(str(key), fields, n=1, cutoff=0.6)
            hint = tr("did you mean '{guess}'?", guess=guess[0]) if guess else tr("known fields: {fields}", fields=", ".join(fields))
            ctx.at(key).error(tr("unknown field"), hint)
            continue
        if value is None:
            if fields[key].required:
                ctx.at(key).error("is empty", f"write a value after '{key}:'")
            continue
        result = _run(fields[key].check, value, ctx.at(key))
        if result is not MISSING:
            clean[key] = result
    for key, rule in fields.items():
        if key in clean:
            continue
        if rule.required and key not in data:
            ctx.error(tr("'{key}' is required", key=key), tr("add a line '{key}: …'", key=key))
        elif not rule.required:
            clean.setdefault(key, rule.default() if callable(rule.default) else rule.default)
    return clean


# --- compound fields -------------------------------------------------------


def option_value(value: Any, ctx: Ctx) -> dict[str, Any]:
    if isinstance(value, dict):
        return validate(value, {"label": Field(one_line, required=True), "price": Field(money)}, ctx)
    return {"label": one_line(value, ctx), "price": None}


OPTION_FIELDS = {
    "name": Field(one_line, required=True),
    "values": Field(list_of(option_value), required=True),
}


def option(value: Any, ctx: Ctx) -> dict[str, Any]:
    result = mapping(OPTION_FIELDS, "option")(value, ctx)
    values = result.get("values") or []
    if "values" in result and not values:
        ctx.at("values").error(tr("needs at least one value"), tr("list the choices, e.g. [50g, 250g]"))
    labels = [v.get("label") for v in values]
    for i, label in enumerate(labels):
        if label in labels[:i]:
            ctx.at("values", i).error(tr("'{label}' is listed twice", label=label))
    result["values"] = values
    return result


def rating(value: Any, ctx: Ctx) -> int:
    number = whole_number(value, ctx)
    if not 1 <= number <= 5:
        raise Invalid(tr("must be 1 to 5 (stars)"))
    return number


REVIEW_FIELDS = {
    "name": Field(one_line, required=True),
    "rating": Field(rating),
    "date": Field(date),
    "text": Field(text, required=True),
}

PRODUCT_FIELDS = {
    "title": Field(one_line, required=True),
    "price": Field(money, required=True),
    "compare_at": Field(money),
    "currency": Field(currency),
    "images": Field(list_of(image_ref), default=list),
    "summary": Field(one_line),
    "category": Field(one_line),
    "tags": Field(tag_list, default=list),
    "options": Field(list_of(option), default=list),
    "stock": Field(non_negative),
    "featured": Field(flag, default=False),
    "date": Field(date),
    "slug": Field(slug),
    "sku": Field(one_line),
    "draft": Field(flag, default=False),
    "example": Field(flag, default=False),  # the starter shop's documents: reported until replaced (content/examples.py)
    "payment_link": Field(https_url),
    "reviews": Field(list_of(mapping(REVIEW_FIELDS, "review")), default=list),
}

STORY_FIELDS = {
    "title": Field(one_line, required=True),
    "date": Field(date, required=True),
    "cover": Field(rel_path),
    "summary": Field(one_line),
    "tags": Field(tag_list, default=list),
    "products": Field(list_of(slug), default=list),
    "draft": Field(flag, default=False),
    "example": Field(flag, default=False),  # the starter shop's documents: reported until replaced (content/examples.py)
    "slug": Field(slug),
}

PAGE_FIELDS = {
    "title": Field(one_line, required=True),
    "slug": Field(slug),
    "menu": Field(flag, default=False),
    "weight": Field(whole_number, default=0),
    "summary": Field(one_line),
    "draft": Field(flag, default=False),
    "example": Field(flag, default=False),  # the starter shop's documents: reported until replaced (content/examples.py)
}
