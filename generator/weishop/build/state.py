"""What one caller keeps between the builds it runs: a `weishop build` run, or `weishop serve`'s session.

Every memo of the build lives here instead of in module globals, so two callers (two tests, two
previews) never see each other's, and nothing needs resetting by hand. `serve` keeps its state in
memory across saves; a new process loads the part worth keeping from `.weishop-cache/state/`
(`load`/`save`), versioned by weishop's code and the build's settings, so an edit in a fresh
`weishop build` does not re-derive what the last build already knew:

- `sources`: each source file's stat stamp (mtime, size, inode) and content key; a file whose
  stamp did not move is not read or hashed again;
- `feed_parts`, `drawn`, `cards`: feed entries, share-image cache files and product-card HTML by
  what they were made from;
- `links`, `coverage`, `related`: the link targets of each Markdown body, the characters the share
  images' fonts lack in each text, and the related products while no listing changed, so a rebuild
  parses, measures and compares only what changed.

What a stage derives from a state is always checked against its inputs (keys include content
hashes), so a stale or foreign state costs time, never correctness.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from weishop.pages.render import CardMemo
from weishop.utils.cache import CACHE_DIR, UNREADABLE, PickleMemo, atomic_write, code_version, output_key
from weishop.utils.slugs import Pinyin

FOLDER = "state"
KEPT = ("sources", "feed_parts", "drawn", "cards", "site_version", "links", "coverage", "related")  # what a new process loads; the rest is rebuilt cheaply


@dataclass
class BuildState:
    pickles: PickleMemo = field(default_factory=dict)  # cache files as last read (utils/cache.read_pickle)
    pinyin: Pinyin = field(default_factory=Pinyin)  # slugs of Chinese names
    image_plans: dict[str, dict] = field(default_factory=dict)  # media/images.ImageIndex
    image_outputs: dict[str, dict] = field(default_factory=dict)  # build/outputs/images: outputs by (path, plan key)
    drawn: dict[str, dict] = field(default_factory=dict)  # build/outputs/cards: namespace -> inputs -> cache file
    feed_parts: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # build/outputs/feeds: entries by inputs
    cards: CardMemo = field(default_factory=CardMemo)  # pages/render: product cards' HTML
    sources: dict[str, tuple[tuple[int, int, int], str, str]] = field(default_factory=dict)  # path -> (stamp, settings, key)
    links: dict[tuple[str, str, str], list] = field(default_factory=dict)  # build/links: each body's link targets
    coverage: dict[tuple[str, str], str] = field(default_factory=dict)  # build/outputs/cards: (fonts, text) -> characters they lack
    related: dict[str, Any] = field(default_factory=dict)  # content/model.Site.keep_related: related products by listings
    commits: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)  # content/history: git dates by HEAD
    loaded: str = ""  # the version of the saved state this one was loaded from ("" = none)
    site_version: str = ""  # pagecache.site_version of the last build: what every page may show
    last_images: dict[str, Path] = field(default_factory=dict)  # output path -> cache file of the image last published there
    last_search: dict[str, bytes] = field(default_factory=dict)  # the search index last published (serve shows it until redone)
    deferred: int = 0  # images the last build left to draw (BuildOptions.defer_drawing)
    drawn_now: int = 0  # images the last build drew


def version(settings: str) -> str:
    return f"{code_version()}:{settings}"


def state_path(shop: Path, out: Path) -> Path:
    return shop.absolute() / CACHE_DIR / FOLDER / f"{output_key(out)}.pickle"


def load(shop: Path, out: Path, settings: str) -> BuildState:
    """The state the last build into `out` saved, if made by this weishop with these settings; else a fresh one."""
    state = BuildState()
    try:
        with open(state_path(shop, out), "rb") as handle:
            data = pickle.load(handle)
    except UNREADABLE:
        return state
    if not isinstance(data, dict) or data.get("version") != version(settings):
        return state
    for name in KEPT:
        value = data.get(name)
        if isinstance(value, type(getattr(state, name))):
            setattr(state, name, value)
    state.loaded = data["version"]
    return state


def save(state: BuildState, shop: Path, out: Path, settings: str) -> None:
    """Keeps the state for the next process; a full or read-only disk only makes that one slower."""
    data = {"version": version(settings), **{name: getattr(state, name) for name in KEPT}}
    try:
        atomic_write(state_path(shop, out), pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
