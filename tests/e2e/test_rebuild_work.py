"""How much work a rebuild does after each kind of edit: pages rendered, documents read and parsed,
images drawn (the way Hugo's integration tests count re-rendered pages). One build state is kept
between the builds, as `weishop serve` keeps it; source files get old timestamps, as an edited
shop has (a file changed in the last two seconds is always read again)."""

from __future__ import annotations

import os
import shutil
import threading
import time

import pytest

from weishop.build.pipeline import BuildOptions, build
from weishop.build.state import BuildState
from weishop.cli import summary
from weishop.serve import session

from tests.support import jpeg, snapshot, write_shop

SHOP = {
    "shop.yml": """
        title: Maple & Co
        base_url: https://maple.example.com/
        language: en
        currency: USD
        seller: {name: Ann Lee}
        order:
          channels:
            - {type: email, address: ann@example.com}
        """,
    "content/stories/sugaring.md": "---\ntitle: Sugaring\ndate: 2024-03-05\nproducts: [p01]\n---\nThe sap.\n",
    "content/pages/about.md": "---\ntitle: About\nmenu: true\n---\nUs.\n",
    "content/images/a.jpg": jpeg(300, 200),
    **{f"content/products/p{i:02}.md": f"---\ntitle: Product {i}\nprice: {i + 1}\ncategory: {'Pantry' if i % 2 else 'Home'}\n"
       f"tags: [t{i % 3}]\n{'images: [images/a.jpg]' if i == 3 else ''}\n---\nBody {i}.\n" for i in range(12)},
}
PAGES = 28  # 12 products, 1 story, 1 page, listings (all, 2 categories, 3 tags, stories), home, cart, order, 404, kit, join, search
AGO = time.time() - 3600


def age(*paths):
    """Give files an hour-old timestamp, a different one each: what an editor's earlier saves look like."""
    for number, path in enumerate(paths):
        os.utime(path, (AGO + number, AGO + number))


@pytest.fixture()
def shop(tmp_path):
    folder = write_shop(tmp_path / "shop", SHOP)
    age(*(p for p in folder.rglob("*") if p.is_file()))
    return folder


def counts(result):
    s = result.stats
    return {"pages": result.pages, "read": s["read"], "parsed": s["parsed"], "drawn": s["drawn"]}


def edit(path, old, new):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    age(path)


def test_work_after_each_kind_of_edit(shop):
    state = BuildState()
    run = lambda: build(BuildOptions(shop=shop, state=state))  # noqa: E731
    first = run()
    assert counts(first) == {"pages": PAGES, "read": 14, "parsed": 14, "drawn": 14}  # share images: home, products, story
    assert counts(run()) == {"pages": 0, "read": 0, "parsed": 0, "drawn": 0}  # nothing changed: nothing read or rendered
    p05 = shop / "content/products/p05.md"

    edit(p05, "Body 5.", "Body 5.\n\nA second paragraph.")  # not on its share image (the summary stays): no drawing
    again = run()  # its page and kit, the pages listing it or showing it as related, home, cart, order, 404, search
    assert counts(again) == {"pages": 15, "read": 1, "parsed": 1, "drawn": 0}
    assert "A second paragraph." in (shop / "output/products/p05/index.html").read_text()

    edit(p05, "Product 5", "Product Five")  # its page, listings, related pages, the kit, feeds; its share image
    again = run()
    assert counts(again) == {"pages": 15, "read": 1, "parsed": 1, "drawn": 1}
    assert "Product Five" in (shop / "output/categories/pantry/index.html").read_text()
    assert again.stats["written"] == 20 and "Product Five" in (shop / "output/sitemap.xml").read_text() + (
        shop / "output/products.xml").read_text()

    (shop / "content/products/p20.md").write_text("---\ntitle: Product 20\nprice: 3\ncategory: Home\n---\nNew.\n")
    age(shop / "content/products/p20.md")
    assert counts(run()) == {"pages": 15, "read": 1, "parsed": 1, "drawn": 1}  # new page, listings, kit, its share image
    os.rename(shop / "content/products/p20.md", shop / "content/products/p21.md")  # a new path: read, parsed again
    assert counts(run())["parsed"] == 1
    (shop / "content/products/p21.md").unlink()
    gone = run()
    assert counts(gone) == {"pages": 14, "read": 0, "parsed": 0, "drawn": 0} and gone.stats["removed"] > 0
    assert not (shop / "output/products/p21").exists()

    (shop / "content/images/a.jpg").write_bytes(jpeg(300, 200, (10, 200, 30)))
    age(shop / "content/images/a.jpg")
    swapped = run()  # new variant names: every page may show the photo; only the share image showing it is redrawn
    assert counts(swapped) == {"pages": PAGES, "read": 0, "parsed": 0, "drawn": 1}

    edit(shop / "shop.yml", "Maple & Co", "Maple and Co")  # every page and image shows the shop's name
    assert counts(run()) == {"pages": PAGES, "read": 0, "parsed": 0, "drawn": 14}

    overridden = shop / "themes/default/templates/page.html"
    overridden.parent.mkdir(parents=True)
    overridden.write_text('{% extends "default:page.html" %}{% block content %}<p>mine</p>{{ super() }}{% endblock %}')
    theme = run()  # a shop's own template may read anything: every page, no image
    assert counts(theme) == {"pages": PAGES, "read": 0, "parsed": 0, "drawn": 0} and theme.stats["written"] == 1
    assert counts(run()) == {"pages": 0, "read": 0, "parsed": 0, "drawn": 0}


