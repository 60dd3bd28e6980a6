"""`resellers:` and `resell:` in shop.yml: codes follow the ?ref= rule, names are one line, each code once;
every mistake at its shop.yml line, field and fix, all in one run; names and texts reach pages only as text."""

from __future__ import annotations

import json
import textwrap

import pytest

from tests.hostile.hostile_support import MINIMAL, one_error
from tests.support import page
from weishop.pages.render import Renderer
from weishop.pages.theming import load_theme



def shop_yml(extra: str) -> dict[str, str]:
    """The hostile shop's shop.yml (8 lines) with `extra` from line 9 on."""
    return {"shop.yml": MINIMAL["shop.yml"].rstrip(" ") + textwrap.indent(extra, " " * 8)}


def test_named_resellers_and_the_deal_reach_the_join_page(hostile):
    hostile.write(shop_yml("""resell:
  text: "Share and get **10%** back. <script>alert(1)</script>"
resellers:
  - {code: xiaolin, name: 小林}
  - {code: Bob_7, name: "<img src=x onerror=alert(1)>"}
"""))
    result = hostile.succeeds()
    assert result.site.config.resellers == {"xiaolin": "小林", "Bob_7": "<img src=x onerror=alert(1)>"}
    soup = page(hostile.out, "join/")
    prose = soup.select_one(".join .prose")
    assert prose.select_one("strong").get_text() == "10%" and prose.find("script") is None  # Markdown, raw HTML escaped
    assert soup.find("img", src="x") is None
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in soup.select_one("script[data-resellers]").string
    order = json.loads(page(hostile.out, "products/tea/").select_one("script#weishop-order").string)
    assert order["names"] == result.site.config.resellers  # shop.js names them as the build does:
    tools = Renderer(result.site, load_theme(hostile.shop, "default")).env.globals["orders"]
    message = tools.product_message(result.site.products[0], ref="xiaolin")
    assert message.endswith("Referred by: 小林 (xiaolin)")
    assert tools.product_message(result.site.products[0], ref="nobody").endswith("Referred by: nobody")


def test_without_resell_text_the_join_page_explains_the_deal_in_the_shops_language(hostile):
    hostile.write(shop_yml(""))
    hostile.succeeds()
    text = page(hostile.out, "join/").select_one(".join .prose").get_text()
    assert "One level only" in text and "Ann" in text and "T" in text


@pytest.mark.parametrize("code, message", [
    ('"<b>x</b>"', "cannot be a referral code"), ("a b", "cannot be a referral code"), ("x" * 33, "cannot be a referral code"),
    ('"javascript:alert(1)"', "cannot be a referral code"), ("小林", "cannot be a referral code"),
])
def test_bad_codes(hostile, code, message):
    hostile.write(shop_yml(f"resellers:\n  - {{code: {code}, name: Lin}}\n"))
    one_error(hostile.fails(), "shop.yml", 10, "resellers[0].code", message, "letters, digits")


def test_every_reseller_mistake_in_one_run(hostile):
    hostile.write(shop_yml("""resell:
  txt: hello
resellers:
  - {code: lin, name: Lin}
  - {code: lin, name: Lin again}
  - {code: amy}
  - {code: bo, name: [Bo]}
  - {code: cy, nmae: Cy}
"""))
    errors = {(e.line, e.field): e for e in hostile.fails()}
    assert errors[(10, "resell.txt")].hint == "did you mean 'text'?"
    assert "twice" in errors[(13, "resellers[1].code")].message
    assert "'name' is required" in errors[(14, "resellers[2]")].message
    assert (15, "resellers[3].name") in errors
    assert errors[(16, "resellers[4].nmae")].hint == "did you mean 'name'?"


@pytest.mark.parametrize("value", ["xiaolin", "{code: xiaolin, name: 小林}"])
def test_resellers_must_be_a_list(hostile, value):
    hostile.write(shop_yml(f"resellers: {value}\n"))
    one_error(hostile.fails(), "shop.yml", 9, "resellers", "list", "- {code:")
