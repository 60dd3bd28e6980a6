"""Feed and sitemap dates come from the content, never from file times: the front-matter date, else the
file's last commit when the shop is a git repository, else none (or one stable date where a format needs one)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.hostile_support import snapshot

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(shop: Path, *args: str, when: str = "") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else None
    done = subprocess.run(["git", "-c", "user.name=Ann", "-c", "user.email=ann@example.com", "-c", "commit.gpgsign=false",
                           *args], cwd=shop, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def commit_all(shop: Path) -> None:
    """The shop as a git repository: tea.md last changed 2023-03-04, the rest 2022-01-02."""
    (shop / ".gitignore").write_text("output/\n.weishop-cache/\n")
    git(shop, "init", "-q")
    git(shop, "add", "-A")
    git(shop, "commit", "-qm", "start", when="2022-01-02T03:04:05+00:00")
    tea = shop / "content/products/tea.md"
    tea.write_text(tea.read_text() + "More.\n")
    git(shop, "commit", "-qam", "tea", when="2023-03-04T05:06:07+08:00")


def lastmod(sitemap: str, rel: str) -> str | None:
    block = re.search(rf"<loc>https://shop\.example\.com/{re.escape(rel)}</loc>(.*?)</url>", sitemap, re.S)
    assert block, rel
    found = re.search(r"<lastmod>(.*?)</lastmod>", block.group(1))
    return found.group(1) if found else None


def test_undated_entries_take_their_last_commit_time(hostile):
    commit_all(hostile.shop)
    hostile.write({"content/products/dated.md": "---\ntitle: Dated\nprice: 1\ndate: 2021-06-07\n---\nx\n"})  # not committed
    hostile.succeeds()
    sitemap = (hostile.out / "sitemap.xml").read_text()
    assert lastmod(sitemap, "products/tea/") == "2023-03-03"  # 05:06:07+08:00 is the 3rd in UTC
    assert lastmod(sitemap, "about/") == "2022-01-02"
    assert lastmod(sitemap, "products/dated/") == "2021-06-07"
    feed = (hostile.out / "feed.xml").read_text()
    tea = feed[feed.index("<id>https://shop.example.com/products/tea/</id>"):]
    assert "<updated>2023-03-03T21:06:07Z</updated>" in tea.split("</entry>")[0]


def test_one_git_log_for_all_files(hostile, tmp_path, monkeypatch):
    hostile.write({f"content/products/p{n}.md": f"---\ntitle: P{n}\nprice: 1\n---\nx\n" for n in range(12)})
    commit_all(hostile.shop)
    calls = tmp_path / "calls"
    wrapper = tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexec {shutil.which("git")} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    hostile.succeeds()
    logs = [line for line in calls.read_text().splitlines() if re.search(r"(^| )log( |$)", line)]
    assert len(logs) == 1, logs
    assert lastmod((hostile.out / "sitemap.xml").read_text(), "products/p3/") == "2022-01-02"


def _build(shop: Path, out: Path, env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "-m", "weishop.cli", "build", "--shop", str(shop), "--out", str(out)],
                          capture_output=True, text=True, env={**os.environ, **env})
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("in_git", [False, True])
def test_copies_with_other_times_zones_locales_and_seeds_are_byte_identical(hostile, tmp_path, in_git):
    if in_git:
        commit_all(hostile.shop)
    copy = tmp_path / "copy"
    shutil.copytree(hostile.shop, copy, ignore=shutil.ignore_patterns("output", ".weishop-cache"), symlinks=True)
    for n, root in enumerate((hostile.shop, copy)):
        for folder, _dirs, files in os.walk(root):
            for name in files:
                os.utime(Path(folder) / name, (1_600_000_000 + n * 86_400 * 400, 1_600_000_000 + n * 86_400 * 400))
    outside = snapshot(hostile.outside)
    epoch = {"SOURCE_DATE_EPOCH": "1700000000"}
    _build(hostile.shop, tmp_path / "a", {**epoch, "TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "1"})
    _build(copy, tmp_path / "b", {**epoch, "TZ": "Asia/Shanghai", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "2"})
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert sorted(a) == sorted(b) and [p for p in a if a[p] != b[p]] == []
    assert snapshot(hostile.outside) == outside
    feed = (tmp_path / "a" / "feed.xml").read_text()
    if not in_git:  # no date known: <updated> is SOURCE_DATE_EPOCH, the file times appear nowhere
        assert "2023-11-14T22:13:20Z" in feed and "2020-09-13" not in feed and "2021-10-18" not in feed
        assert "<lastmod>" not in (tmp_path / "a" / "sitemap.xml").read_text()
