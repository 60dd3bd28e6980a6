"""Pages for sharing: the seller's post kit (`/kit/`) and the resellers' page (`/join/`).

Both are one page for the whole shop. Their browser script (resell.js) reads the product list from
catalog.json and a product's texts and poster data from its own page, so neither needs a page or a file per
product (per-product kits were half of all pages). `/kit/` is linked from nowhere and `noindex`; `/join/`
is linked from every page's footer and share box.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from weishop.content.model import Site
from weishop.pages.spec import PageSpec
from weishop.utils.messages import tr

if TYPE_CHECKING:
    from weishop.pages.render import Renderer

KIT_URL = "kit/"
JOIN_URL = "join/"


class _Markdown:
    """The seller's `resell.text` as HTML, converted only when /join/ is rendered (Markdown is imported only then).
    Its input is shop.yml, which the site version covers, so a fixed repr is right for the page fingerprint."""

    def __init__(self, text: str, base_path: str, unsafe_html: bool):
        self._args = (text, base_path, unsafe_html)

    def __html__(self) -> str:
        from weishop.content.markup import MarkdownRenderer

        text, base_path, unsafe_html = self._args
        return Markup(MarkdownRenderer(base_path, unsafe_html).render(text).html)

    def __repr__(self) -> str:
        return "resell-text"


def kit_page(renderer: "Renderer") -> PageSpec:
    return PageSpec(f"{KIT_URL}index.html", "kit.html", KIT_URL, renderer.t("kit_title"), {}, "", noindex=True)


def join_page(renderer: "Renderer") -> PageSpec:
    shop = renderer.site.config
    text = shop.resell_text or renderer.t("join_default_text", shop=shop.title, seller=shop.seller.get("name", ""))
    context = {"resell_html": _Markdown(text, shop.base_path, shop.unsafe_html), "resellers": shop.resellers}
    return PageSpec(f"{JOIN_URL}index.html", "join.html", JOIN_URL, renderer.t("join_title"), context, renderer.t("join_title"))


def summary(site: Site) -> str:
    """One line for the build summary: where the seller finds the kit (it is linked from nowhere)."""
    if not site.products:
        return ""
    url = f"{site.config.base_url}{KIT_URL}"
    return tr("post kit (for you, not linked from the shop): {url}", url=url)
