"""Related products: those sharing a product's category (2 points) or tags (1 each), best first, then in shop order.

Scoring every product of every shared term is quadratic (a 10,000-product shop has thousands in
a category), so the best are found tier by tier (set intersections at C speed), once per
combination of category and tags: products with the same terms share it. A memo handed from the
last build (`weishop serve`'s, or the one saved in .weishop-cache/) keeps those answers while the
products and their listings are as they were.
"""

from __future__ import annotations

import heapq
from itertools import islice
from typing import Any


class Related:
    def __init__(self, products: list[Any], listings: list[Any], memo: dict[str, Any] | None = None):
        self.order = {p.slug: i for i, p in enumerate(products)}
        self.members = {listing.term: (frozenset(p.slug for p in listing.products), [p.slug for p in listing.products])
                        for listing in listings}
        self.pairs: dict[tuple[Any, Any], frozenset[str]] = {}
        memo = {} if memo is None else memo
        shape = (list(self.order), [(term, slugs) for term, (_, slugs) in self.members.items()])
        if memo.get("shape") != shape:
            memo.clear()
            memo.update(shape=shape, best={})
        self.known: dict[tuple, list[str]] = memo["best"]  # best slugs per (term, weight) combination

    def best(self, product: Any, limit: int = 4) -> list[str]:
        """The slugs of the `limit` products most related to `product`."""
        terms = ((product.category, 2),) if product.category else ()
        terms += tuple((tag, 1) for tag in product.tags)
        best = self.known.get(terms)
        if best is None:
            best = self.known[terms] = self._best(terms, limit + 1)
        return [slug for slug in best if slug != product.slug][:limit]

    def _best(self, terms: tuple[tuple[Any, int], ...], limit: int) -> list[str]:
        """The `limit` best products for these (term, weight) pairs, best first, then in shop order."""
        empty: tuple[frozenset[str], list[str]] = (frozenset(), [])
        groups = [(self.members.get(term, empty), weight) for term, weight in terms]
        if len(groups) > 6:  # many tags: score the candidates one by one
            scores: dict[str, int] = {}
            for (members, _), weight in groups:
                for slug in members:
                    scores[slug] = scores.get(slug, 0) + weight
            return sorted(scores, key=lambda slug: (-scores[slug], self.order[slug]))[:limit]  # type: ignore[index]
        tiers: dict[int, list[tuple[frozenset[str], list[str]] | frozenset[str]]] = {}
        for mask in range(1, 1 << len(groups)):
            chosen = [i for i in range(len(groups)) if mask >> i & 1]
            score = sum(groups[i][1] for i in chosen)
            # One term: its members in shop order; several: their (smaller) intersection.
            tiers.setdefault(score, []).append(groups[chosen[0]][0] if len(chosen) == 1 else
                                               self._together([terms[i][0] for i in chosen], [groups[i][0][0] for i in chosen]))
        found: list[str] = []
        taken: set[str] = set()
        order = self.order.__getitem__
        for score in sorted(tiers, reverse=True):
            # Products of this tier not taken yet score exactly `score`: every higher-scoring one was
            # taken by an earlier tier, or that tier alone filled the list and we stopped.
            need = limit - len(found)
            picks: set[str] = set()
            for part in tiers[score]:
                if isinstance(part, tuple):  # walk the ordered members: the first `need` not taken are enough
                    picks.update(islice((slug for slug in part[1] if slug not in taken), need))
                else:
                    picks.update(heapq.nsmallest(need, part - taken, key=order))
            chosen_now = heapq.nsmallest(need, picks, key=order)
            found += chosen_now
            if len(found) >= limit:
                break
            taken.update(chosen_now)
            for part in tiers[score]:  # the whole tier is taken now (it had fewer than `need`)
                taken.update(part[0] if isinstance(part, tuple) else part)
        return found

    def _together(self, terms: list[Any], members: list[frozenset[str]]) -> frozenset[str]:
        """Products in all these terms; the intersection of each pair is kept: every product sharing that pair reuses it."""
        key = (terms[0], terms[1]) if (terms[0].kind, terms[0].slug) < (terms[1].kind, terms[1].slug) else (terms[1], terms[0])
        pair = self.pairs.get(key)
        if pair is None:
            pair = self.pairs[key] = members[0] & members[1]
        for more in members[2:]:
            pair = pair & more
        return pair
