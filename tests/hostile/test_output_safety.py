"""The output folder: never the seller's files, never followed through symlinks, never half-written."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest

from weishop.publish import writer
from weishop.cli import main
from weishop.errors import UsageError
from weishop.publish.files import MARKER
from weishop.publish.writer import check_output_dir

from tests.hostile.hostile_support import diff, one_error, snapshot
from tests.support import jpeg


# --- folders weishop must refuse -------------------------------------------


@pytest.mark.parametrize("target, reason", [
    (".", "contains your shop"),
    ("content", "shop's content"),
    ("content/products", "inside your shop's content"),
    ("static", "shop's static"),
    ("themes", "shop's themes"),
    ("themes/mine", "inside your shop's themes"),
    ("..", "contains your shop"),
])
def test_output_folder_never_the_sellers_files(hostile, target, reason):
    hostile.write({"static/logo.txt": "logo", "themes/mine/templates/x.html": "x"})
    before = snapshot(hostile.root)
    with pytest.raises(UsageError, match=reason):
        hostile.build(out=hostile.shop / target)
    assert diff(before, snapshot(hostile.root)) == []


def test_packaged_theme_folder_is_refused(hostile):
    from weishop.pages.theming import packaged_themes

    with pytest.raises(UsageError, match="not made by weishop"):
        check_output_dir(packaged_themes() / "default", hostile.shop)


@pytest.mark.parametrize("where", ["/", "home"])
def test_root_and_home_are_refused(hostile, where, monkeypatch):
    monkeypatch.setenv("HOME", str(hostile.outside))
    folder = Path("/") if where == "/" else hostile.outside
    with pytest.raises(UsageError, match="is / or your home folder"):
        check_output_dir(folder, hostile.shop)


def test_cli_names_the_reason_and_exits_2(hostile, capsys):
    before = snapshot(hostile.root)
    assert main(["build", "--shop", str(hostile.shop), "--out", str(hostile.shop / "content")]) == 2
    err = capsys.readouterr().err
    assert "refusing to build into" in err and "content" in err
    assert diff(before, snapshot(hostile.root)) == []


def test_existing_folder_without_marker_is_refused(hostile):
    before = snapshot(hostile.root)
    with pytest.raises(UsageError, match=f"not made by weishop \\(no {MARKER} file\\)"):
        hostile.build(out=hostile.outside)
    assert diff(before, snapshot(hostile.root)) == []


def test_marker_that_is_a_symlink_does_not_count(hostile):
    (hostile.outside / "fake-marker").write_text("x")
    (hostile.outside / MARKER).symlink_to(hostile.outside / "fake-marker")
    with pytest.raises(UsageError, match="not made by weishop"):
        hostile.build(out=hostile.outside)
    assert (hostile.outside / "secret.txt").read_text() == "the seller's tax records\n"


def test_empty_existing_folder_is_fine(hostile):
    empty = hostile.root / "empty"
    empty.mkdir()
    hostile.succeeds(out=empty)
    assert (empty / MARKER).is_file() and (empty / "index.html").is_file()


def test_output_that_is_a_symlink_is_refused(hostile):
    link = hostile.root / "out-link"
    link.symlink_to(hostile.out)
    before = snapshot(hostile.root)
    with pytest.raises(UsageError, match="is a symlink"):
        hostile.build(out=link)
    assert diff(before, snapshot(hostile.root)) == []


# --- symlinks inside the previous output -----------------------------------


def test_symlinks_in_previous_output_are_removed_not_followed(hostile):
    """A symlink planted in output/ (by a sync tool, say) goes away; what it points at stays."""
    victim_dir = hostile.outside / "docs"
    victim_dir.mkdir()
    (victim_dir / "keep.txt").write_text("keep me")
    (hostile.out / "linked-dir").symlink_to(victim_dir)
    (hostile.out / "linked-file.txt").symlink_to(hostile.outside / "secret.txt")
    outside_before = snapshot(hostile.outside)
    hostile.succeeds()
    assert not (hostile.out / "linked-dir").exists() and not (hostile.out / "linked-file.txt").exists()
    assert diff(outside_before, snapshot(hostile.outside)) == []


def test_unchanged_file_behind_a_symlinked_folder_is_not_hard_linked(hostile):
    """Unchanged files are hard-linked from the previous output, but never from outside it."""
    page_bytes = (hostile.out / "products/tea/index.html").read_bytes()
    elsewhere = hostile.outside / "products"
    (elsewhere / "tea").mkdir(parents=True)
    (elsewhere / "tea/index.html").write_bytes(page_bytes)
    import shutil

    shutil.rmtree(hostile.out / "products")
    (hostile.out / "products").symlink_to(elsewhere)
    hostile.succeeds()
    built = hostile.out / "products/tea/index.html"
    assert not built.is_symlink() and not (hostile.out / "products").is_symlink()
    assert built.stat().st_ino != (elsewhere / "tea/index.html").stat().st_ino
    assert (elsewhere / "tea/index.html").read_bytes() == page_bytes


# --- interrupted builds ----------------------------------------------------


def _stage_leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if ".weishop-" in p.name and p.name != ".weishop-cache")


def test_full_disk_keeps_previous_output_and_says_why(hostile, monkeypatch):
    hostile.write({"content/products/tea.md": "---\ntitle: Green Tea\nprice: 13\n---\nNew text.\n"})
    before = snapshot(hostile.root)
    written = []
    real = Path.write_bytes

    def fill_up(self, data):
        if "weishop-stage" in str(self):
            written.append(self)
        if len(written) > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", fill_up)
    with pytest.raises(UsageError, match="No space left on device.*previous output is unchanged"):
        hostile.build()
    assert diff(before, snapshot(hostile.root)) == []
    assert _stage_leftovers(hostile.shop) == []


def test_full_disk_anywhere_is_a_clear_message_not_a_traceback(hostile, monkeypatch, capsys):
    """The image cache fills the disk first on a big shop: one line saying so, exit 2, output kept."""
    hostile.write({"content/products/tea.md": "---\ntitle: Green Tea\nprice: 13\nimages: [a.jpg]\n---\nNew.\n",
                   "content/products/a.jpg": jpeg(40, 30)})
    before = snapshot(hostile.out)

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    assert main(["build", "--shop", str(hostile.shop)]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert snapshot(hostile.out) == before


@pytest.mark.parametrize("failing_call", [1, 2])
def test_failed_swap_keeps_previous_output(hostile, monkeypatch, failing_call):
    """The swap is a rename or two; if one fails (unwritable folder), the old output comes back whole."""
    hostile.write({"content/pages/about.md": "---\ntitle: About us\n---\nNew.\n"})
    before = snapshot(hostile.root)
    calls = []
    real_rename = os.rename

    def refuse(*args, **kwargs):
        if "weishop-" not in str(args[0]) + str(args[1]):  # caches and other stages rename too
            return real_rename(*args, **kwargs)
        calls.append(args)
        if len(calls) == failing_call:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_rename(*args, **kwargs)

    monkeypatch.setattr(writer, "_exchange", lambda a, b: False)  # the two-rename path
    monkeypatch.setattr(os, "rename", refuse)
    with pytest.raises(UsageError, match="Permission denied"):
        hostile.build()
    assert diff(before, snapshot(hostile.root)) == []
    assert _stage_leftovers(hostile.shop) == []


KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from weishop.publish import writer
    from weishop.build.pipeline import BuildOptions, build

    where, count = sys.argv[2], int(sys.argv[3])
    calls = []
    def kill_after(original):
        def wrapped(*args, **kwargs):
            calls.append(1)
            if len(calls) > count:
                os.kill(os.getpid(), signal.SIGKILL)
            return original(*args, **kwargs)
        return wrapped
    if where == "write":
        Path.write_bytes = kill_after(Path.write_bytes)
    elif where == "swap":
        writer._swap = kill_after(writer._swap)
    else:  # the two-rename swap, killed after the first rename
        writer._exchange = lambda a, b: False
        os.rename = kill_after(os.rename)
    build(BuildOptions(shop=Path(sys.argv[1])))
""")


