"""Which pages the site has: one PageSpec per page, listings split into pages of PER_PAGE."""

from __future__ import annotations

from typing import Any, Iterator

from weishop.content.model import Site
from weishop.pages.spec import PER_PAGE, PageSpec, Pager


def list_pages(site: Site) -> Iterator[PageSpec]:
    shop = site.config
    yield PageSpec("index.html", "home.html", "", shop.title, {}, shop.tagline or shop.seller.get("bio", ""), image=site.avatar)
    for product in site.products:
        yield PageSpec(f"{product.url}index.html", "product.html", product.url, product.title,
                       {"product": product, "related": site.related(product)},
                       product.summary, "product", product.image, origin=product.source)
    yield from _paged("products/", "all_products", site.products, (), {})
    for listing in site.categories + site.tags:
        heading_key = "tagged" if listing.term.kind == "tags" else ""
        yield from _paged(listing.term.url, heading_key, listing.products, listing.stories,
                          {"name": listing.term.name})
    for number, page_url, pager in _pages("stories/", len(site.stories)):
        yield PageSpec(f"{page_url}index.html", "stories.html", page_url, "",
                       {"stories": site.stories[(number - 1) * PER_PAGE : number * PER_PAGE], "pager": pager}, "")
    for story in site.stories:
        yield PageSpec(f"{story.url}index.html", "story.html", story.url, story.title,
                       {"story": story, "products": site.story_products(story)}, story.summary, "article", story.cover, origin=story.source)
    for page in site.pages:
        yield PageSpec(f"{page.url}index.html", "page.html", page.url, page.title, {"page_entity": page}, page.summary, origin=page.source)
    # Crawlable on purpose (a `noindex` cart costs the page its SEO score) but left out of the sitemap.
    yield PageSpec("cart/index.html", "cart.html", "cart/", "", {}, "")  # empty until shop.js fills it
    yield PageSpec("order/index.html", "order.html", "order/", "", {}, "", noindex=True)  # reads the order from #fragment
    yield PageSpec("404.html", "404.html", "404.html", "", {}, "", noindex=True)
    if shop.search:  # where the header's search form goes in a browser without JavaScript
        yield PageSpec("search/index.html", "search.html", "search/", "", {}, "", noindex=True)


def _pages(url: str, count: int) -> Iterator[tuple[int, str, Pager]]:
    """(number, url, pager) of a list of `count` items split into pages of PER_PAGE: `url`, then `url`page/2/ …"""
    pages = max(1, -(-count // PER_PAGE))
    for number in range(1, pages + 1):
        page_url = url if number == 1 else f"{url}page/{number}/"
        yield number, page_url, Pager(number, pages, count,
                                      prev=None if number == 1 else (url if number == 2 else f"{url}page/{number - 1}/"),
                                      next=f"{url}page/{number + 1}/" if number < pages else None)


def _paged(url: str, heading_key: str, products: Any, stories: Any, extra: dict[str, Any]) -> Iterator[PageSpec]:
    """A product listing in pages of PER_PAGE; stories only on the first."""
    for number, page_url, pager in _pages(url, len(products)):
        context = {"products": products[(number - 1) * PER_PAGE : number * PER_PAGE], "stories": stories if number == 1 else (),
                   "pager": pager, "heading_key": heading_key, **extra}
        title = extra.get("name", "")
        yield PageSpec(f"{page_url}index.html", "listing.html", page_url, title, context, "")
