"""YAML typing slips (issue 20 item 8a, issue 21 item 3): each is named at its line with the line as it should read."""

from __future__ import annotations

import pytest

from tests.hostile.hostile_support import one_error

SHOP_YML = """title: Hostile Test Shop
base_url: https://shop.example.com/
language: en
currency: USD
seller: {name: Ann}
order:
  channels:
    - {type: email, address: ann@example.com}
"""


@pytest.mark.parametrize("front, line, field, hint", [
    ("title: Tea: green\nprice: 12\n", 2, "title", 'put the title in quotes: `title: "Tea: green"`'),
    ("title: Tea\nprice：12\n", 3, "price", "use an English colon ':' followed by a space: `price: 12`"),
    ("title: Tea\ntags:\n\t- green\nprice: 12\n", 4, "", "replace the tab at column 1 with spaces: `  - green`"),
    ("title: 'Tea\nprice: 12\n", 2, "title", "end the value with the same quote: `title: 'Tea'`"),
])
def test_front_matter_slips(hostile, front, line, field, hint):
    hostile.write({"content/products/tea.md": f"---\n{front}---\nA good tea.\n"})
    error = one_error(hostile.fails(), "content/products/tea.md", line, field)
    assert error.hint == hint


def test_shop_yml_slip(hostile):
    hostile.write({"shop.yml": SHOP_YML.replace("title: Hostile Test Shop", "title: Hostile: Test Shop")})
    error = one_error(hostile.fails(), "shop.yml", 1, "title")
    assert error.hint == 'put the title in quotes: `title: "Hostile: Test Shop"`'
