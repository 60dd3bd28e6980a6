"""Related products: the tiered set search gives exactly the plain scoring rule's answer."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings, strategies as st

from weishop.config.shop import ShopConfig
from weishop.content.model import Listing, Product, Site, Term


def reference(site: Site, product: Product, limit: int = 4) -> list[str]:
    """The rule as the seller reads it: category 2 points, each shared tag 1, ties in shop order."""
    order = {p.slug: i for i, p in enumerate(site.products)}
    scores = {}
    for other in site.products:
        if other.slug == product.slug:
            continue
        score = (2 if product.category and other.category == product.category else 0) + len(set(product.tags) & set(other.tags))
        if score:
            scores[other.slug] = score
    return sorted(scores, key=lambda slug: (-scores[slug], order[slug]))[:limit]


def make_site(rows: list[tuple[int | None, list[int]]]) -> Site:
    site = Site(config=ShopConfig.__new__(ShopConfig))
    cats = {i: Term("categories", f"c{i}", f"c{i}") for i in range(4)}
    tags = {i: Term("tags", f"t{i}", f"t{i}") for i in range(10)}
    for n, (cat, tag_ids) in enumerate(rows):
        site.products.append(Product(slug=f"p{n}", title=f"p{n}", price=Decimal(1), currency="CNY", body_html="", summary="",
                                     source=f"p{n}.md", category=cats[cat] if cat is not None else None,
                                     tags=tuple(tags[t] for t in dict.fromkeys(tag_ids))))
    site.by_slug = {p.slug: p for p in site.products}
    site.categories = [Listing(t, tuple(p for p in site.products if p.category == t)) for t in cats.values()]
    site.tags = [Listing(t, tuple(p for p in site.products if t in p.tags)) for t in tags.values()]
    return site


rows = st.lists(st.tuples(st.none() | st.integers(0, 3), st.lists(st.integers(0, 9), max_size=8)), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(rows)
def test_related_matches_the_scoring_rule(rows):
    site = make_site(rows)
    for product in site.products:
        assert [p.slug for p in site.related(product)] == reference(site, product)


def test_best_match_first_then_shop_order():
    site = make_site([(0, [1]), (0, []), (1, [1]), (0, [1]), (None, [2])])
    assert [p.slug for p in site.related(site.products[0])] == ["p3", "p1", "p2"]
    assert site.related(site.products[4]) == []


@settings(max_examples=100, deadline=None)
@given(rows, rows)
def test_a_kept_memo_gives_the_rule_s_answer_for_the_next_site(before, after):
    """The memo of one build, handed to the next (a title edit keeps it, any listing change resets it)."""
    memo: dict = {}
    first = make_site(before)
    first.keep_related(memo)
    for product in first.products:
        first.related(product)
    for site in (make_site(before), make_site(after)):
        site.keep_related(memo)
        for product in site.products:
            assert [p.slug for p in site.related(product)] == reference(site, product)


def test_the_memo_is_reused_while_the_listings_stay():
    memo: dict = {}
    first = make_site([(0, [1]), (0, []), (1, [1])])
    first.keep_related(memo)
    first.related(first.products[0])
    again = make_site([(0, [1]), (0, []), (1, [1])])
    again.keep_related(memo)
    assert again._related.known is memo["best"] and memo["best"]  # not computed again
    moved = make_site([(0, [1]), (1, []), (1, [1])])
    moved.keep_related(memo)
    assert memo["best"] == {}
