"""docs/reference.md is the seller's reference: every shop.yml and front-matter example in it builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import REPO, build_shop, jpeg, png, write_shop

DOC = REPO / "docs" / "reference.md"
FENCE = re.compile(r"^```(yaml|markdown) (\S+)\n(.*?)^```$", re.M | re.S)
IMAGE = re.compile(r"[\w./-]+\.(?:jpg|png)")


def examples() -> list[tuple[str, str]]:
    return [(path, text) for _, path, text in FENCE.findall(DOC.read_text(encoding="utf-8"))]


def shop_files(shop_yml: str) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"shop.yml": shop_yml}
    files.update({path: text for path, text in examples() if path.startswith("content/")})
    for text in list(files.values()):
        for name in IMAGE.findall(text):
            files.setdefault(f"content/{name}", png(60, 60) if name.endswith(".png") else jpeg(80, 60))
    return files


def test_the_reference_has_examples_of_each_kind() -> None:
    paths = [path for path, _ in examples()]
    assert paths.count("shop.yml") >= 3
    assert {p.split("/")[1] for p in paths if p.startswith("content/")} == {"products", "stories", "pages"}


@pytest.mark.parametrize("index", range(sum(1 for p, _ in examples() if p == "shop.yml")))
def test_every_example_builds_without_a_warning(tmp_path: Path, index: int) -> None:
    shop_yml = [text for path, text in examples() if path == "shop.yml"][index]
    shop = write_shop(tmp_path / "shop", shop_files(shop_yml))
    result = build_shop(shop)
    fields = {(w.path, w.field) for w in result.warnings if w.field != "base_url"}
    assert not fields, [str(w) for w in result.warnings]
    assert {p.slug for p in result.site.products} == {"dahongpao-2024", "mug", "mug-pairs"}
    assert (shop / "output" / "shipping" / "index.html").is_file()


def test_every_field_of_the_schema_is_in_the_reference() -> None:
    from weishop.config import schema
    from weishop.config.shop import SHOP_FIELDS

    text = DOC.read_text(encoding="utf-8")
    for table in (SHOP_FIELDS, schema.PRODUCT_FIELDS, schema.STORY_FIELDS, schema.PAGE_FIELDS):
        for key in table:
            assert f"`{key}`" in text or f"{key}:" in text, key
