"""What the build's stages share, and nothing else: the build's options and what an output stage gets.

Types only, so every stage (feeds, images, share cards …) can name them without importing the
pipeline that runs it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from weishop.build.state import BuildState
from weishop.content.model import Site
from weishop.errors import Problems
from weishop.pages.render import Renderer
from weishop.publish.files import Output, SiteFiles
from weishop.utils.progress import silent


@dataclass
class BuildOptions:
    shop: Path
    out: Path | None = None
    drafts: bool = False
    base_url: str | None = None
    dev_script: str = ""  # injected by `weishop serve` only
    cache: bool = True  # reuse parsed documents from .weishop-cache/ (images are cached regardless)
    progress: Callable[[str, int, int], None] = silent  # (what, done, total); `weishop build` shows it on a terminal
    state: BuildState | None = None  # what the caller keeps between builds; None: loaded from .weishop-cache/ (build.state)
    save_state: bool = True  # keep the state in .weishop-cache/ for the next process (`serve` keeps it in memory)
    defer_drawing: bool = False  # `serve`: pages first; images still to draw are left out until a build without this
    cancel: threading.Event | None = None  # `serve`: set when a newer save waits; the build stops with Cancelled

    @property
    def output(self) -> Path:
        return (self.out or self.shop / "output").absolute()


@dataclass
class StageInput:
    """What an output stage (feeds, share cards, images …) gets: the checked site and the page renderer."""

    options: BuildOptions
    site: Site
    renderer: Renderer
    problems: Problems
    files: SiteFiles = field(default_factory=SiteFiles)  # pages and files made so far (the search index reads the pages)
    stats: dict[str, int] = field(default_factory=dict)  # counts for the build summary (search: pages indexed, time)
    state: BuildState = field(default_factory=BuildState)  # the caller's memos (build/state.py)


# Each stage yields (output path, Output) pairs added to the site after the pages; a stage reports
# problems instead of raising.
OutputStage = Callable[[StageInput], Iterable[tuple[str, Output]]]
