"""One progress line on a terminal, for builds that take over a second; nothing when output is piped.

Stages report `(what, done, total)`; the line appears only once the build has run for a
second (a quick rebuild stays silent) and is wiped before the summary is printed.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 24


class Progress:
    def __init__(self, stream: TextIO | None = None, after: float = 1.0, force: bool = False):
        self.stream = stream or sys.stderr
        self.show = force or self.stream.isatty()
        self.after = after
        self.began = time.monotonic()
        self.shown_at = 0.0
        self.width = 0  # characters of the line now on screen

    def __call__(self, what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.show or now - self.began < self.after or (now - self.shown_at < 0.1 and done < total):
            return
        filled = WIDTH * done // max(total, 1)
        line = f"{what} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}"
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.shown_at, self.width = now, max(self.width, len(line))

    def clear(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def silent(what: str, done: int, total: int) -> None:
    """For callers that want no progress."""
