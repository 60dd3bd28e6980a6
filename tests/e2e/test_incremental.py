"""Rebuilds into an existing output: only what changed is rendered and written, and the result
is byte-identical to a clean build of the same input, whatever the sequence of edits."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from weishop.build.pipeline import BuildOptions, build
from weishop.publish import update

from tests.support import ZH_SHOP, jpeg, snapshot, write_shop


def clean_build(shop, tmp_path, name):
    """The same input built from nothing: fresh output folder, no parsed-document cache."""
    out = tmp_path / name
    build(BuildOptions(shop=shop, out=out, cache=False))
    return snapshot(out)


EDITS = [
    ("change a price", lambda s: (s / "content/products/dahongpao.md").write_text(
        (s / "content/products/dahongpao.md").read_text().replace("price: 168", "price: 158"))),
    ("add a product", lambda s: (s / "content/products/new-tea.md").write_text(
        "---\ntitle: 新茶\nprice: 20\ncategory: 岩茶\ntags: [新茶]\ndate: 2024-06-01\n---\n新的。\n")),
    ("rename a product file", lambda s: os.rename(s / "content/products/new-tea.md", s / "content/products/renamed-tea.md")),
    ("delete a product", lambda s: (s / "content/products/sample.md").unlink()),
    ("replace a photo", lambda s: (s / "content/images/dhp.jpg").write_bytes(jpeg(820, 600, (10, 120, 60)))),
    ("override a template", lambda s: write_shop(s, {"themes/default/templates/page.html":
        '{% extends "default:page.html" %}{% block content %}<p class="mine">mine</p>{{ super() }}{% endblock %}'})),
    ("change shop.yml", lambda s: (s / "shop.yml").write_text((s / "shop.yml").read_text().replace("山野茶舍", "山野茶舍 · 新"))),
    ("edit a story", lambda s: (s / "content/stories/spring.md").write_text(
        (s / "content/stories/spring.md").read_text().replace("products: [dahongpao, jin-jun-mei]", "products: [jin-jun-mei]"))),
]


def test_incremental_output_equals_a_clean_build_after_every_edit(tmp_path):
    shop = write_shop(tmp_path / "shop", ZH_SHOP)
    build(BuildOptions(shop=shop))
    for number, (what, edit) in enumerate(EDITS):
        edit(shop)
        build(BuildOptions(shop=shop))
        assert snapshot(shop / "output") == clean_build(shop, tmp_path, f"clean{number}"), what


def test_unchanged_rebuild_renders_and_writes_nothing_of_the_content_pages(tmp_path):
    shop = write_shop(tmp_path / "shop", ZH_SHOP)
    first = build(BuildOptions(shop=shop))
    mtimes = {p: p.stat().st_mtime_ns for p in (shop / "output").rglob("*") if p.is_file()}
    again = build(BuildOptions(shop=shop))
    assert again.stats["written"] == 0 and again.stats["removed"] == 0
    # no Markdown and no image work either: every document from the cache, no photo processed
    assert first.stats["parsed"] == first.stats["documents"] > 0 and again.stats["parsed"] == 0
    assert again.stats["images"] == first.stats["images"] > 0 and again.stats["images_processed"] == 0
    assert again.pages < first.pages / 2  # only pages that read the whole site (home, cart …) are rendered
    assert {p: p.stat().st_mtime_ns for p in (shop / "output").rglob("*") if p.is_file()} == mtimes


def test_one_product_edit_renders_only_what_shows_it(tmp_path):
    files = dict(ZH_SHOP)
    for i in range(30):
        files[f"content/products/p{i:02}.md"] = f"---\ntitle: 茶 {i}\nprice: {i + 1}\ncategory: 杂货\n---\n正文 {i}。\n"
    shop = write_shop(tmp_path / "shop", files)
    first = build(BuildOptions(shop=shop))
    (shop / "content/products/p07.md").write_text("---\ntitle: 茶 7 改\nprice: 8\ncategory: 杂货\n---\n新正文。\n")
    again = build(BuildOptions(shop=shop))
    assert "茶 7 改" in (shop / "output/products/p07/index.html").read_text()
    assert "茶 7 改" in (shop / "output/categories/za-huo/index.html").read_text()
    assert again.pages <= 20 < first.pages


KILL_DURING_UPDATE = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from weishop.build.pipeline import BuildOptions, build
    count = int(sys.argv[2])
    real_replace, calls = os.replace, []
    def replace(a, b):
        if "weishop-journal" in str(a) and "/new/" in str(a):
            calls.append(1)
            if len(calls) > count:
                os.kill(os.getpid(), signal.SIGKILL)
        return real_replace(a, b)
    os.replace = replace
    build(BuildOptions(shop=Path(sys.argv[1])))
""")


@pytest.mark.parametrize("after", [0, 2])
def test_update_killed_half_way_is_rolled_back_by_the_next_run(tmp_path, after):
    shop = write_shop(tmp_path / "shop", ZH_SHOP)
    build(BuildOptions(shop=shop))
    before = snapshot(shop / "output")
    (shop / "shop.yml").write_text((shop / "shop.yml").read_text().replace("山野茶舍", "改名茶舍"))  # touches every page
    killed = subprocess.run([sys.executable, "-c", KILL_DURING_UPDATE, str(shop), str(after)], capture_output=True)
    assert killed.returncode == -9, killed.stderr.decode()
    update.recover(shop / "output", lambda pid: False)
    assert snapshot(shop / "output") == before
    assert not [p for p in tmp_path.joinpath("shop").iterdir() if "weishop-journal" in p.name]
    build(BuildOptions(shop=shop))
    assert "改名茶舍" in (shop / "output/index.html").read_text()


def test_symlinked_folder_in_the_output_is_replaced_not_written_through(tmp_path):
    shop = write_shop(tmp_path / "shop", ZH_SHOP)
    build(BuildOptions(shop=shop))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    products = shop / "output/products"
    os.rename(products, elsewhere / "products")
    products.symlink_to(elsewhere / "products")
    before = snapshot(elsewhere)
    (shop / "content/products/dahongpao.md").write_text(
        (shop / "content/products/dahongpao.md").read_text().replace("price: 168", "price: 158"))
    build(BuildOptions(shop=shop))
    assert snapshot(elsewhere) == before
    assert not (shop / "output/products").is_symlink()
    assert "158" in (shop / "output/products/dahongpao/index.html").read_text()


def test_what_is_remembered_about_deleted_output_folders_is_dropped(tmp_path):
    import shutil

    shop = write_shop(tmp_path / "shop", ZH_SHOP)
    build(BuildOptions(shop=shop, out=tmp_path / "preview-1"))
    shutil.rmtree(tmp_path / "preview-1")  # like a finished `weishop serve` session's folder
    build(BuildOptions(shop=shop))
    remembered = sorted(p.name.split("-")[0] for p in (shop / ".weishop-cache/outputs").iterdir())
    assert len(set(remembered)) == 1  # only the live output/ folder
