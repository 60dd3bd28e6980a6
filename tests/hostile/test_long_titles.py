"""Titles of hundreds of characters: slugs and file names are cut at a word boundary and stay unique."""

from __future__ import annotations

import re

from weishop.cli import main

from tests.hostile.hostile_support import diff, snapshot

WORDS = " ".join(f"word{n}" for n in range(60))  # about 400 characters
LIMIT = 80  # a slug longer than this is no longer a readable address


def _new(hostile, title: str) -> str:
    before = set((hostile.shop / "content/products").iterdir())
    assert main(["new", "product", title, "--shop", str(hostile.shop)]) == 0
    (made,) = set((hostile.shop / "content/products").iterdir()) - before
    return made.name


def test_new_product_with_a_300_character_title(hostile, capsys):
    outside = snapshot(hostile.outside)
    first = _new(hostile, WORDS + " green")
    second = _new(hostile, WORDS + " black")  # the same first 300 characters: still another file
    for name in (first, second):
        slug = name.removesuffix(".md")
        assert len(slug) <= LIMIT and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), name
        assert slug.startswith("word0-word1-word2")
        assert all(re.fullmatch(r"word\d+", part) for part in slug.split("-")[:-1]), slug  # cut between words
    assert first != second
    assert diff(outside, snapshot(hostile.outside)) == []


def test_new_product_with_a_long_chinese_title(hostile, capsys):
    name = _new(hostile, "武夷岩茶大红袍" * 45)
    assert len(name.removesuffix(".md")) <= LIMIT and name.startswith("wu-yi-yan-cha-da-hong-pao")


def test_long_tag_and_category_make_short_unique_addresses(hostile):
    hostile.write({"content/products/tea.md": f"---\ntitle: Green Tea\nprice: 12\ncategory: {WORDS} x\n"
                                              f"tags: [{WORDS} a, {WORDS} b]\n---\nA good tea.\n"})
    result = hostile.succeeds()
    product = result.site.by_slug["tea"]
    slugs = [product.category.slug] + [t.slug for t in product.tags]
    assert len(set(slugs)) == 3 and all(len(s) <= LIMIT for s in slugs), slugs
    for slug in slugs[1:]:
        assert (hostile.out / "tags" / slug / "index.html").is_file()