def test_a_new_process_starts_from_the_saved_state(shop):
    """`weishop build` in a fresh process: sources are checked by stat, only the edited one is read."""
    build(BuildOptions(shop=shop))
    assert list((shop / ".weishop-cache/state").iterdir())
    edit(shop / "content/products/p05.md", "Product 5", "Product Five")
    again = build(BuildOptions(shop=shop))  # no state given: the saved one is loaded
    assert counts(again) == {"pages": 15, "read": 1, "parsed": 1, "drawn": 1}
    assert summary(again, shop / "output").startswith("1 product changed: 15 pages, 1 image drawn; ")
    assert summary(build(BuildOptions(shop=shop)), shop / "output").startswith("nothing changed: 0 pages; ")
    edit(shop / "shop.yml", "Maple & Co", "Maple and Co")
    assert summary(build(BuildOptions(shop=shop)), shop / "output").startswith(
        f"shop.yml, theme or photos changed: {PAGES} pages, 14 images drawn; ")
    shutil.rmtree(shop / "output")  # an emptied output (or `check` filled the cache first): all made again
    assert summary(build(BuildOptions(shop=shop)), shop / "output").startswith(f"first build: {PAGES} pages; ")


def test_a_state_saved_by_other_code_or_settings_is_not_used(shop):
    build(BuildOptions(shop=shop))
    other = build(BuildOptions(shop=shop, drafts=True))  # other settings: a state of its own, sources read again
    assert other.stats["read"] == 14
    (path,) = (shop / ".weishop-cache/state").glob("*.pickle")
    path.write_bytes(b"not a pickle")
    assert build(BuildOptions(shop=shop)).stats["read"] == 14  # damaged: only slower


def test_serve_shows_the_page_before_drawing_its_images(shop, monkeypatch):
    """The edited page is in the served folder while its share image is still being drawn."""
    from weishop.build.outputs import cards

    started, release = threading.Event(), threading.Event()
    real = cards._draw_into_cache

    def slow(*args):
        started.set()
        assert release.wait(30)
        return real(*args)

    served = []
    live = session.LiveSite(BuildOptions(shop=shop, out=shop.parent / "served", state=BuildState(), save_state=False,
                                         defer_drawing=True), _Published(served), say=lambda text: None)
    live.rebuild()
    live.wait()  # the first build's images, drawn after its pages
    monkeypatch.setattr(cards, "_draw_into_cache", slow)
    edit(shop / "content/products/p05.md", "Product 5", "Product Five")
    rebuilding = threading.Thread(target=live.rebuild)
    rebuilding.start()
    assert started.wait(30)  # drawing has begun (and is held) ...
    assert served[-1] == []  # ... after the new pages were published without errors
    assert "Product Five" in (shop.parent / "served/products/p05/index.html").read_text()
    release.set()
    rebuilding.join(30)
    live.wait()
    assert (shop.parent / "served/share/p05.jpg").is_file()
    clean = shop.parent / "clean"
    build(BuildOptions(shop=shop, out=clean, dev_script=live.options.dev_script, cache=False))
    assert (clean / "share/p05.jpg").read_bytes() == (shop.parent / "served/share/p05.jpg").read_bytes()
    assert snapshot(shop.parent / "served") == snapshot(clean)  # the search index made after the pages too