@pytest.mark.parametrize("where, count", [("write", 0), ("write", 3), ("swap", 0), ("rename", 1)])
def test_killed_build_never_leaves_a_mix(hostile, where, count):
    """SIGKILL in the middle: output/ is the old site, whole; the next build cleans up and succeeds."""
    old = snapshot(hostile.out)
    hostile.write({"content/products/tea.md": "---\ntitle: Green Tea\nprice: 14\n---\nChanged.\n",
                   "content/products/new.md": "---\ntitle: New\nprice: 1\n---\nNew.\n"})
    done = subprocess.run([sys.executable, "-c", KILLER, str(hostile.shop), where, str(count)], capture_output=True)
    assert done.returncode == -9, done.stderr.decode()
    if where == "rename":  # killed between the two renames: the next build puts the old output back first
        writer.recover_output(hostile.out)
    assert snapshot(hostile.out) == old
    outside = snapshot(hostile.outside)
    result = hostile.build()
    assert result.site.by_slug["tea"].price == 14
    assert _stage_leftovers(hostile.shop) == []  # the killed build's stage is cleaned up
    assert diff(outside, snapshot(hostile.outside)) == []


# --- two sources, one output path ------------------------------------------


def test_case_only_difference_is_an_error_naming_both(hostile):
    hostile.write({"content/Photo.txt": "a", "content/photo.txt": "b"})
    errors = hostile.fails()
    assert len(errors) == 1
    message = str(errors[0])
    assert "content/Photo.txt" in message and "content/photo.txt" in message


