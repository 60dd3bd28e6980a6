"""The build cache (`.weishop-cache/` in the shop folder): results keyed by the hash of their inputs.

A key covers everything that changes a result (source bytes, settings, weishop version), so an
entry is either valid or never looked up again; no invalidation logic.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

from weishop import __version__

CACHE_DIR = ".weishop-cache"
# What reading back a damaged cache file, or one pickled by another weishop, can raise: such a file only costs time.
UNREADABLE = (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError)


@lru_cache(maxsize=1)
def code_version() -> str:
    """weishop's version plus a hash of its own code: results cached by another build of weishop never match."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):  # every module, sub-packages included
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def content_key(*parts: bytes | str) -> str:
    """A stable hex key for the given inputs (weishop's version included; add code_version() where code shapes the result)."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def file_key(path: Path, *settings: str) -> str:
    """content_key of a file's bytes; read once per process while its size and time stay the same."""
    st = path.stat()
    return _file_key(str(path), st.st_size, st.st_mtime_ns, settings)


@lru_cache(maxsize=8192)
def _file_key(path: str, size: int, mtime_ns: int, settings: tuple[str, ...]) -> str:
    return content_key(Path(path).read_bytes(), *settings)


def entry(folder: str, key: str, suffix: str = "") -> str:
    """Where an entry of a cache namespace folder lives (a string: hot loops make one per output file)."""
    return f"{folder}/{key[:2]}/{key}{suffix}"


class Cache:
    """Files under `<shop>/.weishop-cache/<namespace>/`; writes are atomic (temp file + rename)."""

    def __init__(self, shop: Path):
        self.root = shop.absolute() / CACHE_DIR

    def path(self, namespace: str, key: str, suffix: str = "") -> Path:
        return Path(entry(str(self.root / namespace), key, suffix))

    def get(self, namespace: str, key: str, suffix: str = "") -> bytes | None:
        try:
            return self.path(namespace, key, suffix).read_bytes()
        except OSError:
            return None

    def put(self, namespace: str, key: str, data: bytes, suffix: str = "") -> Path:
        target = self.path(namespace, key, suffix)
        atomic_write(target, data)
        return target


_files: dict[str, tuple[tuple[int, int, int], Any]] = {}  # cache file -> (its stat stamp, what was read from it)


def _stamp(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def read_pickle(path: Path) -> Any:
    """A cache file's pickled value, reused while the file stays as this process last saw it.

    `weishop serve` rebuilds in one process: the parsed documents, manifests and page
    fingerprints of a 10,000-product shop are not read back from disk after every save.
    Callers must not change the value. Raises OSError (missing) or pickle errors (damaged).
    """
    key = str(path)
    stamp = _stamp(path)
    known = _files.get(key)
    if known is not None and known[0] == stamp:
        return known[1]
    with open(path, "rb") as handle:
        value = pickle.load(handle)
    _files[key] = (stamp, value)
    return value


def write_pickle(path: Path, value: Any) -> None:
    """Atomically replaces `path` with `value` pickled, and remembers it for read_pickle."""
    atomic_write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    _files[str(path)] = (_stamp(path), value)


def atomic_write(path: Path, data: bytes) -> None:
    """Replaces `path` with `data` all at once (temp file + rename): a killed build never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temp, "wb") as handle:
        handle.write(data)
    os.replace(temp, path)


def output_key(out: Path) -> str:
    """Names the cache files that belong to one output folder (a shop may be built into several)."""
    return hashlib.sha256(str(out.absolute()).encode()).hexdigest()[:16]
