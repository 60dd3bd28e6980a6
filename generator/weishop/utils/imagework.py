"""Runs slow, independent jobs (image variants, share cards, posters) across all cores.

Jobs are plain top-level functions with picklable arguments. A progress bar is shown on a
terminal only. One failing job is reported with its label, never stops the others.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Job:
    label: str  # what to name in messages, e.g. the source image's path
    fn: Callable[..., Any]
    args: tuple[Any, ...]


@dataclass
class JobResult:
    job: Job
    value: Any = None
    error: str = ""


def _workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def run_jobs(jobs: list[Job], title: str = "images", progress: bool | None = None) -> list[JobResult]:
    """Run `jobs`, in parallel when there is more than a handful; results in job order."""
    if not jobs:
        return []
    show = sys.stderr.isatty() if progress is None else progress
    results: list[JobResult] = [JobResult(job) for job in jobs]
    if len(jobs) < 4 or _workers() == 1:
        for i, job in enumerate(jobs):
            results[i] = _run_one(job)
        return results
    from concurrent.futures import ProcessPoolExecutor, as_completed  # only when there is image work to spread

    bar = _progress(title, len(jobs)) if show else None
    with ProcessPoolExecutor(max_workers=_workers()) as pool:
        futures = {pool.submit(_run_one, job): i for i, job in enumerate(jobs)}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if bar:
                bar.advance()
    if bar:
        bar.close()
    return results


def _run_one(job: Job) -> JobResult:
    try:
        return JobResult(job, job.fn(*job.args))
    except Exception as exc:  # reported per file: one bad image must not stop the build
        return JobResult(job, error=f"{type(exc).__name__}: {exc}")


class _progress:
    """A one-line progress bar on stderr (rich when installed)."""

    def __init__(self, title: str, total: int):
        self.title, self.total, self.done = title, total, 0

    def advance(self) -> None:
        self.done += 1
        width = 30
        filled = width * self.done // self.total
        sys.stderr.write(f"\r{self.title} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")
