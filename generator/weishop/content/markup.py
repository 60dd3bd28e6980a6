"""Markdown bodies to safe HTML: one configured Python-Markdown, reset between documents.

Raw HTML is escaped unless the seller opts in; links and images with script-capable
schemes are neutralised; site-relative `/…` links get base_url's path in front.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html import unescape
from typing import Callable

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

EXTENSIONS = ["tables", "fenced_code", "attr_list", "footnotes", "sane_lists"]
_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:|tel:|sms:|#|/|\.|[^:/?#]*(?:[/?#]|$))", re.I)
_SAFE_ATTRS = re.compile(r"^on", re.I)


@dataclass
class Rendered:
    html: str
    summary: str  # plain text of the first paragraph
    images: list[str]  # image sources as written, for the image pipeline


def is_safe_url(url: str, image: bool = False) -> bool:
    """True for http(s), mail, phone, fragments and relative links; `data:` only for images.

    Judged as a browser reads it: entities decoded (`&#106;avascript:`), controls and spaces dropped.
    """
    compact = re.sub(r"[\x00-\x20\x7f]+", "", unescape(url))
    if image and compact.lower().startswith("data:image/") and not compact.lower().startswith("data:image/svg"):
        return True
    return bool(_SAFE_SCHEME.match(compact))


class _LinkTreeprocessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, owner: "MarkdownRenderer"):
        super().__init__(md)
        self.owner = owner

    def run(self, root: etree.Element) -> None:
        owner = self.owner
        owner._summary = ""
        owner._images = []
        for el in root.iter():
            for attr in list(el.attrib):
                if _SAFE_ATTRS.match(attr):  # attr_list must not smuggle in onclick=…
                    del el.attrib[attr]
            if el.tag == "a" and "href" in el.attrib:
                el.set("href", owner._fix(el.get("href", ""), image=False))
            elif el.tag == "img" and "src" in el.attrib:
                src = el.get("src", "")
                owner._images.append(src)
                el.set("src", owner._fix(src, image=True))
                el.set("loading", "lazy")
                el.set("decoding", "async")
            elif el.tag == "p" and not owner._summary:
                owner._summary = " ".join("".join(el.itertext()).split())


class _LinksExtension(Extension):
    def __init__(self, owner: "MarkdownRenderer"):
        super().__init__()
        self.owner = owner

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_LinkTreeprocessor(md, self.owner), "weishop_links", 1)


class MarkdownRenderer:
    """Configured once per build; `render` resets the parser between documents."""

    def __init__(self, base_path: str = "/", unsafe_html: bool = False):
        self.base_path = base_path.rstrip("/")
        self.rewrite_image: Callable[[str], str] | None = None
        self._summary = ""
        self._images: list[str] = []
        self._md = markdown.Markdown(extensions=[*EXTENSIONS, _LinksExtension(self)], output_format="html")
        if not unsafe_html:
            # Without these, raw HTML is treated as text and escaped on output.
            self._md.preprocessors.deregister("html_block")
            self._md.inlinePatterns.deregister("html")

    def _fix(self, url: str, image: bool) -> str:
        if not is_safe_url(url, image=image):
            return "#"
        if url.startswith("/") and not url.startswith("//"):
            return self.base_path + url
        if image and self.rewrite_image:
            return self.rewrite_image(url)
        return url

    def render(self, text: str, rewrite_image: Callable[[str], str] | None = None) -> Rendered:
        """`rewrite_image` maps a relative image path to its URL (bundles move with their slug)."""
        self._md.reset()
        self.rewrite_image = rewrite_image
        html = self._md.convert(text)
        return Rendered(html=html, summary=self._summary, images=list(self._images))
