"""Brings an existing output folder up to date in place, touching only what changed.

Re-staging a whole site for a one-product edit means linking and later deleting every
file (80,000 at 10,000 products): seconds of file-system work for a few changed pages.
Instead, a manifest of the last build (path → how it was made, and the size and mtime it
was left with) tells which files differ. Changes are applied with a rollback journal
beside the output folder:

1. new contents are written under `.<out>.weishop-journal-<pid>/new/`, nothing else moves;
2. the current version of every file to be replaced or removed is hard-linked to `old/`;
3. `journal.json` (atomic rename) lists the operations: from here the update can be undone;
4. the operations are applied (renames and unlinks), the manifest is saved, `journal.json`
   becomes `done.json`, and the journal folder is removed.

A build killed before 3 leaves the output untouched; killed after 3, the next weishop run
(`recover`) puts every old file back before doing anything else. The output folder itself
is never replaced, so hosts and editors never see it disappear.

When the output folder is a mount point (a Docker volume, a second disk, a network share), the
journal is kept inside it (spool.work_folder): links and renames cannot cross file systems.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import stat
from pathlib import Path

from weishop import __version__
from weishop.publish.files import MARKER, Output, SiteFiles
from weishop.publish.spool import copy_file, is_work_name, work_folder, work_places
from weishop.utils.cache import UNREADABLE, atomic_write, output_key, read_pickle, write_pickle
from weishop.errors import WeishopError


JOURNAL = "weishop-journal"
MANIFEST = "manifest.pickle"  # pickle: a 100,000-file manifest loads several times faster than JSON


def signature(output: Output) -> str:
    """How a file was made: its bytes' hash, or the source file's identity (copies are not re-read)."""
    if output.kept:
        return output.kept
    if output.digest:  # bytes in a spool file: the same signature as if they were in `data`
        return "d:" + output.digest
    if output.data is not None:
        return "d:" + hashlib.blake2b(output.data, digest_size=16).hexdigest()
    assert output.source is not None
    st = os.stat(output.source)
    return f"s:{output.source}:{st.st_size}:{st.st_mtime_ns}"


def manifest_path(cache_root: Path, out: Path) -> Path:
    key = output_key(out)
    return cache_root / "outputs" / f"{key}-{MANIFEST}"


def load_manifest(path: Path, out: Path) -> dict[str, list] | None:
    """What the last build left in `out` (read-only: shared with later builds of this process)."""
    try:
        data = read_pickle(path)
    except UNREADABLE:
        return None
    if not isinstance(data, dict) or data.get("version") != __version__ or data.get("out") != str(out.absolute()):
        return None
    files = data.get("files")
    return files if isinstance(files, dict) else None


def save_manifest(path: Path, out: Path, files: dict[str, list]) -> None:
    write_pickle(path, {"version": __version__, "out": str(out.absolute()), "files": files})
    where = path.with_name(path.name.replace(MANIFEST, "out.txt"))
    if not where.is_file():
        where.write_text(str(out.absolute()), encoding="utf-8")
    forget_gone_outputs(path.parent)


def forget_gone_outputs(folder: Path) -> None:
    """Drop what is remembered about output folders that no longer exist (e.g. old `serve` sessions)."""
    for where in folder.glob("*-out.txt"):
        try:
            if Path(where.read_text(encoding="utf-8")).exists():
                continue
            key = where.name[: -len("-out.txt")]
            for stale in folder.glob(f"{key}-*"):
                stale.unlink()
        except OSError:
            continue


def present_files(out: Path) -> dict[str, list]:
    """Everything in `out` now as a manifest no output matches: an in-place update replaces or removes each."""
    files: dict[str, list] = {}
    for root, dirs, names in os.walk(out):
        rel_root = os.path.relpath(root, out).replace(os.sep, "/")
        prefix = "" if rel_root == "." else rel_root + "/"
        if not prefix:
            dirs[:] = [d for d in dirs if not is_work_name(out, d)]
            names = [n for n in names if n != MARKER]
        for name in names + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            st = os.lstat(os.path.join(root, name))
            files[prefix + name] = ["", st.st_size, st.st_mtime_ns]
    return files


def current(out: Path, rel: str) -> tuple[int, int] | None:
    """(size, mtime_ns) of a regular file at `rel`, None if missing, a symlink or anything else."""
    try:
        st = os.lstat(f"{out}/{rel}")
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else None


class NotSafeInPlace(WeishopError):
    """The output folder holds something an in-place update must not write through (a symlinked folder)."""


def check_folders(out: Path, rels: list[str]) -> set[str]:
    """Every folder on the way to `rels` is a real folder inside `out` (or missing); returns the missing ones."""
    checked: dict[str, bool] = {}
    missing: set[str] = set()
    for rel in rels:
        parts = rel.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            if folder in checked:
                continue
            try:
                mode = os.lstat(f"{out}/{folder}").st_mode
                ok = stat.S_ISDIR(mode)
                if not ok:
                    raise NotSafeInPlace(folder)
            except FileNotFoundError:
                missing.add(folder)
            checked[folder] = True
    return missing


def update_in_place(out: Path, site_files: SiteFiles, previous: dict[str, list], manifest: Path,
                    inside: bool = False) -> dict[str, int]:
    """Apply the difference between the last build (`previous`) and `site_files` to `out`; the journal is
    kept inside `out` when it is a mount point (or `inside` says so)."""
    signatures = {rel: signature(output) for rel, output in site_files.files.items()}
    changed = _changed(out, signatures, previous)
    removed = sorted(rel for rel in previous if rel not in signatures)
    stats = {"written": len(changed), "unchanged": len(signatures) - len(changed), "removed": len(removed)}
    if not changed and not removed:
        return stats
    new_folders = sorted(check_folders(out, changed), key=lambda f: f.count("/"))
    journal = work_folder(out, inside) / f".{out.name}.{JOURNAL}-{os.getpid()}"
    shutil.rmtree(journal, ignore_errors=True)
    _write_new(journal / "new", site_files, changed)  # 1.
    replaced = _keep_old(out, journal / "old", changed + removed)  # 2.
    _write_json(journal / "journal.json", {"changed": changed, "removed": removed, "replaced": replaced, "folders": new_folders})  # 3.
    _apply(out, journal, new_folders, changed, removed)  # 4.
    files = {}
    touched = set(changed)
    for rel, sig in signatures.items():
        if rel not in touched:
            files[rel] = previous[rel]  # unchanged: as checked above
        elif size_mtime := current(out, rel):
            files[rel] = [sig, *size_mtime]
    save_manifest(manifest, out, files)
    os.replace(journal / "journal.json", journal / "done.json")
    shutil.rmtree(journal, ignore_errors=True)
    return stats


def _changed(out: Path, signatures: dict[str, str], previous: dict[str, list]) -> list[str]:
    """Paths whose file is not as the last build left it (made from other inputs, or touched since)."""
    changed: list[str] = []
    root = f"{out}/"
    for rel, sig in signatures.items():  # the hot loop of a rebuild (one pass per output file): kept plain
        known = previous.get(rel)
        if known is not None and known[0] == sig:
            try:
                st = os.lstat(root + rel)
                if st.st_size == known[1] and st.st_mtime_ns == known[2] and stat.S_ISREG(st.st_mode):
                    continue
            except OSError:
                pass
        changed.append(rel)
    return changed


def _write_new(folder: Path, site_files: SiteFiles, changed: list[str]) -> None:
    """1. The new contents, beside the output: nothing in it has moved yet."""
    folder.mkdir(parents=True)
    for rel in changed:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        output = site_files.files[rel]
        if output.data is not None:
            target.write_bytes(output.data)
        else:
            copy_file(output.source, target)  # type: ignore[arg-type]


def _keep_old(out: Path, folder: Path, rels: list[str]) -> list[str]:
    """2. What is there now, linked aside to be put back if the update is killed; returns those paths."""
    folder.mkdir()
    replaced = [rel for rel in rels if os.path.lexists(out / rel)]
    for rel in replaced:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if os.path.islink(out / rel):
            os.symlink(os.readlink(out / rel), target)
        else:
            os.link(out / rel, target)
    return replaced


def _apply(out: Path, journal: Path, new_folders: list[str], changed: list[str], removed: list[str]) -> None:
    """4. The journalled operations: from here a killed update is undone by `recover`."""
    for folder in new_folders:
        (out / folder).mkdir(exist_ok=True)
    for rel in changed:
        os.replace(journal / "new" / rel, out / rel)
    for rel in removed:
        if os.path.lexists(out / rel):
            os.unlink(out / rel)
    _prune_empty(out, removed)


def record(out: Path, site_files: SiteFiles, manifest: Path) -> None:
    """After a whole-folder build: remember how each file was made for the next update."""
    files = {}
    for rel, output in site_files.files.items():
        size_mtime = current(out, rel)
        if size_mtime:
            files[rel] = [signature(output), *size_mtime]
    save_manifest(manifest, out, files)


def recover(out: Path, alive) -> None:
    """Undo an update that was killed after its journal was written; drop journals of dead builds."""
    prefix = f".{out.name}.{JOURNAL}-"
    entries = []
    for place in work_places(out):
        try:
            entries += [e for e in place.iterdir() if e.name.startswith(prefix) and e.name[len(prefix):].isdigit()]
        except OSError:
            continue
    for journal in entries:
        if alive(int(journal.name[len(prefix):])) or journal.is_symlink():
            continue
        plan_file = journal / "journal.json"
        if plan_file.is_file():
            plan = json.loads(plan_file.read_text(encoding="utf-8"))
            replaced = set(plan["replaced"])
            for rel in plan["changed"] + plan["removed"]:
                backup = journal / "old" / rel
                if rel in replaced and os.path.lexists(backup):
                    os.replace(backup, out / rel)
                elif rel not in replaced and os.path.lexists(out / rel):
                    os.unlink(out / rel)  # a file this update added
            for folder in sorted(plan["folders"], key=lambda f: -f.count("/")):
                try:
                    (out / folder).rmdir()
                except OSError:
                    pass
        shutil.rmtree(journal, ignore_errors=True)


def _prune_empty(out: Path, removed: list[str]) -> None:
    folders = sorted({str(Path(rel).parent) for rel in removed} - {"."}, key=lambda f: -f.count("/"))
    for folder in folders:
        while folder not in ("", "."):
            try:
                (out / folder).rmdir()
            except OSError:
                break
            folder = str(Path(folder).parent)


def _write_json(path: Path, data: object) -> None:
    atomic_write(path, json.dumps(data).encode("utf-8"))
