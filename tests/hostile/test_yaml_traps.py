"""YAML 1.1 surprises, duplicate keys, odd encodings and line endings, alias bombs, exact prices."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weishop.utils import l10n
from weishop.config import schema
from weishop.errors import Problems
from weishop.config.frontmatter import split

from tests.hostile.hostile_support import one_error
from tests.support import page

TRAPS = ["NO", "no", "Yes", "on", "OFF", "y", "n", "0123", "0x1F", "1e3", "12:30", "1_000", "2024-05-01", ".inf",
         "-.nan", "~x", "0o17", "+1", "1.0", "true", "null x"]


def validate(front: str, fields=schema.PRODUCT_FIELDS):
    doc = split(f"---\n{front}\n---\n")
    problems = Problems()
    clean = schema.validate(doc.meta.data, fields, schema.Ctx("p.md", doc.meta, (), problems))
    return clean, [str(e) for e in problems.errors]


# --- text fields keep what the seller typed ---------------------------------


@pytest.mark.parametrize("trap", ["NO", "on", "0123", "1e3", "12:30", "2024-05-01", "0x1F"])
def test_product_title_is_shown_as_typed(hostile, trap):
    hostile.write({"content/products/tea.md": f"---\ntitle: {trap}\nprice: 12\n---\nA good tea.\n"})
    hostile.succeeds()
    assert page(hostile.out, "products/tea/").h1.get_text() == trap


@pytest.mark.parametrize("trap", TRAPS)
def test_every_text_field_keeps_the_source_text(trap):
    front = (f"title: {trap}\nprice: 1\nsku: {trap}\ncategory: {trap}\nsummary: {trap}\ntags: [{trap}]\n"
             f"options:\n  - name: {trap}\n    values: [{trap}, {{label: x{trap}, price: 2}}]\n"
             f"reviews:\n  - {{name: {trap}, text: {trap}}}")
    clean, errors = validate(front)
    assert errors == []
    assert clean["title"] == clean["sku"] == clean["category"] == clean["summary"] == trap
    assert clean["tags"] == [trap]
    assert clean["options"][0]["name"] == trap and clean["options"][0]["values"][0]["label"] == trap
    assert clean["reviews"][0]["name"] == clean["reviews"][0]["text"] == trap


@pytest.mark.parametrize("trap", ["0123", "2024"])
def test_slug_that_looks_like_a_number_stays_text(hostile, trap):
    hostile.write({"content/products/tea.md": f"---\ntitle: T\nprice: 12\nslug: {trap}\n---\nx\n"})
    result = hostile.succeeds()
    assert result.site.products[0].slug == trap
    assert (hostile.out / "products" / trap / "index.html").is_file()


def test_shop_yml_text_fields_keep_the_source_text(hostile):
    text = (hostile.shop / "shop.yml").read_text()
    text = text.replace("title: Hostile Test Shop", "title: NO\ntagline: 12:30").replace("seller: {name: Ann}", "seller: {name: yes, location: 0123}")
    hostile.write({"shop.yml": text})
    result = hostile.succeeds()
    config = result.site.config
    assert (config.title, config.tagline, config.seller["name"], config.seller["location"]) == ("NO", "12:30", "yes", "0123")


# --- numbers ---------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    ("168", "168"), ("0123", "123"), ("39.90", "39.90"), ('"168.00"', "168.00"), ("1,000", "1000"), ("0", "0"),
    ("-0", "0"), (".5", "0.5"),
])
def test_prices_read_from_the_text(raw, expected):
    clean, errors = validate(f"title: t\nprice: {raw}")
    assert errors == []
    assert clean["price"] == Decimal(expected) and isinstance(clean["price"], Decimal)


@pytest.mark.parametrize("raw", ["12:30", "1e3", "1,5", "0x1F", ".inf", ".nan", "1_000", "NaN", "¥12", "12 元", "1.2.3", "+", "."])
def test_prices_that_could_be_misread_are_errors(hostile, raw):
    hostile.write({"content/products/tea.md": f"---\ntitle: T\nprice: {raw}\n---\nx\n"})
    errors = hostile.fails()
    one_error(errors, "content/products/tea.md", 3, "price", "price")


def test_point_one_plus_point_two_is_point_three():
    clean, _ = validate("title: t\nprice: 0.1\noptions:\n  - name: n\n    values: [{label: a, price: 0.2}]")
    total = clean["price"] + clean["options"][0]["values"][0]["price"]
    assert total == Decimal("0.3")
    assert l10n.money(total, "USD", "en") == "$0.30"
    assert l10n.money(total, "CNY", "zh-CN") == "¥0.30"


@pytest.mark.parametrize("raw, expected", [("12", 12), ("0123", 123), ('"7"', 7)])
def test_stock_read_from_the_text(raw, expected):
    clean, errors = validate(f"title: t\nprice: 1\nstock: {raw}")
    assert errors == [] and clean["stock"] == expected


@pytest.mark.parametrize("raw", ["12:30", "1e3", "0x10", "0o17", "1_0", "yes", "3.0"])
def test_stock_that_could_be_misread_is_an_error(raw):
    _, errors = validate(f"title: t\nprice: 1\nstock: {raw}")
    assert len(errors) == 1 and errors[0].startswith("p.md:4: stock: ")


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_any_two_decimal_price_round_trips_exactly(amount):
    clean, errors = validate(f"title: t\nprice: {amount}")
    assert errors == [] and clean["price"] == amount and str(clean["price"]) == str(amount)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789.,:_+-eExob ", min_size=1, max_size=10))
def test_a_price_is_an_error_or_exactly_what_was_typed(raw):
    try:
        doc = split(f"---\ntitle: t\nprice: '{raw}'\n---\n")
    except Exception:
        return
    problems = Problems()
    clean = schema.validate(doc.meta.data, schema.PRODUCT_FIELDS, schema.Ctx("p.md", doc.meta, (), problems))
    if "price" in clean:
        typed = raw.strip().replace(",", "")
        assert clean["price"] == Decimal(typed) and clean["price"] >= 0


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.:+_\-]{0,12}", fullmatch=True))
def test_any_plain_word_is_kept_as_the_title(word):
    try:
        clean, errors = validate(f"title: {word}\nprice: 1")
    except Exception:  # not valid YAML at all (e.g. a stray ':'): that is reported elsewhere
        return
    assert errors == [] and clean["title"] == word


# --- structure -------------------------------------------------------------


@pytest.mark.parametrize("front, line, field", [
    ("title: A\nprice: 1\ntitle: B", 4, "title"),
    ("title: A\nprice: 1\noptions:\n  - name: a\n    name: b\n    values: [x]", 6, "name"),
])
def test_duplicate_keys_are_errors(hostile, front, line, field):
    hostile.write({"content/products/tea.md": f"---\n{front}\n---\nx\n"})
    errors = hostile.fails()
    error = one_error(errors, "content/products/tea.md", line, field, "duplicate key")
    assert f"'{field}'" in error.message


def test_duplicate_key_in_shop_yml(hostile):
    text = (hostile.shop / "shop.yml").read_text() + "title: Again\n"
    hostile.write({"shop.yml": text})
    errors = hostile.fails()
    one_error(errors, "shop.yml", text.count("\n"), "title", "duplicate key")


def test_bom_and_crlf_build_and_keep_line_numbers(hostile):
    good = "\ufeff---\r\ntitle: Tea\r\nprice: 12\r\n---\r\nBody\r\n".encode("utf-8")
    bad = "\ufeff---\r\ntitle: Bad\r\nprice: 1,5\r\n---\r\nBody\r\n".encode("utf-8")
    hostile.write({"content/products/tea.md": good})
    hostile.succeeds()
    assert page(hostile.out, "products/tea/").h1.get_text() == "Tea"
    hostile.write({"content/products/bad.md": bad})
    errors = hostile.fails()
    one_error(errors, "content/products/bad.md", 3, "price", "not a price")


def test_old_mac_line_endings_and_bom_in_shop_yml(hostile):
    text = (hostile.shop / "shop.yml").read_text()
    hostile.write({"shop.yml": ("\ufeff" + text).replace("\n", "\r").encode("utf-8"),
                   "content/products/tea.md": b"---\rtitle: Mac Tea\rprice: 3\r---\rBody\r"})
    result = hostile.succeeds()
    assert result.site.config.title == "Hostile Test Shop"
    assert page(hostile.out, "products/tea/").h1.get_text() == "Mac Tea"


def test_spaces_after_the_fences_are_fine(hostile):
    hostile.write({"content/products/tea.md": "--- \ntitle: Spaced\nprice: 3\n---\t\nBody\n"})
    hostile.succeeds()
    assert page(hostile.out, "products/tea/").h1.get_text() == "Spaced"


@pytest.mark.parametrize("text, line, field, words", [
    ("---\ntitle: T\nprice: 1\n\nBody without a closing fence\n", 1, "", "not closed"),
    ("title: T\nprice: 1\n", 1, "", "must start with a '---'"),
    ("", 1, "", "must start with a '---'"),
    ("---\n", 1, "", "not closed"),
    ("---\ntitle: T\n\tprice: 1\n---\n", 3, "price", "replace the tab at column 1 with spaces: `price: 1`"),
    ("---\ntitle: [T\nprice: 1\n---\n", 2, "title", "the '[' opened on this line is never closed"),
])
def test_broken_front_matter_is_reported_with_a_line(hostile, text, line, field, words):
    hostile.write({"content/products/tea.md": text})
    errors = hostile.fails()
    one_error(errors, "content/products/tea.md", line, field, words)


def test_not_utf8_names_the_line(hostile):
    hostile.write({"content/products/tea.md": "---\ntitle: 茶\nprice: 1\n---\n".encode("gbk")})
    errors = hostile.fails()
    one_error(errors, "content/products/tea.md", 2, "", "not UTF-8")


def test_front_matter_that_is_a_list(hostile):
    hostile.write({"content/products/tea.md": "---\n- title\n- price\n---\n"})
    errors = hostile.fails()
    assert any(e.path == "content/products/tea.md" and "key: value" in e.message for e in errors)


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))


@pytest.mark.parametrize("yaml_text, words", [
    (ALIAS_BOMB, "too many aliases"),
    ("a: &a [1, *a]\n", "refers to the list or mapping it is in"),
    ("a: &a {b: *a}\n", "refers to the list or mapping it is in"),
    ("a: " + "[" * 60 + "]" * 60 + "\n", "nested more than"),
])
def test_alias_bombs_and_deep_nesting_are_refused(hostile, yaml_text, words):
    hostile.write({"content/products/tea.md": f"---\ntitle: T\nprice: 1\n{yaml_text}---\n"})
    errors = hostile.fails()
    assert any(e.path == "content/products/tea.md" and words in e.message for e in errors), errors


def test_alias_bomb_in_shop_yml(hostile):
    hostile.write({"shop.yml": (hostile.shop / "shop.yml").read_text() + ALIAS_BOMB.replace("a:", "extra_a:", 1)})
    errors = hostile.fails()
    assert any(e.path == "shop.yml" and "too many aliases" in e.message for e in errors), errors


def test_a_million_brackets_do_not_crash_the_process(tmp_path):
    """libyaml composes recursively in C: without the depth check this is a segfault, not an error."""
    code = ("import sys; from weishop.config.frontmatter import split, YamlProblem\n"
            "try:\n    split('---\\na: ' + '[' * 1000000 + ']' * 1000000 + '\\n---\\n')\n"
            "except YamlProblem as e:\n    print(e.line, e.message)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "nested more than" in done.stdout and done.stdout.startswith("2 ")


def test_python_tags_do_nothing(hostile, tmp_path):
    flag = tmp_path / "pwned"
    hostile.write({"content/products/tea.md":
                   f"---\ntitle: !!python/object/apply:os.system ['touch {flag}']\nprice: 1\n---\n"})
    try:
        hostile.build()
    except Exception:
        pass
    assert not flag.exists()


def test_merge_keys_are_refused(hostile):
    hostile.write({"content/products/tea.md": "---\nbase: &b {price: 1}\n<<: *b\ntitle: T\n---\n"})
    errors = hostile.fails()
    assert any("merge keys" in e.message and e.line == 3 for e in errors), errors
