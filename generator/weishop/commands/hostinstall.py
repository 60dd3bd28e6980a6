"""What a build host installs: exactly the weishop the seller previews with, never a stranger's.

weishop is not necessarily on an index, and a bare `pip install weishop` would install whatever
anyone registered under that name (dependency confusion). How this weishop was installed is in
its own metadata (PEP 610 `direct_url.json`): from an index, pin that version; from a folder,
a git URL or a wheel, put this very weishop as a wheel into the shop (`.weishop/`) and install
it by its path. Either way the dependencies are pinned to the versions the seller runs.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from weishop.errors import UsageError
from weishop.utils.messages import tr

WHEEL_DIR = ".weishop"
REQUIREMENTS = "requirements.txt"
HEADER = "# Written by `weishop deploy`"
SKIPPED = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}  # per-installation files of a .dist-info
ZIP_DATE = (2020, 2, 2, 0, 0, 0)  # fixed times: the same weishop gives the same wheel bytes


@dataclass(frozen=True)
class Installed:
    """The running weishop: its version and where pip got it (PEP 610)."""

    version: str
    source: str  # "index", "editable", "folder", "vcs" or "archive"
    url: str = ""


def installed(name: str = "weishop") -> Installed:
    dist = metadata.distribution(name)
    text = dist.read_text("direct_url.json")
    if not text:
        return Installed(dist.version, "index")
    info = json.loads(text)
    if "vcs_info" in info:
        source = "vcs"
    elif "archive_info" in info:
        source = "archive"
    else:
        source = "editable" if info.get("dir_info", {}).get("editable") else "folder"
    return Installed(dist.version, source, info.get("url", ""))


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;(@]", requirement.strip(), maxsplit=1)[0]


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_pins(name: str = "weishop") -> list[str]:
    """`dep==version` for every runtime dependency, transitively, as installed here (markers kept for the host)."""
    pins: dict[str, str] = {}
    todo: list[tuple[str, set[str]]] = [(name, set())]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        current, extras = todo.pop()
        if (key := (_normal(current), frozenset(extras))) in seen:
            continue
        seen.add(key)
        for requirement in metadata.distribution(current).requires or []:
            spec, _, marker = requirement.partition(";")
            wanted = re.findall(r"""extra\s*==\s*["']([^"']+)["']""", marker)
            if wanted and not set(wanted) & extras:
                continue
            marker = "" if wanted else marker.strip()
            dep = _name(spec)
            dep_extras = set(re.findall(r"\[([^\]]*)\]", spec)[0].replace(" ", "").split(",")) if "[" in spec else set()
            try:
                version = metadata.version(dep)
            except metadata.PackageNotFoundError:  # not needed here; maybe on the host (Linux)
                if marker and _on_linux(marker) is not False:
                    pins.setdefault(_normal(dep), f"{spec.strip()}; {marker}")
                continue
            pins[_normal(dep)] = f"{_normal(dep)}=={version}" + (f"; {marker}" if marker else "")
            todo.append((dep, dep_extras - {""}))
    return [pins[key] for key in sorted(pins)]


def _on_linux(marker: str) -> bool | None:
    """Whether an environment marker holds on a Linux build host with this Python; None when unknown."""
    try:
        from packaging.markers import Marker
    except ImportError:  # not a dependency of weishop; pip carries a copy
        try:
            from pip._vendor.packaging.markers import Marker
        except ImportError:  # then pip on the host evaluates the marker
            return None
    try:
        return Marker(marker).evaluate({"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"})
    except Exception:  # an odd marker: keep the line, pip decides
        return None


# --- the wheel -----------------------------------------------------------------------------------


def _installed_files(name: str) -> dict[str, bytes]:
    """The files of an installed (non-editable) distribution, by their names inside a wheel."""
    dist = metadata.distribution(name)
    files: dict[str, bytes] = {}
    for entry in dist.files or []:
        rel = entry.as_posix()
        parts = rel.split("/")
        if rel.startswith("../") or "__pycache__" in parts or rel.endswith(".pyc"):
            continue  # console scripts (pip makes them again from entry_points.txt), byte code
        if parts[0].endswith(".dist-info") and parts[-1] in SKIPPED:
            continue
        files[rel] = Path(entry.locate()).read_bytes()
    return files


def _built_files(folder: Path) -> dict[str, bytes]:
    """An editable install's source folder, built as pip would build it."""
    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, str(folder)],
                                capture_output=True, text=True)
        wheels = list(Path(out).glob("*.whl"))
        if result.returncode or len(wheels) != 1:
            raise UsageError(f"could not build a wheel of weishop from {folder} (needed to publish this very weishop): "
                             f"{(result.stderr or result.stdout).strip()[-800:]}")
        with zipfile.ZipFile(wheels[0]) as archive:
            return {name: archive.read(name) for name in archive.namelist()
                    if not (name.split("/")[0].endswith(".dist-info") and name.rsplit("/", 1)[-1] in SKIPPED)}


def _from_url(url: str) -> Path:
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    return Path(unquote(parts.path))


def wheel_files(found: Installed, name: str = "weishop") -> dict[str, bytes]:
    if found.source == "editable":
        return _built_files(_from_url(found.url))
    return _installed_files(name)


