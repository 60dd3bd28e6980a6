"""Writes the built site: staged beside the output folder, swapped in only when complete.

Nothing outside the output folder is ever written or deleted. An existing folder is
replaced only if a marker file shows weishop made it. Files whose bytes did not change
are hard-linked from the previous output, keeping their mtime so hosts skip them.
On Linux the swap is one atomic exchange; elsewhere two renames, and a build killed
between them is repaired by the next one (`recover_output`). An output folder that is a
mount point cannot be swapped (nor reached by links from beside it): it is updated in place.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
from pathlib import Path

from weishop.publish import update
from weishop.publish.files import MARKER, MARKER_TEXT, Output, SiteFiles
from weishop.publish.spool import SPOOL, copy_file, is_mount_point, is_work_name, work_places
from weishop.utils.cache import CACHE_DIR
from weishop.errors import UsageError

STAGE, OLD = "weishop-stage", "weishop-old"


def check_output_dir(out: Path, shop: Path) -> None:
    """Refuse folders weishop must never replace; the message says why."""
    out_real = out.resolve()
    shop_real = shop.resolve()
    home = Path.home().resolve()
    if out.is_symlink():
        raise UsageError(f"{out} is a symlink; weishop will not replace it, choose a real folder with --out")
    if out_real == Path(out_real.anchor) or out_real == home:
        raise UsageError(f"refusing to use {out_real} as the output folder (it is / or your home folder)")
    protected = [shop_real] + [(shop_real / n).resolve() for n in ("content", "static", "themes", "shop.yml")]
    for keep in protected:
        if out_real == keep or keep.is_relative_to(out_real):
            raise UsageError(f"refusing to build into {out}: it contains your shop's {keep.name or keep} and would be replaced")
        if out_real.is_relative_to(keep) and keep != shop_real:
            raise UsageError(f"refusing to build into {out}: it is inside your shop's {keep.name}/ folder")
    if _is_read_only(out):
        raise UsageError(_read_only(out))
    recover_output(out)
    update.recover(out, _alive)
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"{out} exists and is not a folder")
        if any(not is_work_name(out, entry.name) for entry in out.iterdir()) and not _has_marker(out):
            raise UsageError(f"{out} is not empty and was not made by weishop (no {MARKER} file); move its files away or choose another folder with --out")


def _has_marker(folder: Path) -> bool:
    marker = folder / MARKER
    return marker.is_file() and not marker.is_symlink()


def _leftovers(out: Path, kind: str) -> list[tuple[Path, int]]:
    """Staged or old folders of earlier builds beside `out`, with the process id that made them."""
    found = []
    prefix = f".{out.name}.{kind}-"
    entries = []
    for place in work_places(out):
        try:
            entries += list(place.iterdir())
        except OSError:
            continue
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name[len(prefix):].isdigit():
            if entry.is_dir() and not entry.is_symlink() and _has_marker(entry):
                found.append((entry, int(entry.name[len(prefix):])))
    return found


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def recover_output(out: Path) -> None:
    """After a killed build: put the previous output back if the swap was cut short; drop dead stages."""
    olds = [(p, pid) for p, pid in _leftovers(out, OLD) if not _alive(pid)]
    if not out.exists() and not out.is_symlink() and olds:
        newest = max(olds, key=lambda item: item[0].stat().st_mtime)[0]
        os.rename(newest, out)
        olds = [(p, pid) for p, pid in olds if p != newest]
    spools = [(p, pid) for p, pid in _leftovers(out, SPOOL) if pid != os.getpid() and not _alive(pid)]  # ours is in use
    for folder, pid in olds + [(p, pid) for p, pid in _leftovers(out, STAGE) if not _alive(pid)] + spools:
        shutil.rmtree(folder, ignore_errors=True)


def write_site(out: Path, shop: Path, site_files: SiteFiles) -> dict[str, int]:
    """Update the output in place when the last build's manifest allows (always, for a mount point), else stage and swap."""
    check_output_dir(out, shop)
    manifest = update.manifest_path(shop.absolute() / CACHE_DIR, out)
    previous = update.load_manifest(manifest, out) if _has_marker(out) else None
    mounted = is_mount_point(out)
    try:
        if previous is None and mounted:
            return _rewrite_in_place(out, site_files, manifest)
        if previous is not None:
            try:
                return update.update_in_place(out, site_files, previous, manifest)
            except update.NotSafeInPlace as exc:
                if mounted:
                    raise UsageError(f"{out} holds a symlinked folder ({exc}) and is a mount point, so it cannot be "
                                     "replaced whole: delete that link and build again") from None
                # a symlinked folder inside the output: replace the whole folder instead
        try:
            stats = _stage_and_swap(out, site_files)
        except _Unswappable:  # a mount point the system did not tell about: the folder stays, its files change
            return _rewrite_in_place(out, site_files, manifest, inside=True)
    except OSError as exc:
        raise UsageError(_write_error(out, exc, "the previous output is unchanged or is restored on the next run")) from exc
    try:
        update.record(out, site_files, manifest)
    except OSError:
        pass  # no manifest: the next build stages the whole folder again, slower but correct
    return stats


