"""Order links: channel → URL, the composed order message, and the data shop.js needs to do the same.

How the browser composes the same message as the build (one design, both sides):

- The message template (`order.message`, else the language's `order_message` UI string) is compiled
  by `ordermessage.compile_message` into Jinja for the build and a JSON program for shop.js. Both get
  the same context shape (SPEC §3: shop, seller, items, total, ref, url); amounts reach the template
  already formatted, so the template never does arithmetic.
- Money: integer cents on both sides; `MoneyFormat` (prefix, separators, digits, suffix read off
  Babel's output) prints them, in Python here and in shop.js `money()`; tests check it equals Babel.
- Channel URLs: `channel_pattern` turns a channel into a URL with holes `{m}` (message), `{s}`
  (e-mail subject), `{a}` (PayPal amount); `fill` (and shop.js `fill`) percent-encodes with
  encodeURIComponent's character set. A filled URL longer than LINK_LIMIT is filled instead with the
  short message, which links to `/order/#<fragment>` (see `fragment`): the full order read in the
  browser from the fragment, never sent to a server.
- The HTML carries the links for the default option and quantity 1 (works without JavaScript);
  the page's JSON (`OrderTools.config`, `product_data`, `catalog`) lets shop.js redo them.
"""

from __future__ import annotations

import re
from functools import cached_property
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable
from urllib.parse import quote

from babel.numbers import get_currency_precision

from weishop.utils import l10n
from weishop.config.shop import REF_RE
from weishop.errors import Problems
from weishop.pages.ordermessage import Message, MessageError, compile_message

LINK_LIMIT = 1800  # chat apps and browsers cut or refuse longer links; long orders go by /order/#…
HOLE_RE = re.compile(r"\{([msa])\}")
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")
URL_SAFE = "!~*'()"  # with quote's own unreserved set: exactly what encodeURIComponent leaves alone


def encode(text: str) -> str:
    """Percent-encode everything that could change a URL's meaning (`&`, `#`, `?`, newlines, CJK …)."""
    return quote(text, safe=URL_SAFE)


def digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def channel_pattern(channel: dict[str, Any]) -> str | None:
    """The channel's URL with `{m}`/`{s}`/`{a}` holes; None for WeChat, which has no chat link."""
    kind = channel["type"]
    if kind == "whatsapp":
        return f"https://wa.me/{digits(channel['phone'])}?text={{m}}"
    if kind == "telegram":
        return f"https://t.me/{encode(channel['username'])}?text={{m}}"
    if kind == "line":  # LINE's documented "send a message to an official account" link; IDs start with @
        return f"https://line.me/R/oaMessage/{encode('@' + channel['id'])}/?{{m}}"
    if kind == "sms":  # `?&body=` is read by both iOS and Android
        return f"sms:+{digits(channel['phone'])}?&body={{m}}"
    if kind == "email":
        return f"mailto:{channel['address']}?subject={{s}}&body={{m}}"
    if kind == "paypal":
        return f"https://paypal.me/{encode(channel['username'])}/{{a}}"
    if kind == "link":
        return channel["url"].replace("{", "%7B").replace("}", "%7D")
    return None


def fill(pattern: str, message: str, subject: str = "", amount: str = "") -> str:
    values = {"m": encode(message), "s": encode(subject), "a": encode(amount)}
    return HOLE_RE.sub(lambda m: values[m.group(1)], pattern)


def link(pattern: str, message: str, short: str, subject: str = "", amount: str = "") -> str:
    """The filled link, or the short message's when the full one would be too long for chat apps."""
    url = fill(pattern, message, subject, amount)
    return url if len(url) <= LINK_LIMIT else fill(pattern, short, subject, amount)


def placeholders(text: str, values: dict[str, Any]) -> str:
    """`{name}` filled from values; unknown names left as written (shop.js `sub` does the same)."""
    return PLACEHOLDER_RE.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