def relabel(files: dict[str, bytes], version: str) -> tuple[str, dict[str, bytes]]:
    """Give the wheel the local version `<release>+<hash of its files>`.

    A host that kept last build's packages would otherwise see the same version and keep the old
    code ("already installed with the same version"); the hash also makes the name say what is inside.
    """
    info = next(p.split("/")[0] for p in files if p.split("/")[0].endswith(".dist-info"))
    digest = hashlib.sha256()
    for path in sorted(files):  # the code and data, not the metadata that names the version
        if path.split("/")[0] != info or path.endswith("/entry_points.txt"):
            shown = path if path.split("/")[0] != info else "entry_points.txt"
            digest.update(shown.encode() + b"\0" + hashlib.sha256(files[path]).digest())
    labelled = f"{version.split('+')[0]}+{digest.hexdigest()[:10]}"
    dist_name = info[: -len(".dist-info")].rsplit("-", 1)[0]
    new_info = f"{dist_name}-{labelled}.dist-info"
    out: dict[str, bytes] = {}
    for path, data in files.items():
        if path.split("/")[0] == info:
            path = new_info + path[len(info):]
            if path.endswith("/METADATA"):
                data = re.sub(rb"(?m)^Version: .*$", f"Version: {labelled}".encode(), data, count=1)
        out[path] = data
    return labelled, out


def wheel_bytes(files: dict[str, bytes]) -> bytes:
    """A wheel (PEP 427) of `files`, with RECORD, in a fixed order with fixed times."""
    info = next(p.split("/")[0] for p in files if p.split("/")[0].endswith(".dist-info"))
    record = f"{info}/RECORD"
    names = sorted(p for p in files if p.split("/")[0] != info) + sorted(p for p in files if p.split("/")[0] == info)
    lines = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in names:
            digest = base64.urlsafe_b64encode(hashlib.sha256(files[path]).digest()).rstrip(b"=").decode()
            lines.append(f"{path},sha256={digest},{len(files[path])}")
            archive.writestr(_entry(path), files[path])
        archive.writestr(_entry(record), "\n".join(lines + [f"{record},,"]) + "\n")
    return buffer.getvalue()


def _entry(path: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, ZIP_DATE)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


# --- what `deploy` writes -------------------------------------------------------------------------


@dataclass(frozen=True)
class Pinned:
    """requirements.txt's text, and the wheel to put beside it (None when weishop comes from an index)."""

    version: str
    requirements: str
    wheel_name: str | None = None
    wheel: bytes | None = None


@functools.lru_cache(maxsize=2)  # building a wheel from a folder takes seconds; the running weishop stays the same
def pin(name: str = "weishop") -> Pinned:
    found = installed(name)
    deps = runtime_pins(name)
    header = [f"{HEADER}: the weishop this shop is previewed with, and the exact versions of what it needs.",
              "# Netlify and Cloudflare Pages install this file themselves; run `weishop deploy` again after upgrading."]
    if found.source == "index":
        lines = header + [f"{name}=={found.version}"] + deps
        return Pinned(found.version, "\n".join(lines) + "\n")
    version, files = relabel(wheel_files(found, name), found.version)
    wheel_name = f"{name}-{version}-py3-none-any.whl"
    lines = header + [f"# weishop {version} is not installed from an index: this very build of it is in {WHEEL_DIR}/",
                      f"./{WHEEL_DIR}/{wheel_name}"] + deps
    return Pinned(version, "\n".join(lines) + "\n", wheel_name, wheel_bytes(files))


def write(shop: Path, pinned: Pinned, force: bool) -> list[str]:
    """Writes requirements.txt (ours, or any with --force) and the wheel; removes wheels of earlier deploys."""
    done = []
    path = shop / REQUIREMENTS
    if path.is_file() and not path.read_text(encoding="utf-8", errors="replace").startswith(HEADER) and not force:
        raise UsageError(f"{REQUIREMENTS} exists and was not written by weishop; nothing was changed. Move it away, "
                         "or pass --force to replace it (hosts install weishop from it)")
    folder = shop / WHEEL_DIR
    for old in folder.glob("weishop-*.whl") if folder.is_dir() else []:
        if old.name != pinned.wheel_name:
            old.unlink()
            done.append(tr("removed {path}", path=WHEEL_DIR + "/" + old.name))
    if pinned.wheel is not None and pinned.wheel_name:
        target = folder / pinned.wheel_name
        if not (target.is_file() and target.read_bytes() == pinned.wheel):
            folder.mkdir(exist_ok=True)
            target.write_bytes(pinned.wheel)
            size = f"{len(pinned.wheel) / 1e6:.1f}"
            done.append(tr("wrote {path} ({size} MB: commit it)", path=WHEEL_DIR + "/" + pinned.wheel_name, size=size))
    if not (path.is_file() and path.read_text(encoding="utf-8") == pinned.requirements):
        path.write_text(pinned.requirements, encoding="utf-8")
        done.append(tr("wrote {path} (weishop {version})", path=REQUIREMENTS, version=pinned.version))
    else:
        done.append(tr("{path} is up to date (weishop {version})", path=REQUIREMENTS, version=pinned.version))
    return done
