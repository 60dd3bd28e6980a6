"""An output folder that is a mount point (a Docker volume, a second disk, a bind mount): every build works
there, and a read-only one gets a clear "read-only" error naming it.

Hard links and renames cannot cross file systems (EXDEV), and a mount point itself cannot be renamed
(EBUSY). The first tests simulate exactly that in-process; the last mounts a real folder in a private
mount namespace where the system allows it.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from weishop.publish import writer
from weishop.errors import UsageError

from tests.hostile.hostile_support import diff, snapshot

EDIT = {"content/products/tea.md": "---\ntitle: Green Tea\nprice: 13\n---\nNew text.\n",
        "content/products/new.md": "---\ntitle: Black Tea\nprice: 9\n---\nStrong.\n"}


@pytest.fixture
def mounted(hostile, monkeypatch):
    """`hostile.out` behaves as a mount point: links and renames into or out of it fail as the kernel fails them."""
    out = str(hostile.out.absolute())

    def inside(path) -> bool:
        path = os.path.abspath(os.fspath(path))
        return path == out or path.startswith(out + os.sep)

    def across(real):
        def call(src, dst, *args, **kwargs):
            if out in (os.path.abspath(os.fspath(src)), os.path.abspath(os.fspath(dst))):  # the mount point itself
                raise OSError(errno.EBUSY, "Device or resource busy", os.fspath(src))
            if inside(src) != inside(dst):
                raise OSError(errno.EXDEV, "Invalid cross-device link", os.fspath(src), None, os.fspath(dst))
            return real(src, dst, *args, **kwargs)
        return call

    for name in ("link", "rename", "replace"):
        monkeypatch.setattr(os, name, across(getattr(os, name)))
    real_ismount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda path: os.path.abspath(os.fspath(path)) == out or real_ismount(path))
    monkeypatch.setattr(writer, "_exchange", lambda a, b: False)  # renameat2 fails across mounts too
    return hostile


def _work_leftovers(*folders: Path) -> list[str]:
    return sorted(p.name for folder in folders for p in folder.iterdir() if re.search(r"weishop-(spool|journal|stage|old)-", p.name))


def test_second_build_into_a_mount_point_updates_it(mounted):
    mounted.write(EDIT)
    outside = snapshot(mounted.outside)
    mounted.succeeds()
    assert "New text." in (mounted.out / "products/tea/index.html").read_text()
    assert (mounted.out / "products/new/index.html").is_file()
    assert _work_leftovers(mounted.shop, mounted.out) == []
    assert diff(outside, snapshot(mounted.outside)) == []


def test_mount_point_without_a_manifest_is_rewritten_in_place(mounted):
    shutil.rmtree(mounted.shop / ".weishop-cache")  # no record of the last build: every file is written again
    (mounted.out / "products/old").mkdir()
    (mounted.out / "products/old/index.html").write_text("a page of a product that is gone")
    mounted.write(EDIT)
    mounted.succeeds()
    assert not (mounted.out / "products/old").exists()
    assert "New text." in (mounted.out / "products/tea/index.html").read_text()
    assert (mounted.out / writer.MARKER).is_file()
    assert _work_leftovers(mounted.shop, mounted.out) == []


def test_first_build_into_an_empty_mount_point(mounted):
    shutil.rmtree(mounted.out)
    mounted.out.mkdir()
    mounted.succeeds()
    assert (mounted.out / "products/tea/index.html").is_file() and (mounted.out / writer.MARKER).is_file()
    mounted.write(EDIT)
    mounted.succeeds()
    assert "New text." in (mounted.out / "products/tea/index.html").read_text()


def test_read_only_output_says_read_only_and_names_the_folder(hostile, monkeypatch):
    out = str(hostile.out.absolute())
    real = os.statvfs

    class ReadOnly:
        def __init__(self, result):
            self._result = result

        def __getattr__(self, name):
            value = getattr(self._result, name)
            return value | os.ST_RDONLY if name == "f_flag" else value

    monkeypatch.setattr(os, "statvfs", lambda path: ReadOnly(real(path)) if os.path.abspath(os.fspath(path)) == out else real(path))
    hostile.write(EDIT)
    before = snapshot(hostile.root, skip=(hostile.shop / ".weishop-cache",))
    with pytest.raises(UsageError) as caught:
        hostile.build()
    message = str(caught.value)
    assert "read-only" in message and out in message and "cross-device" not in message.lower()
    assert diff(before, snapshot(hostile.root)) == []


SCRIPT = textwrap.dedent("""
    set -u
    mount --bind "$VOLUME" "$OUT" || exit 77
    "$PYTHON" -m weishop.cli build --shop "$SHOP" --out "$OUT" >/dev/null || exit 10
    printf -- '---\\ntitle: Green Tea\\nprice: 13\\n---\\nNew text.\\n' > "$SHOP/content/products/tea.md"
    "$PYTHON" -m weishop.cli build --shop "$SHOP" --out "$OUT" >/dev/null || exit 11
    mount -o remount,bind,ro "$OUT" || exit 77
    "$PYTHON" -m weishop.cli build --shop "$SHOP" --out "$OUT"
    echo "exit=$?"
""")


def test_real_mount_point_and_read_only_mount(hostile, tmp_path):
    """A bind mount (from /dev/shm when that is another file system) in a private mount namespace."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare")
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) and os.stat(shm).st_dev != os.stat(tmp_path).st_dev else tmp_path
    volume = Path(tempfile.mkdtemp(dir=base, prefix="weishop-volume-"))
    try:
        out = hostile.root / "volume-mount"
        out.mkdir()
        outside = snapshot(hostile.outside)
        env = {**os.environ, "VOLUME": str(volume), "OUT": str(out), "SHOP": str(hostile.shop), "PYTHON": sys.executable}
        done = subprocess.run(["unshare", "-rm", "sh", "-c", SCRIPT], env=env, capture_output=True, text=True)
        if done.returncode == 77 or "unshare failed" in done.stderr or "Operation not permitted" in done.stderr:
            pytest.skip(f"cannot mount here: {done.stderr.strip()[:200]}")
        assert done.returncode == 0, done.stderr
        assert "exit=2" in done.stdout, done.stdout + done.stderr
        assert "read-only" in done.stderr and str(out) in done.stderr and "cross-device" not in done.stderr.lower()
        assert "New text." in (volume / "products/tea/index.html").read_text()
        assert list(out.iterdir()) == []  # the mount is gone with its namespace: nothing was written under it
        assert _work_leftovers(volume, hostile.root) == []
        assert diff(outside, snapshot(hostile.outside)) == []
    finally:
        shutil.rmtree(volume, ignore_errors=True)
