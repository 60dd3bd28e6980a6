"""When each content file last changed in git: the date feeds and the sitemap give an undated entry.

File times are no such date: every clone, checkout or copy writes the files anew, so two clones of
one shop would publish different feeds. The last commit of a file is the same in every clone.
One `git log` names every file of content/, newest commit first; the first time a file is named
is its last change. Outside a git repository (or without git) no file has a date.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping


@dataclass(frozen=True)
class Dates:
    """What undated entries are dated by: their file's last commit, never later than SOURCE_DATE_EPOCH."""

    commits: Mapping[str, int] = field(default_factory=dict)  # shop-relative source path -> Unix time
    epoch: float | None = None  # SOURCE_DATE_EPOCH

    def changed(self, entity: Any) -> dt.datetime | None:
        """The last commit of the product's, story's or page's file (its `source`), if git knows one."""
        seconds = self.commits.get(entity.source)
        if seconds is None:
            return None
        return utc(seconds if self.epoch is None else min(seconds, self.epoch))

    @property
    def stable(self) -> dt.datetime:
        """The one date for what must carry a date and has none: SOURCE_DATE_EPOCH, else 1970."""
        return utc(self.epoch or 0)


NO_DATES = Dates()


def utc(seconds: float) -> dt.datetime:
    """A Unix time as the zone-less UTC datetime content dates are."""
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).replace(tzinfo=None)


def commit_times(shop: Path, known: dict[tuple[str, str], dict[str, int]] | None = None) -> dict[str, int]:
    """Path relative to the shop (`content/products/tea.md`) → Unix time of the last commit that changed it.

    `known` (the build state's) keeps the answer by HEAD: `weishop serve` asks on every rebuild."""
    known = {} if known is None else known
    head = _git(shop, "rev-parse", "--absolute-git-dir", "--is-shallow-repository", "HEAD")
    if head is None or len(lines := head.split("\n")) < 3:
        return {}
    git_dir, shallow, commit = lines[0], lines[1] == "true", lines[2]
    if (key := (str(shop), commit)) in known:
        return known[key]
    out = _git(shop, "log", "--format=%x01%ct %H", "--name-only", "-z", "--relative", "--no-renames", "--", "content")
    if out is None:
        return {}
    # A shallow clone's oldest commits list every file as new: that is no date of theirs.
    boundary = set(Path(git_dir, "shallow").read_text().split()) if shallow and os.path.isfile(Path(git_dir, "shallow")) else set()
    times: dict[str, int] = {}
    when: int | None = None
    for token in out.split("\0"):
        token = token.lstrip("\n")
        if token.startswith("\x01"):
            seconds, _, sha = token[1:].partition(" ")
            when = None if sha in boundary else int(seconds)
        elif token and when is not None:
            times.setdefault(token, when)
    known.clear()
    known[key] = times
    return times


def _git(shop: Path, *args: str) -> str | None:
    """git's output in `shop`, or None when there is no git, no repository, or it refuses (e.g. not the owner)."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):  # set by a git hook: they would point elsewhere
        env.pop(name, None)
    try:
        done = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=shop, env=env, capture_output=True,
                              timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "surrogateescape").strip("\n") if done.returncode == 0 else None
