"""What a page is before it is rendered: its path, template and context (PageSpec), and list paging.

Its own module so that SEO, kits, the page cache and the build can all name a page without
importing the renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class PageSpec:
    """One page to render: output path, template, and what it shows."""

    path: str  # output file, e.g. products/x/index.html
    template: str
    url: str  # site-relative URL, e.g. products/x/
    title: str
    context: dict[str, Any]
    description: str = ""
    kind: str = "website"  # og:type-like: website | product | article
    image: Any = None  # model Image used for sharing, if any
    noindex: bool = False
    origin: str = ""  # the seller's file this page comes from, for messages


PER_PAGE = 48  # cards per listing page: enough to browse, light enough for a phone on mobile data
HOME_LIMIT = 48  # newest products on the home page



@dataclass(frozen=True)
class Pager:
    number: int
    pages: int
    count: int
    prev: str | None
    next: str | None


def made_from(entity: Any) -> str:
    """What a product, story or page looks like on any page: its token (its source's hash) plus the
    spelling of its category and tags, which the first product using a term decides."""
    terms = ((getattr(entity, "category", None),) + tuple(getattr(entity, "tags", ()))) if hasattr(entity, "tags") else ()
    return entity.token + "".join(f"|{term.name}" for term in terms if term)
