"""File events for `weishop serve`: watchdog filtered to what the build reads, then debounced.

Editors save in odd ways (write a temp file and rename it over the original, probe with
`4913`, leave `.swp` and `~` files) and copying a folder in fires hundreds of events.
Everything that arrives while the shop is still changing becomes one batch, so one
rebuild; a rebuild never runs twice at once.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from weishop.content.walk import is_ignored

log = logging.getLogger(__name__)

# What the build reads from the shop folder: these (recursively) and shop.yml.
WATCHED_FOLDERS = ("content", "static", "themes")
WATCHED_FILES = ("shop.yml",)
# Reading a file (the build itself does) fires open/close events; only writes count.
CHANGE_EVENTS = {"created", "modified", "deleted", "moved", "closed"}

Batch = frozenset[Path]


def is_noise(path: Path) -> bool:
    """Editor swap/backup files, hidden files and OS droppings: never a reason to rebuild."""
    name = path.name
    return is_ignored(name) or (name.endswith("#") and name.startswith("#")) or name.endswith((".swo", ".kate-swp", ".bak"))


def relevant(path: Path, shop: Path, extra_roots: Iterable[Path] = ()) -> bool:
    """Whether a change at `path` can change the built site."""
    if is_noise(path):
        return False
    for root in [shop, *extra_roots]:
        try:
            parts = path.relative_to(root).parts
        except ValueError:
            continue
        if any(part.startswith(".") for part in parts):
            return False
        if root != shop:  # a packaged theme folder: everything in it counts
            return True
        if len(parts) == 1 and parts[0] in WATCHED_FILES:
            return True
        return len(parts) >= 1 and parts[0] in WATCHED_FOLDERS
    return False


class Debouncer:
    """Collects changed paths; calls `action(batch)` once they have been quiet for `quiet` seconds.

    A shop that keeps changing is still rebuilt at least every `longest` seconds. Changes
    that arrive during `action` make one more batch afterwards. `runs` counts the calls.
    """

    def __init__(self, action: Callable[[Batch], None], quiet: float = 0.05, longest: float = 2.0):
        self.action = action
        self.quiet = quiet
        self.longest = longest
        self.runs = 0
        self._pending: set[Path] = set()
        self._first = 0.0
        self._last = 0.0
        self._busy = False
        self._stopping = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._loop, name="weishop-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, wait: float = 30.0) -> None:
        """No more batches; waits up to `wait` seconds for a running one (its thread is a daemon)."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=wait)

    def notify(self, path: Path) -> None:
        now = time.monotonic()
        with self._cond:
            if not self._pending:
                self._first = now
            self._pending.add(path)
            self._last = now
            self._cond.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is pending or running (for tests and benchmarks); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._pending or self._busy:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.05))
        return True

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                while True:  # wait for the burst to end
                    due = min(self._last + self.quiet, self._first + self.longest)
                    remaining = due - time.monotonic()
                    if remaining <= 0 or self._stopping:
                        break
                    self._cond.wait(remaining)
                if self._stopping:
                    return
                batch, self._pending = frozenset(self._pending), set()
                self._busy = True
            try:
                self.runs += 1
                self.action(batch)
            except Exception:  # a failing rebuild must never kill the watcher
                log.exception("rebuild failed")
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: "ShopWatcher"):
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.watcher.event(event)


def watch_shop(shop: Path, action: Callable[[Batch], None], extra_roots: Iterable[Path] = (),
               quiet: float = 0.05) -> tuple["ShopWatcher", Debouncer]:
    """A watcher feeding a debouncer whose batches go to `action`; start both, stop both."""
    watcher: ShopWatcher

    def run(batch: Batch) -> None:
        watcher.refresh()
        action(batch)

    debouncer = Debouncer(run, quiet=quiet)
    watcher = ShopWatcher(shop, debouncer.notify, extra_roots)
    return watcher, debouncer


class ShopWatcher:
    """Watches shop.yml, content/, static/ and themes/ (and packaged theme folders) for changes.

    Only those folders are watched (recursively), not the whole shop folder, so `output/`,
    `.git/` or `node_modules/` cost nothing; a watched folder created later is picked up.
    """

    def __init__(self, shop: Path, notify: Callable[[Path], None], extra_roots: Iterable[Path] = ()):
        self.shop = shop.absolute()
        self.notify = notify
        self.extra_roots = [r.absolute() for r in extra_roots if r.is_dir()]
        self._observer = Observer()
        self._handler = _Handler(self)
        self._watched: dict[Path, tuple[ObservedWatch, int]] = {}  # folder -> (watch, inode)
        self._lock = threading.Lock()

    def start(self) -> None:
        self._observer.schedule(self._handler, str(self.shop), recursive=False)
        self.refresh()
        self._observer.start()

    def refresh(self) -> None:
        """Watch watched folders made since the last call, forget deleted ones; call before each rebuild.

        Not done from the event itself: scheduling a folder that `mkdir -p` or a copy is still
        filling races inside watchdog (the same subfolder added twice). After the quiet period
        the folder is complete, and the rebuild that follows reads it whole anyway.
        """
        for root in [*(self.shop / name for name in WATCHED_FOLDERS), *self.extra_roots]:
            if root.is_dir():
                self._watch(root)
            else:
                self._unwatch(root)

    def stop(self) -> None:
        self._observer.stop()
        if self._observer.is_alive():
            self._observer.join(timeout=10)

    def _watch(self, folder: Path) -> None:
        try:
            inode = folder.stat().st_ino
        except OSError:
            return
        resolved = folder.resolve()
        known = self._watched.get(resolved)
        if known is not None and known[1] != inode:  # deleted and made again: the old watch is dead
            self._unwatch(folder)
        with self._lock:
            if resolved in self._watched or any(resolved.is_relative_to(w) for w in self._watched):
                return
            try:
                self._watched[resolved] = (self._observer.schedule(self._handler, str(folder), recursive=True), inode)
            except OSError as exc:  # e.g. inotify watch limit reached
                log.warning("cannot watch %s: %s", folder, exc)

    def _unwatch(self, folder: Path) -> None:
        """A watched folder was deleted or moved away; watch it again if it comes back."""
        with self._lock:
            known = self._watched.pop(folder.resolve(), None)
            if known is not None:
                try:
                    self._observer.unschedule(known[0])
                except (KeyError, OSError):
                    pass

    def event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGE_EVENTS:
            return
        paths = [Path(str(event.src_path))]
        if event.event_type == "moved" and event.dest_path:
            paths.append(Path(str(event.dest_path)))
        for path in paths:
            if event.is_directory and path.parent == self.shop and path.name in WATCHED_FOLDERS:
                self.notify(path)  # made, deleted or moved: `refresh` (re)schedules it before the rebuild
                continue
            if event.is_directory and event.event_type in ("modified", "closed"):
                continue  # a folder "modified" only because a file in it changed: the file's event counts
            if relevant(path, self.shop, self.extra_roots):
                self.notify(path)