@dataclass(frozen=True)
class MoneyFormat:
    """How one currency prints in one language, as plain data shop.js can use too."""

    pre: str
    suf: str
    grp: str
    dec: str
    digits: int

    @classmethod
    def of(cls, currency: str, language: str) -> "MoneyFormat":
        places = get_currency_precision(currency)
        sample = l10n.money(Decimal("1234567.89"), currency, language)
        found = [i for i, ch in enumerate(sample) if ch.isdigit()]
        first, last = found[0], found[-1]
        middle = sample[first:last + 1]
        return cls(pre=sample[:first], suf=sample[last + 1:], grp=middle[1] if not middle[1].isdigit() else "",
                   dec=middle[-places - 1] if places else ".", digits=places)

    def format(self, amount_cents: int) -> str:
        if self.digits >= 2:
            whole, frac = divmod(amount_cents, 100)
            fraction = f"{frac:02d}" + "0" * (self.digits - 2)
        else:
            whole, frac = divmod(_round_half_even(amount_cents, 10 ** (2 - self.digits)), 10 ** self.digits)
            fraction = f"{frac:0{self.digits}d}" if self.digits else ""
        text = str(whole)
        groups = []
        while len(text) > 3:
            groups.insert(0, text[-3:])
            text = text[:-3]
        groups.insert(0, text)
        return self.pre + self.grp.join(groups) + (self.dec + fraction if fraction else "") + self.suf


def _round_half_even(amount_cents: int, unit: int) -> int:
    """Cents to whole units of `unit` cents the way Babel rounds (banker's rounding); shop.js `parts` too."""
    whole, rest = divmod(amount_cents, unit)
    return whole + (1 if rest * 2 > unit or (rest * 2 == unit and whole % 2) else 0)


def paypal_amount(amount_cents: int, currency: str, fmt: MoneyFormat) -> str:
    return plain_number(amount_cents, fmt.digits) + currency


def plain_number(amount_cents: int, places: int) -> str:
    """`168.00`, `1680`: what PayPal.me wants (shop.js: `(c / 100).toFixed(d)`)."""
    if places >= 2:
        whole, frac = divmod(amount_cents, 100)
        return f"{whole}.{frac:02d}" + "0" * (places - 2)
    whole, frac = divmod(_round_half_even(amount_cents, 10 ** (2 - places)), 10 ** places)
    return f"{whole}.{frac:0{places}d}" if places else str(whole)


def unit_cents(product: Any, choice: Iterable[int]) -> int:
    """The price for the chosen option values: the first chosen value with its own price, else the product's."""
    for option, index in zip(product.options, choice):
        if option.values[index].price != product.price:
            return cents(option.values[index].price)
    return cents(product.price)


def option_label(product: Any, choice: Iterable[int]) -> str:
    return " / ".join(option.values[index].label for option, index in zip(product.options, choice))


def fragment(items: Iterable[tuple[str, int, Iterable[int], int]], ref: str = "") -> str:
    """`1.<ref>.<slug>_<qty>_<option indices>_<unit cents>…`: short, and safe in a URL and a chat message."""
    parts = [f"{slug}_{quantity}_{'-'.join(map(str, choice))}_{unit}" for slug, quantity, choice, unit in items]
    return ".".join(["1", ref if REF_RE.fullmatch(ref or "") else "", *parts])


def check_message(config: Any, problems: Problems) -> Message | None:
    """The seller's `order.message`, compiled; problems reported at its line in shop.yml."""
    source = config.order.get("message")
    if not source:
        return None
    try:
        return compile_message(source)
    except MessageError as exc:
        start = config.lines.get("order.message", config.lines.get("order", 0))
        line = start + exc.line if "\n" in source.strip() else start
        problems.error("shop.yml", line, "order.message", exc.message, exc.hint)
        return None


