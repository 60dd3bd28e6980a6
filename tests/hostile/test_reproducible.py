"""Two builds of the same input are byte-identical, whatever the folder, file times or hash seed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.hostile_support import snapshot
from tests.support import ZH_SHOP, write_shop


def _build_in_subprocess(shop: Path, out: Path, seed: str, extra_env: dict[str, str] | None = None) -> None:
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    env.update(PYTHONHASHSEED=seed, **(extra_env or {}))
    done = subprocess.run([sys.executable, "-m", "weishop.cli", "build", "--shop", str(shop), "--out", str(out)],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """ZH_SHOP copied to another folder (file times kept), built there and here in two processes."""
    first = write_shop(tmp_path_factory.mktemp("repro-a") / "shop", ZH_SHOP)
    second = tmp_path_factory.mktemp("repro-b") / "another name"
    shutil.copytree(first, second)  # copy2: same bytes, same file times
    out_a, out_b = first / "output", second.parent / "elsewhere"
    _build_in_subprocess(first, out_a, "1")
    _build_in_subprocess(second, out_b, "2")
    return out_a, out_b


def test_two_builds_are_byte_identical(two_builds):
    out_a, out_b = two_builds
    a, b = snapshot(out_a), snapshot(out_b)
    assert sorted(a) == sorted(b)
    different = [path for path in a if a[path] != b[path]]
    assert different == [], f"differ between builds: {different[:10]}"
    assert len(a) > 20  # a real site, not two empty folders


def test_no_build_path_or_time_leaks_into_output(two_builds):
    out_a, _ = two_builds
    shop_folder = str(out_a.parent).encode()
    for rel, (kind, data) in snapshot(out_a).items():
        if kind == "file":
            assert shop_folder not in data, rel


def test_rebuild_in_place_is_identical(two_builds, tmp_path):
    """Building again over the previous output (hard links for unchanged files) gives the same tree."""
    out_a, _ = two_builds
    before = snapshot(out_a)
    _build_in_subprocess(out_a.parent, out_a, "3")
    assert snapshot(out_a) == before


def test_file_times_do_not_change_the_output(two_builds, tmp_path):
    out_a, _ = two_builds
    other = tmp_path / "checkout"
    shutil.copytree(out_a.parent, other, ignore=shutil.ignore_patterns("output", ".weishop-cache"))
    for root, _dirs, files in os.walk(other):
        for name in files:
            os.utime(Path(root) / name, (1_000_000_000, 1_000_000_000))  # as after a fresh clone: other times
    _build_in_subprocess(other, other / "output", "4")
    a, b = snapshot(out_a), snapshot(other / "output")
    assert [path for path in a if a[path] != b.get(path)] == []
