"""The seller's post kit (`/kit/<slug>/`): ready-to-post texts for each social channel, plus the images.

Each channel has its own length rule and hashtag style, so one text does not fit all:
WeChat Moments folds after six lines and has no hashtags; Weibo shows 140 characters before
"展开" and writes topics as #话题#; Xiaohongshu titles stop at 20 characters and notes cannot
carry links; Instagram captions stop at 2,200 characters and 30 hashtags; X counts 280 with
Chinese/Japanese characters as two and every link as 23. The page is not linked from the shop
and is `noindex`; its `?ref=` field (share.js) puts a reseller's code into every link.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from weishop.content.model import Product, Site
from weishop.media.posters import poster_path
from weishop.pages.spec import PageSpec
from weishop.media.cards import card_path

if TYPE_CHECKING:
    from weishop.pages.render import Renderer

URL_RE = re.compile(r"https?://\S+")
X_URL_WEIGHT = 23  # X shortens every link to t.co
WEIBO_URL_WEIGHT = 10  # Weibo shortens links to t.cn: about 20 narrow characters, counted as 10
ELLIPSIS = "…"


@dataclass(frozen=True)
class Words:
    """The phrases of the texts in the shop's language (from the theme's i18n)."""

    price_line: str  # "Price: {price}"
    link_line: str  # "👉 Order here: {link}"


@dataclass(frozen=True)
class ChannelText:
    key: str  # wechat | weibo | xiaohongshu | instagram | x
    text: str
    limit: int  # 0: no hard limit
    length: int  # counted the channel's way


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def x_length(text: str) -> int:
    """X's weighted count: links 23, CJK and emoji 2, everything else 1 (twitter-text's ranges, simplified)."""
    total = 0
    for part in URL_RE.split(text):
        for char in part:
            code = ord(char)
            light = code <= 0x10FF or 0x2000 <= code <= 0x200D or 0x2010 <= code <= 0x201F or 0x2032 <= code <= 0x2037
            total += 1 if light else 2
    return total + X_URL_WEIGHT * len(URL_RE.findall(text))


def weibo_length(text: str) -> int:
    """Weibo's count: a Chinese character 1, two Latin characters 1, a link 10."""
    halves = 0
    for part in URL_RE.split(text):
        halves += sum(2 if _wide(c) else 1 for c in part)
    return (halves + 1) // 2 + WEIBO_URL_WEIGHT * len(URL_RE.findall(text))


def hashtag(name: str) -> str:
    """A tag as one hashtag word: spaces and punctuation dropped (`maple syrup` → `maplesyrup`)."""
    return re.sub(r"[^\w]", "", name)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def fit(compose: Callable[[str], str], summary: str, measure: Callable[[str], int], limit: int) -> str:
    """The longest `compose(summary cut short)` that `measure`s within `limit`; no summary at all as the last resort."""
    text = compose(summary)
    if measure(text) <= limit:
        return text
    low, high = 0, len(summary)
    while low < high:  # binary search on the summary's length
        mid = (low + high + 1) // 2
        if measure(compose(summary[:mid].rstrip() + ELLIPSIS)) <= limit:
            low = mid
        else:
            high = mid - 1
    return compose(summary[:low].rstrip() + ELLIPSIS) if low else compose("")


def _lines(*parts: str) -> str:
    text = "\n".join(parts)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def channel_texts(title: str, summary: str, price: str, tags: list[str], link: str, words: Words) -> list[ChannelText]:
    """The five ready-to-post texts for one product."""
    price_line = words.price_line.format(price=price)
    link_line = words.link_line.format(link=link)
    tag_words = [t for t in dict.fromkeys(hashtag(tag) for tag in tags) if t]
    texts: list[ChannelText] = []

    moments = _lines(title, clip(summary, 80), price_line, link_line)  # short lines: Moments folds after six
    texts.append(ChannelText("wechat", moments, 0, len(moments)))

    topics = "".join(f"#{t}#" for t in tag_words[:3])

    def weibo(s: str) -> str:
        return f"{topics}【{title}】{s} {price_line} {link}".strip()

    text = fit(weibo, summary, weibo_length, 140)
    texts.append(ChannelText("weibo", text, 140, weibo_length(text)))

    xhs_tags = " ".join(f"#{t}" for t in tag_words[:10])
    text = _lines(clip(title, 20), "", clip(summary, 800), "", price_line, "", xhs_tags)  # no link: notes cannot carry one
    texts.append(ChannelText("xiaohongshu", text, 1000, len(text)))

    ig_tags = " ".join(f"#{t}" for t in tag_words[:30])

    def instagram(s: str) -> str:
        return _lines(title, "", s, "", price_line, link_line, "", ig_tags)

    text = fit(instagram, summary, len, 2200)
    texts.append(ChannelText("instagram", text, 2200, len(text)))

    x_tags = " ".join(f"#{t}" for t in tag_words[:2])

    def tweet(s: str) -> str:
        return _lines(f"{title} {price}", s, f"{link} {x_tags}".strip())

    text = fit(tweet, summary, x_length, 280)
    texts.append(ChannelText("x", text, 280, x_length(text)))
    return texts


def kit_url(product: Product) -> str:
    return f"kit/{product.slug}/"


class _LazyTexts:
    """The channel texts, made only if the kit page is rendered: kits are a third of a shop's pages and
    most keep their file on a rebuild. Their inputs are the page's product (whose token the page
    fingerprint covers) and shop-wide strings and settings (the site version), so a fixed repr is right."""

    def __init__(self, make: Callable[[], list[ChannelText]]):
        self._make = make
        self._texts: list[ChannelText] | None = None

    def __iter__(self):
        if self._texts is None:
            self._texts = self._make()
        return iter(self._texts)

    def __repr__(self) -> str:
        return "kit-texts"


def kit_page(renderer: "Renderer", product: Product) -> PageSpec:
    """The post kit page of one product; rendered with the shop's pages (build.render_site)."""
    link = renderer.abs_url(product.url)

    def texts() -> list[ChannelText]:
        words = Words(renderer.t("kit_price_line"), renderer.t("kit_link_line"))
        return channel_texts(product.title, product.summary, renderer.money_range(product),
                             [t.name for t in product.tags], link, words)

    return PageSpec(f"{kit_url(product)}index.html", "kit.html", kit_url(product), renderer.t("kit_title", title=product.title),
                    {"product": product, "texts": _LazyTexts(texts), "link": link, "share_image": card_path("product", product.slug),
                     "poster": poster_path(product.slug)},
                    product.summary, "website", product.image, noindex=True, origin=product.source)


def summary(site: Site, shown: int = 5) -> str:
    """One line for the build summary: where the seller finds the kits (they are linked from nowhere)."""
    if not site.products:
        return ""
    urls = [site.config.base_url + kit_url(p) for p in site.products[:shown]]
    more = len(site.products) - shown
    return "post kits (for you, not linked from the shop): " + " ".join(urls) + (f" and {more} more under kit/" if more > 0 else "")
