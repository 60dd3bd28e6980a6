"""File events for `weishop serve`: what counts as a change, and bursts becoming one rebuild."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from weishop.serve.watcher import Debouncer, is_noise, relevant, watch_shop

SHOP = Path("/shop")


@pytest.mark.parametrize("rel, expected", [
    ("shop.yml", True),
    ("content/products/tea.md", True),
    ("content/products/tea/photo.jpg", True),
    ("static/favicon.ico", True),
    ("themes/mine/templates/base.html", True),
    ("content/products/.tea.md.swp", False),   # vim swap
    ("content/products/tea.md.swx", False),
    ("content/products/tea.md~", False),        # backup
    ("content/products/4913", False),           # vim's "can I write here" probe
    ("content/products/.#tea.md", False),       # emacs lock
    ("content/products/#tea.md#", False),       # emacs autosave
    ("content/products/.goutputstream-ABC123", False),  # gedit temp before the rename
    ("content/products/tea.md.tmp", False),
    ("content/.DS_Store", False),
    ("content/.git/objects/ab", False),         # anything in a hidden folder
    ("output/index.html", False),               # the build's own output
    (".weishop-cache/x.webp", False),
    ("README.md", False),
    ("node_modules/a/b.js", False),
])
def test_which_paths_count_as_changes(rel: str, expected: bool) -> None:
    assert relevant(SHOP / rel, SHOP) is expected


def test_a_packaged_theme_folder_counts_whole() -> None:
    theme = Path("/pkg/themes")
    assert relevant(theme / "default/templates/base.html", SHOP, [theme])
    assert not relevant(theme / "default/templates/.base.html.swp", SHOP, [theme])
    assert is_noise(Path("x.kate-swp")) and not is_noise(Path("x.md"))


class Recorder:
    """An action that records its batches; optionally runs a hook inside the first call."""

    def __init__(self, during_first=None):
        self.batches: list[frozenset[Path]] = []
        self.during_first = during_first
        self.seen = threading.Event()

    def __call__(self, batch: frozenset[Path]) -> None:
        self.batches.append(batch)
        if len(self.batches) == 1 and self.during_first:
            self.during_first()
        self.seen.set()

    @property
    def paths(self) -> set[Path]:
        return set().union(*self.batches) if self.batches else set()


def test_a_burst_of_500_events_is_one_rebuild() -> None:
    recorder = Recorder()
    debouncer = Debouncer(recorder, quiet=0.2)
    debouncer.start()
    try:
        for i in range(500):
            debouncer.notify(Path(f"/shop/content/products/p{i}.md"))
        assert debouncer.wait_idle(timeout=20)
    finally:
        debouncer.stop()
    assert 1 <= debouncer.runs <= 2
    assert len(recorder.paths) == 500


def test_changes_during_a_rebuild_make_exactly_one_more() -> None:
    debouncer: Debouncer
    late = [Path(f"/shop/content/late{i}.md") for i in range(50)]

    def edit_while_building() -> None:
        for path in late:
            debouncer.notify(path)

    recorder = Recorder(during_first=edit_while_building)
    debouncer = Debouncer(recorder, quiet=0.05)
    debouncer.start()
    try:
        debouncer.notify(Path("/shop/shop.yml"))
        assert recorder.seen.wait(20)
        assert debouncer.wait_idle(timeout=20)
    finally:
        debouncer.stop()
    assert [len(b) for b in recorder.batches] == [1, 50]


def test_a_crashing_rebuild_does_not_stop_the_watcher() -> None:
    calls: list[frozenset[Path]] = []

    def flaky(batch: frozenset[Path]) -> None:
        calls.append(batch)
        if len(calls) == 1:
            raise RuntimeError("boom")

    debouncer = Debouncer(flaky, quiet=0.05)
    debouncer.start()
    try:
        debouncer.notify(Path("/a"))
        assert debouncer.wait_idle(timeout=20)
        debouncer.notify(Path("/b"))
        assert debouncer.wait_idle(timeout=20)
    finally:
        debouncer.stop()
    assert calls == [frozenset({Path("/a")}), frozenset({Path("/b")})]


@pytest.fixture
def watched(tmp_path: Path):
    """A real shop folder under watchdog; yields (shop, recorder, debouncer, wait_for)."""
    shop = tmp_path / "shop"
    (shop / "content/products").mkdir(parents=True)
    (shop / "shop.yml").write_text("title: x\n", encoding="utf-8")
    (shop / "content/products/tea.md").write_text("---\ntitle: Tea\nprice: 1\n---\n", encoding="utf-8")
    recorder = Recorder()
    watcher, debouncer = watch_shop(shop, recorder, quiet=0.3)
    debouncer.start()
    watcher.start()

    def wait_for(path: Path, since: int = 0) -> None:
        """Bounded: until a batch after the first `since` names `path` and nothing is pending."""
        def seen() -> bool:
            return any(path in batch for batch in recorder.batches[since:])
        for _ in range(400):
            if seen():
                break
            time.sleep(0.05)
        assert seen(), f"no rebuild for {path}; saw {recorder.batches}"
        assert debouncer.wait_idle(timeout=20)

    yield shop, recorder, debouncer, wait_for
    watcher.stop()
    debouncer.stop()


def test_copying_in_a_folder_of_500_files_rebuilds_at_most_a_few_times(watched, tmp_path: Path) -> None:
    shop, recorder, debouncer, wait_for = watched
    bundle = tmp_path / "incoming"
    bundle.mkdir()
    for i in range(500):
        (bundle / f"photo-{i:03}.jpg").write_bytes(b"x" * 64)
    shutil.copytree(bundle, shop / "content/products/big-bundle")
    sentinel = shop / "content/products/big-bundle/index.md"
    sentinel.write_text("---\ntitle: Big\nprice: 2\n---\n", encoding="utf-8")
    wait_for(sentinel)
    assert 1 <= debouncer.runs <= 3
    assert len({p for p in recorder.paths if p.suffix == ".jpg"}) == 500


def test_editor_save_patterns_are_one_change_of_the_real_file(watched) -> None:
    shop, recorder, debouncer, wait_for = watched
    folder = shop / "content/products"
    tea = folder / "tea.md"
    # vim: swap file, probe file 4913, backup by rename, write, drop the backup
    (folder / ".tea.md.swp").write_bytes(b"swap")
    (folder / "4913").write_bytes(b"")
    (folder / "4913").unlink()
    tea.rename(folder / "tea.md~")
    tea.write_text("---\ntitle: Tea 2\nprice: 1\n---\n", encoding="utf-8")
    (folder / "tea.md~").unlink()
    (folder / ".tea.md.swp").unlink()
    # gedit / VS Code: write a temp file, rename it over the original
    temp = folder / ".goutputstream-XYZ"
    temp.write_text("---\ntitle: Tea 3\nprice: 1\n---\n", encoding="utf-8")
    os.replace(temp, tea)
    wait_for(tea)
    assert debouncer.runs <= 2
    assert recorder.paths == {tea}


def test_reading_files_is_not_a_change(watched) -> None:
    """The build reads every file; those open/close events must not start another build."""
    shop, recorder, debouncer, wait_for = watched
    for path in shop.rglob("*"):
        if path.is_file():
            path.read_bytes()
    sentinel = shop / "shop.yml"
    sentinel.write_text("title: y\n", encoding="utf-8")
    wait_for(sentinel)
    assert recorder.paths == {sentinel}


def test_a_watched_folder_made_later_is_watched(watched) -> None:
    shop, recorder, debouncer, wait_for = watched
    (shop / "static").mkdir()
    wait_for(shop / "static")
    logo = shop / "static/logo.svg"
    logo.write_text("<svg/>", encoding="utf-8")
    wait_for(logo)
    since = len(recorder.batches)
    shutil.rmtree(shop / "static")
    wait_for(shop / "static", since)
    since = len(recorder.batches)
    (shop / "static").mkdir()
    wait_for(shop / "static", since)
    icon = shop / "static/icon.svg"
    since = len(recorder.batches)
    icon.write_text("<svg/>", encoding="utf-8")
    wait_for(icon, since)
