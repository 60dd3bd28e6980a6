"""Prices as the seller wrote them: one price for every combination of options a buyer can pick (SPEC §8).

A value `{label, price}` costs its own price, a plain value the product's. Only one option may have
values priced differently from the product: with two, "月白 + 大号" would have no clear price (the page,
the button and the message each showed another). A seller whose price depends on two choices lists
the combinations as the values of one option.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from weishop.config.schema import field_label
from weishop.content.walk import SourceDoc
from weishop.errors import Problems
from weishop.utils.messages import tr


@dataclass(frozen=True)
class OptionValue:
    label: str
    price: Decimal


@dataclass(frozen=True)
class Option:
    name: str
    values: tuple[OptionValue, ...]


def priced_options(doc: SourceDoc, problems: Problems) -> tuple[Option, ...]:
    """Options with each value's price; a second option whose values change the price is an error (SPEC §8)."""
    f = doc.fields
    options = tuple(
        Option(o["name"], tuple(OptionValue(v["label"], v["price"] if v.get("price") is not None else f["price"]) for v in o["values"]))
        for o in f["options"] if o.get("name") and o.get("values"))
    priced = [(i, o) for i, o in enumerate(options) if any(v.price != f["price"] for v in o.values)]
    for index, option in priced[1:]:
        first = priced[0][1]
        a = next(v.label for v in first.values if v.price != f["price"])
        b = next(v.label for v in option.values if v.price != f["price"])
        example = f"{{label: {a} / {b}, price: …}}"
        problems.error(doc.rel, doc.meta.line(("options", index)), field_label(("options", index)),
                       tr("'{option}' has prices too, but only one option may set the price ('{first}' does), so '{a}' with '{b}' "
                          "would have no clear price", option=option.name, first=first.name, a=a, b=b),
                       tr("make it one option whose values are the combinations, each with its price, e.g. {example}; or give "
                          "'{option}' no prices", example=example, option=option.name))
    if f.get("compare_at") is not None and f["compare_at"] <= f["price"]:
        problems.warn(doc.rel, doc.meta.line(("compare_at",)), "compare_at",
                      tr("{compare_at} is not more than the price {price}, so it is not shown", compare_at=f["compare_at"], price=f["price"]),
                      tr("compare_at is the old, higher price; delete it when there is none"))
    return options