def _rewrite_in_place(out: Path, site_files: SiteFiles, manifest: Path, inside: bool = False) -> dict[str, int]:
    """Every file written again into `out` itself, what is gone removed: for a folder that cannot be swapped."""
    if not _has_marker(out):  # an empty folder (check_output_dir refuses others): weishop's from now on
        (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return update.update_in_place(out, site_files, update.present_files(out), manifest, inside)


class _Unswappable(Exception):
    """The output folder cannot be renamed (a mount point): write into it instead."""


def _is_read_only(out: Path) -> bool:
    """True when the folder (or, before the first build, the folder it goes into) is on a read-only file system."""
    where = out
    while not where.exists() and where != where.parent:
        where = where.parent
    try:
        return bool(os.statvfs(where).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): writing will tell
        return False


def _read_only(out: Path) -> str:
    return (f"the output folder {out} is read-only (its disk or share is mounted read-only), so the site cannot be "
            "written there; choose another folder with --out, or make it writable")


def _write_error(out: Path, exc: OSError, state: str) -> str:
    if exc.errno == errno.EROFS:
        return f"{_read_only(out)}; {state}"
    return f"could not write the site into {out} ({exc.strerror or exc}: {exc.filename or out}); {state}"


def _stage_and_swap(out: Path, site_files: SiteFiles) -> dict[str, int]:
    """Stage every file, then swap the staged folder in; returns counts (written, unchanged)."""
    stage = out.parent / f".{out.name}.{STAGE}-{os.getpid()}"
    old = out.parent / f".{out.name}.{OLD}-{os.getpid()}"
    stats = {"written": 0, "unchanged": 0}
    try:
        stage.mkdir(parents=True)
        (stage / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        out_real = out.resolve()
        made: set[Path] = set()
        for rel, output in sorted(site_files.files.items()):
            target = stage / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            previous = out / rel
            if _same(previous, out_real / rel, output):
                try:
                    os.link(previous, target)
                    stats["unchanged"] += 1
                    continue
                except OSError:
                    pass
            if output.data is not None:
                target.write_bytes(output.data)
            else:
                assert output.source is not None
                copy_file(output.source, target)
            stats["written"] += 1
        _swap(stage, out, old)
    except OSError as exc:
        _discard(stage)
        raise UsageError(_write_error(out, exc, "the previous output is unchanged")) from exc
    except BaseException:
        _discard(stage)
        raise
    return stats


def _swap(stage: Path, out: Path, old: Path) -> None:
    """Make `stage` the output: one atomic exchange where the system has it, else two renames."""
    if not out.exists():
        os.rename(stage, out)
        return
    if _exchange(stage, out):
        _discard(stage)  # now holds the previous output
        return
    try:
        os.rename(out, old)
    except OSError as exc:
        if exc.errno in (errno.EXDEV, errno.EBUSY):
            raise _Unswappable() from exc
        raise
    try:
        os.rename(stage, out)
    except BaseException:
        os.rename(old, out)
        raise
    _discard(old)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swaps two folders in one step; False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _discard(folder: Path) -> None:
    """Remove a folder this build made; a symlink there is unlinked, never followed."""
    if folder.is_symlink():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder, ignore_errors=True)


def _same(previous: Path, expected_real: Path, output: Output) -> bool:
    """True when the previous output holds these bytes at this very path (no symlink on the way)."""
    try:
        stat = previous.lstat()
    except OSError:
        return False
    if not previous.is_file() or previous.is_symlink() or Path(os.path.realpath(previous)) != expected_real:
        return False
    if output.kept:
        return True
    if output.data is not None:
        return stat.st_size == len(output.data) and previous.read_bytes() == output.data
    assert output.source is not None
    source_stat = output.source.stat()
    if source_stat.st_size != stat.st_size:
        return False
    with open(previous, "rb") as a, open(output.source, "rb") as b:
        return a.read() == b.read()
