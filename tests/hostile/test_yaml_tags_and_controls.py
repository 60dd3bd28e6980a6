"""YAML tags beyond the standard ones, and invisible control characters in Markdown: errors at their line."""

from __future__ import annotations

import pytest

from tests.hostile.hostile_support import one_error

TEA = "content/products/tea.md"


@pytest.mark.parametrize("value, shown", [
    ("!!python/name:os.system", "!!python/name:os.system"),
    ("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
    ("!include /etc/passwd", "!include"),
    ("!!binary aGVsbG8=", "!!binary"),
    ("!!set {a, b}", "!!set"),
    ("!env HOME", "!env"),
])
def test_non_standard_tag_is_an_error_at_its_line(hostile, value, shown):
    hostile.write({TEA: f"---\ntitle: Green Tea\nprice: 12\nsummary: {value}\n---\nA good tea.\n"})
    error = one_error(hostile.fails(), TEA, 4, "summary", shown)
    assert error.hint


def test_tag_inside_a_list_names_the_item(hostile):
    hostile.write({TEA: "---\ntitle: Green Tea\nprice: 12\ntags:\n  - green\n  - !include secrets.yml\n---\nx\n"})
    one_error(hostile.fails(), TEA, 6, "tags[1]", "!include")


def test_tag_in_shop_yml_is_an_error_at_its_line(hostile):
    text = (hostile.shop / "shop.yml").read_text()
    hostile.write({"shop.yml": text.replace("title: Hostile Test Shop", "title: Hostile Test Shop\ntagline: !include /etc/passwd")})
    one_error(hostile.fails(), "shop.yml", 2, "tagline", "!include")


def test_standard_tags_still_work(hostile):
    hostile.write({TEA: "---\ntitle: !!str 2024\nprice: 12\nsummary: ! plain\n---\nA good tea.\n"})
    result = hostile.succeeds()
    product = result.site.by_slug["tea"]
    assert (product.title, product.summary) == ("2024", "plain")


@pytest.mark.parametrize("char, name", [("\x00", "NUL"), ("\x1b", "U+001B"), ("\x08", "U+0008"), ("\x7f", "U+007F")])
def test_control_character_in_the_body_is_an_error_at_its_line(hostile, char, name):
    hostile.write({TEA: f"---\ntitle: Green Tea\nprice: 12\n---\nA good tea.\n\nHidden{char}text.\n"})
    error = one_error(hostile.fails(), TEA, 7, "body", name)
    assert error.hint


def test_control_character_hiding_a_script_link_is_an_error(hostile):
    hostile.write({TEA: "---\ntitle: Green Tea\nprice: 12\n---\nA good tea.\n[x](\x01javascript:alert(1))\n"})
    one_error(hostile.fails(), TEA, 6, "body", "U+0001")


def test_control_character_in_front_matter_is_an_error_at_its_line(hostile):
    hostile.write({TEA: "---\ntitle: Green Tea\nprice: 12\nsummary: bad\x00one\n---\nA good tea.\n"})
    one_error(hostile.fails(), TEA, 4, "summary", "NUL")


def test_tabs_newlines_and_crlf_are_fine(hostile):
    hostile.write({TEA: "---\r\ntitle: Green Tea\r\nprice: 12\r\n---\r\nA good\ttea.\r\n\r\n```\r\n\tcode\r\n```\r\n"})
    hostile.succeeds()