def test_a_new_save_stops_the_work_left_for_after_the_pages(shop, monkeypatch, tmp_path):
    """A search index still being made (here: a Pagefind that never answers) does not hold up the next save's pages."""
    from weishop.build.outputs import search

    served = []
    live = session.LiveSite(BuildOptions(shop=shop, out=shop.parent / "served", state=BuildState(), save_state=False,
                                         defer_drawing=True), _Published(served), say=lambda text: None)
    live.rebuild()
    live.wait()
    hanging = tmp_path / "pagefind"
    hanging.write_text("#!/bin/sh\nexec sleep 600\n")
    hanging.chmod(0o755)
    monkeypatch.setattr(search, "_binary", lambda: hanging)
    edit(shop / "content/products/p05.md", "Product 5", "Product Five")
    live.rebuild()  # pages now; the index is left for after, where Pagefind hangs
    time.sleep(0.5)
    assert live.after is not None and live.after.is_alive()
    edit(shop / "content/products/p06.md", "Product 6", "Product Six")
    began = time.perf_counter()
    assert live.rebuild().ok
    assert time.perf_counter() - began < 5  # not the 600 s Pagefind would take
    assert "Product Six" in (shop.parent / "served/products/p06/index.html").read_text()
    stopped = live.after
    monkeypatch.undo()  # Pagefind answers again: the next save's work after the pages completes
    live.rebuild()
    stopped.join(5)
    assert not stopped.is_alive()  # the hanging one was stopped, not left behind
    live.wait()
    assert served[-1] == []  # a stopped index is no error
    clean = shop.parent / "clean"
    build(BuildOptions(shop=shop, out=clean, dev_script=live.options.dev_script, cache=False))
    assert snapshot(shop.parent / "served") == snapshot(clean)  # nothing half-made was left by the stopped work
    live.close()


class _Published:
    """The dev server's live state, reduced to what a rebuild tells it."""

    def __init__(self, log):
        self.log, self.stopping, self.have_site = log, threading.Event(), False

    def publish(self, errors, *args, **kwargs):
        self.log.append(list(errors))


def test_serve_says_a_warning_once_while_it_holds(shop):
    """Each save rebuilds; a warning already on the terminal is not listed again until the warnings change."""
    said: list[str] = []
    (shop / "content/products/p01.md").write_text("---\ntitle: Product 1\nprice: 2\n---\nSee [the jar](/products/jarr/).\n")
    live = session.LiveSite(BuildOptions(shop=shop, out=shop.parent / "served", state=BuildState(), save_state=False,
                                         defer_drawing=True), _Published([]), say=said.append)
    live.rebuild()
    live.wait()
    warned = [line for line in said if line.startswith("warning: ")]
    assert len(warned) == 1 and "'/products/jarr/' not found in the built site" in warned[0]
    said.clear()
    edit(shop / "content/products/p05.md", "Product 5", "Product Five")
    live.rebuild()
    live.wait()
    assert "(the 1 warning above still holds)" in said and not any(line.startswith("warning: ") for line in said)
    said.clear()
    edit(shop / "content/products/p02.md", "Body 2.", "See [the cup](/products/cupp/).")
    live.rebuild()
    live.wait()
    assert len([line for line in said if line.startswith("warning: ")]) == 2  # the warnings changed: all listed again
    live.close()


def test_serve_names_the_saved_file_not_the_editors_temporary_one(shop):
    said: list[str] = []
    live = session.LiveSite(BuildOptions(shop=shop, out=shop.parent / "served", state=BuildState(), save_state=False,
                                         defer_drawing=True), _Published([]), say=said.append)
    live.rebuild()
    live.wait()
    said.clear()
    edit(shop / "content/products/p05.md", "Product 5", "Product Five")  # as `sed -i` saves: a temporary file renamed over it
    live.rebuild(frozenset({shop / "content/products/p05.md", shop / "content/products/sedX1b2c3"}))
    live.wait()
    assert said[0].startswith("content/products/p05.md changed: built ")
    live.close()