def test_unicode_normalisation_difference_is_an_error_naming_both(hostile):
    nfc, nfd = unicodedata.normalize("NFC", "café.txt"), unicodedata.normalize("NFD", "café.txt")
    assert nfc != nfd
    hostile.write({f"content/{nfc}": "a", f"content/{nfd}": "b"})
    errors = hostile.fails()
    assert len(errors) == 1
    assert f"content/{nfc}" in str(errors[0]) and f"content/{nfd}" in str(errors[0])


def test_copied_file_over_a_page_names_both(hostile):
    hostile.write({"content/about/index.html": "<p>mine</p>"})
    errors = hostile.fails()
    message = str(errors[0])
    assert "content/about/index.html" in message and "content/pages/about.md" in message


def test_file_where_a_page_needs_a_folder_names_both(hostile):
    """`content/products/tea` (a file) and the page products/tea/index.html cannot both exist."""
    hostile.write({"content/products/tea": "a file without extension"})
    errors = hostile.fails()
    assert len(errors) == 1, errors
    message = str(errors[0])
    assert "content/products/tea" in message and "content/products/tea.md" in message


def test_case_folded_folder_against_file_names_both(hostile):
    hostile.write({"content/About": "a file named like the about page's folder"})
    errors = hostile.fails()
    assert "content/About" in str(errors[0]) and "content/pages/about.md" in str(errors[0])


def test_unsafe_file_name_in_content_is_named(hostile):
    hostile.write({"content/c:evil.txt": "x"})
    errors = hostile.fails()
    one_error(errors, "content/c:evil.txt", None, "", "file name")


def test_folders_differing_only_in_case_name_both(hostile):
    hostile.write({"content/images/a.txt": "a", "content/Images/b.txt": "b"})
    errors = hostile.fails()
    assert len(errors) == 1
    assert "content/images/a.txt" in str(errors[0]) and "content/Images/b.txt" in str(errors[0])
