"""Splits CPU-bound work over the cores: one worker count, one progress line, two ways in.

- `fork_map` for pure work on the parsed site (Markdown, templates): workers are forked, so they
  inherit the site, the compiled templates and the caches of the parent for free; only each item
  and its result cross the process boundary.
- `run_jobs` for slow, independent jobs with picklable arguments (image variants, share images):
  one failing job is reported with its label and never stops the others.

Small jobs, single-core machines and processes with other threads running (the dev server)
stay in one process: forking a threaded process can deadlock.
"""

from __future__ import annotations

import gc
import os
import threading
from dataclasses import dataclass
from typing import Any, Callable, Sequence, TypeVar

from weishop.utils.progress import silent

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 150  # below this, starting workers costs more than it saves


def workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return workers() > 1 and hasattr(os, "fork") and threading.active_count() == 1


_state: Any = None  # set in forked workers only, by _init


def _init(state: Any) -> None:
    global _state
    _state = state


def _run_chunk(fn: Callable[[Any, Any], Any], chunk: Sequence[Any]) -> list[Any]:
    return [fn(_state, item) for item in chunk]


def fork_map(fn: Callable[[Any, T], R], items: Sequence[T], state: Any,
             progress: Callable[[int], None] | None = None) -> list[R]:
    """`[fn(state, item) for item in items]`, in order, across the cores when it pays off.

    `fn` must be a module-level function; `state` is inherited by the workers, not pickled.
    `progress(done)` is called as results arrive.
    """
    if len(items) < MIN_ITEMS or not can_fork():
        results = []
        for item in items:
            results.append(fn(state, item))
            if progress and len(results) % 50 == 0:
                progress(len(results))
        return results
    import multiprocessing  # only when forking: a small shop's build never pays for the import
    from concurrent.futures import ProcessPoolExecutor

    count = workers()
    size = max(1, -(-len(items) // (count * 8)))  # several chunks per worker even out slow items (and move the progress line)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    # Frozen objects are never visited by the collector, so the workers don't copy every page of
    # the parent's memory just to update reference bookkeeping (copy-on-write stays shared).
    thawed = gc.get_freeze_count() == 0  # a caller that froze (build.py) also unfreezes
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_init, initargs=(state,)) as pool:
            results: list[R] = []
            for part in pool.map(_run_chunk, [fn] * len(chunks), chunks):
                results.extend(part)
                if progress:
                    progress(len(results))
    finally:
        if thawed:
            gc.unfreeze()
    return results


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


def run_jobs(jobs: list[Job], title: str = "images",
             progress: Callable[[str, int, int], None] = silent) -> list[JobResult]:
    """Run `jobs`, in parallel when there is more than a handful; results in job order.

    `progress(title, done, total)` as jobs finish: the build's one progress line (progress.py)."""
    if not jobs:
        return []
    results: list[JobResult] = [JobResult(job) for job in jobs]
    if len(jobs) < 4 or workers() == 1:
        for i, job in enumerate(jobs):
            results[i] = _run_one(job)
            progress(title, i + 1, len(jobs))
        return results
    from concurrent.futures import ProcessPoolExecutor, as_completed  # only when there is image work to spread

    with ProcessPoolExecutor(max_workers=workers()) as pool:
        futures = {pool.submit(_run_one, job): i for i, job in enumerate(jobs)}
        for done, future in enumerate(as_completed(futures), 1):
            results[futures[future]] = future.result()
            progress(title, done, len(jobs))
    return results


def _run_one(job: Job) -> JobResult:
    try:
        return JobResult(job, job.fn(*job.args))
    except Exception as exc:  # reported per file: one bad image must not stop the build
        return JobResult(job, error=f"{type(exc).__name__}: {exc}")