class OrderTools:
    """What templates call (`orders.links(product)` …): links and page JSON from the model, no I/O."""

    def __init__(self, site: Any, t: Callable[..., str], abs_url: Callable[[str], str], url: Callable[[str], str]):
        self.site = site
        self.config = site.config
        self.t = t
        self.abs_url = abs_url
        self.url = url
        source = self.config.order.get("message") or t("order_message")
        self.message = compile_message(source)
        self.channels = self.config.order.get("channels", [])
        self._formats: dict[str, MoneyFormat] = {}

    def money(self, currency: str) -> MoneyFormat:
        if currency not in self._formats:
            self._formats[currency] = MoneyFormat.of(currency, self.config.language)
        return self._formats[currency]

    def referrer(self, code: str) -> str:
        """How a message names a referral code: `小林 (xiaolin)` for a named reseller, else the code (shop.js `named`)."""
        name = self.config.resellers.get(code)
        return f"{name} ({code})" if name else code

    def context(self, items: list[dict[str, Any]], total: str, ref: str, page_url: str) -> dict[str, Any]:
        shop = self.config
        seller = {k: v for k, v in shop.seller.items() if isinstance(v, str)}
        return {"shop": {"title": shop.title, "tagline": shop.tagline, "url": shop.base_url},
                "seller": seller, "items": items, "total": total, "ref": self.referrer(ref), "url": page_url}

    def label(self, channel: dict[str, Any]) -> str:
        return channel.get("label") or self.t(f"order_via_{channel['type']}")

    def subject(self) -> str:
        return self.t("order_subject", shop=self.config.title)

    def short(self, count: int, total: str, order_link: str, ref: str) -> str:
        text = placeholders(self.t("order_short_message"), {"seller": self.config.seller.get("name", ""), "count": count,
                                                             "total": total, "link": order_link})
        return text + ("\n" + placeholders(self.t("order_ref_line"), {"ref": self.referrer(ref)}) if ref else "")

    def product_message(self, product: Any, ref: str = "") -> str:
        """The message for one item: default options, quantity 1 (what the HTML links carry)."""
        choice = [0] * len(product.options)
        unit = unit_cents(product, choice)
        fmt = self.money(product.currency)
        page = self.abs_url(product.url)
        item = {"title": product.title, "option": option_label(product, choice), "quantity": 1,
                "price": fmt.format(unit), "total": fmt.format(unit), "url": page}
        return self.message.render(self.context([item], fmt.format(unit), ref, page))

    def links(self, product: Any) -> list[dict[str, Any]]:
        """Each channel of shop.yml in order: label and the link for the product's default order."""
        choice = [0] * len(product.options)
        unit = unit_cents(product, choice)
        fmt = self.money(product.currency)
        message = self.product_message(product)
        order_link = self.abs_url("order/") + "#" + fragment([(product.slug, 1, choice, unit)])
        short = self.short(1, fmt.format(unit), order_link, "")
        result = []
        for index, channel in enumerate(self.channels):
            pattern = channel_pattern(channel)
            href = link(pattern, message, short, self.subject(), paypal_amount(unit, product.currency, fmt)) if pattern else None
            result.append({"index": index, "type": channel["type"], "label": self.label(channel), "href": href,
                           "id": channel.get("id", ""), "message": message})
        return result

    def cart_links(self) -> list[dict[str, Any]]:
        """The channels for the cart page: links are composed by shop.js from the stored cart."""
        return [{"index": i, "type": c["type"], "label": self.label(c), "href": None if c["type"] == "wechat" else "#",
                 "id": c.get("id", ""), "message": ""} for i, c in enumerate(self.channels)]

    def product_data(self, product: Any) -> dict[str, Any]:
        """One product as shop.js reads it: prices in cents, options with their own prices."""
        return {"s": product.slug, "t": product.title, "u": self.abs_url(product.url), "h": self.url(product.url), "c": product.currency,
                "p": cents(product.price), "x": 1 if product.sold_out else 0,
                "o": [[o.name, [[v.label, cents(v.price)] for v in o.values]] for o in product.options]}

    def catalog(self) -> dict[str, Any]:
        return {p.slug: self.product_data(p) for p in self.site.products}


    @cached_property
    def currencies(self) -> set[str]:
        """Every currency of the shop; once per build, not once per page (that was quadratic)."""
        return {self.config.currency, *(p.currency for p in self.site.products)}

    def script_config(self, page_rel: str) -> dict[str, Any]:
        """Everything shop.js needs to compose messages on this page (JSON in the page)."""
        currencies = self.currencies
        context = self.context([], "", "", self.abs_url(page_rel))
        return {
            "base": self.url(""),
            "order": self.abs_url("order/"),
            "msg": self.message.program,
            "ctx": {"shop": context["shop"], "seller": context["seller"], "url": context["url"]},
            "short": self.t("order_short_message"),
            "refLine": self.t("order_ref_line"),
            "subject": self.subject(),
            "limit": LINK_LIMIT,
            "names": self.config.resellers,
            "money": {c: asdict(self.money(c)) for c in sorted(currencies)},
            "ch": [[c["type"], channel_pattern(c)] for c in self.channels],
            "t": {key: self.t(key) for key in JS_STRINGS},
        }


JS_STRINGS = ("order_added", "order_view_cart", "order_copied", "order_copy_failed", "order_remove",
              "order_price_changed", "order_unavailable", "order_less", "order_more", "order_quantity", "sold_out")
