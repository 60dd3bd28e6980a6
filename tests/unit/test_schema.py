import datetime as dt
from decimal import Decimal

import pytest

from weishop.config import schema
from weishop.errors import Problems
from weishop.config.frontmatter import split


def check(front: str, fields=schema.PRODUCT_FIELDS):
    doc = split(f"---\n{front}\n---\n")
    problems = Problems()
    clean = schema.validate(doc.meta.data, fields, schema.Ctx("p.md", doc.meta, (), problems))
    return clean, [str(e) for e in problems.errors]


@pytest.mark.parametrize("raw, value", [("168", "168"), ("39.90", "39.90"), ('"168.00"', "168.00"), ("0", "0"), ("0.1", "0.1")])
def test_prices_are_exact_decimals_from_the_source_text(raw, value):
    clean, errors = check(f"title: t\nprice: {raw}")
    assert errors == []
    assert clean["price"] == Decimal(value)
    assert isinstance(clean["price"], Decimal)


@pytest.mark.parametrize("raw, words", [("-1", "must be 0 or more"), ("1.999", "more than 2 decimals"), ("abc", "not a price"), ("yes", "must be a number"), ("[1]", "must be a number")])
def test_bad_prices(raw, words):
    _, errors = check(f"title: t\nprice: {raw}")
    assert len(errors) == 1 and errors[0].startswith("p.md:3: price: ") and words in errors[0]


def test_text_fields_keep_what_the_seller_typed():
    clean, errors = check("title: NO\nprice: 1\ncategory: 0123\nsummary: 12:30")
    assert errors == []
    assert (clean["title"], clean["category"], clean["summary"]) == ("NO", "0123", "12:30")


def test_unknown_keys_get_a_suggestion_and_all_errors_are_reported():
    _, errors = check("titel: t\nprice: 1\nstok: 3\nfeatured: maybe\ndate: 2024-13-01")
    assert "p.md:2: titel: unknown field (did you mean 'title'?)" in errors
    assert "p.md:4: stok: unknown field (did you mean 'stock'?)" in errors
    assert any(e.startswith("p.md:5: featured: must be true or false") for e in errors)
    assert any(e.startswith("p.md:6: date: '2024-13-01' is not a date") for e in errors)
    assert any("'title' is required" in e for e in errors)


def test_options_and_reviews():
    clean, errors = check("title: t\nprice: 168\noptions:\n  - name: 规格\n    values: [50g, {label: 250g, price: 728}]\n"
                          "reviews:\n  - {name: 小林, rating: 5, date: 2024-06-01, text: 好}")
    assert errors == []
    assert clean["options"][0]["values"] == [{"label": "50g", "price": None}, {"label": "250g", "price": Decimal(728)}]
    assert clean["reviews"][0]["rating"] == 5 and clean["reviews"][0]["date"] == dt.datetime(2024, 6, 1)


def test_nested_errors_point_at_the_nested_line():
    _, errors = check("title: t\nprice: 1\noptions:\n  - name: size\n    values:\n      - a\n      - {label: b, price: -3}\n"
                      "reviews:\n  - {name: x, rating: 9, text: y}")
    assert "p.md:8: options[0].values[1].price: must be 0 or more (use 0 for a free sample)" in errors
    assert "p.md:10: reviews[0].rating: must be 1 to 5 (stars)" in errors


@pytest.mark.parametrize("value, ok", [("abc-1", True), ("Abc", False), ("a b", False), ("../x", False)])
def test_slugs(value, ok):
    _, errors = check(f"title: t\nprice: 1\nslug: \"{value}\"")
    assert (errors == []) == ok


@pytest.mark.parametrize("path", ["/etc/passwd", "../secret.jpg", "a/../../b.jpg", "C:/x.jpg", "http://x/y.jpg"])
def test_image_paths_must_stay_inside_the_shop(path):
    _, errors = check(f"title: t\nprice: 1\nimages: [\"{path}\"]")
    assert len(errors) == 1 and errors[0].startswith("p.md:4: images[0]: ")


def test_story_requires_date_and_product_slugs():
    _, errors = check("title: s\nproducts: [Not A Slug]", schema.STORY_FIELDS)
    assert any("'date' is required" in e for e in errors)
    assert any(e.startswith("p.md:3: products[0]:") for e in errors)
