"""Option prices as a seller writes them: one option group may carry prices, and every place agrees.

The rule (SPEC §8): a value `{label, price}` costs its own price, a plain value the product's. Only one
group may have values priced differently from the product; a second is an error at its line, because
"月白 + 大号" would have no clear price (the issue's mug showed ¥150 on the page and ¥200 on the button).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support import build_shop, page, write_shop
from weishop.errors import BuildFailed

SHOP = """
    title: 瓷器小铺
    base_url: https://ci.example.com/
    language: zh-CN
    seller: {name: 阿青}
    order:
      channels:
        - {type: whatsapp, phone: "+86 138-0000-0000"}
    """
MUG = """
    ---
    title: 青瓷杯
    price: 120
    options:
      - name: 颜色
        values: [天青, {label: 月白, price: 150}, {label: 墨黑, price: 180}]
      - name: 大小
        values: [小号, 大号 400ml]
    ---
    手拉坯。
    """
# every combination a buyer can pick, with its one price
COMBINATIONS = {("天青", "小号"): "120.00", ("天青", "大号 400ml"): "120.00", ("月白", "小号"): "150.00",
                ("月白", "大号 400ml"): "150.00", ("墨黑", "小号"): "180.00", ("墨黑", "大号 400ml"): "180.00"}
G = "{http://base.google.com/ns/1.0}"


@pytest.fixture(scope="module")
def mug_shop(tmp_path_factory) -> Path:
    shop = write_shop(tmp_path_factory.mktemp("mug"), {"shop.yml": SHOP, "content/products/mug.md": MUG})
    build_shop(shop)
    return shop


def test_a_second_priced_option_is_an_error_at_its_line(tmp_path: Path) -> None:
    two = MUG.replace("values: [小号, 大号 400ml]", "values: [小号, {label: 大号 400ml, price: 200}]")
    shop = write_shop(tmp_path, {"shop.yml": SHOP, "content/products/mug.md": two})
    with pytest.raises(BuildFailed) as failed:
        build_shop(shop)
    [error] = [e for e in failed.value.errors if e.path == "content/products/mug.md"]
    assert (error.line, error.field) == (7, "options[1]")
    assert "颜色" in error.message and "大小" in error.message and "only one option" in error.message
    assert "one option whose values are the combinations" in error.hint
    assert "月白 / 大号 400ml" in error.hint


def test_prices_equal_to_the_product_price_do_not_count(tmp_path: Path) -> None:
    same = MUG.replace("values: [小号, 大号 400ml]", "values: [小号, {label: 大号 400ml, price: 120}]")
    build_shop(write_shop(tmp_path, {"shop.yml": SHOP, "content/products/mug.md": same}))


def test_structured_data_feeds_and_catalog_name_the_same_prices(mug_shop: Path) -> None:
    out = mug_shop / "output"
    script = page(out, "products/mug/").select_one('script[type="application/ld+json"]').string
    [product] = [n for n in json.loads(script)["@graph"] if n["@type"] == "Product"]
    offer = product["offers"]
    assert (offer["lowPrice"], offer["highPrice"], offer["offerCount"]) == ("120.00", "180.00", 3)
    items = ET.parse(out / "products.xml").getroot().iter("item")
    assert sorted(i.findtext(f"{G}price") for i in items) == ["120.00 CNY", "150.00 CNY", "180.00 CNY"]
    record = json.loads((out / "products.json").read_text(encoding="utf-8"))["products"][0]
    assert (record["price"], record["max_price"]) == ("120.00", "180.00")
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))["mug"]
    assert catalog["o"] == [["颜色", [["天青", 12000], ["月白", 15000], ["墨黑", 18000]]],
                            ["大小", [["小号", 12000], ["大号 400ml", 12000]]]]


def test_the_unpriced_group_does_not_add_the_base_price(tmp_path: Path) -> None:
    """All colours priced: the product's own price is no combination, so it is not the low price."""
    dear = MUG.replace("values: [天青, {label: 月白", "values: [{label: 天青, price: 140}, {label: 月白")
    out = write_shop(tmp_path, {"shop.yml": SHOP, "content/products/mug.md": dear}) / "output"
    build_shop(out.parent)
    script = page(out, "products/mug/").select_one('script[type="application/ld+json"]').string
    [product] = [n for n in json.loads(script)["@graph"] if n["@type"] == "Product"]
    assert (product["offers"]["lowPrice"], product["offers"]["offerCount"]) == ("140.00", 3)
    assert page(out, "products/mug/").select_one(".buy [data-price]").get_text(strip=True).startswith("¥140.00")
