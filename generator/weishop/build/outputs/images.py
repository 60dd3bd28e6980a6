"""Output stage: every photo's web variants, made once per content in a process pool, copied from the cache."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Iterator

from weishop.build.stage import StageInput
from weishop.media.images import NAMESPACE, ImageIndex, Plan, ReportedError, image_problem, make_variants, plan_files, wanted_variants
from weishop.publish.files import Output
from weishop.utils.cache import Cache, entry
from weishop.utils.parallel import Job, run_jobs

log = logging.getLogger(__name__)


def image_stage(stage: StageInput) -> Iterator[tuple[str, Output]]:
    """Output stage: missing variants made in a process pool, then every variant from the cache."""
    index = stage.renderer.images
    shop = stage.options.shop.absolute()
    folder = str(Cache(shop).root / NAMESPACE)
    cached = _cached_files(folder, {plan.key[:2] for plan in index.plans.values() if not plan.error})
    jobs: list[Job] = []
    for path, plan in index.plans.items():
        source = index.images[path].source
        if plan.error:
            stage.problems.error(*_where(index, path), f"{_shown(source, shop)} {plan.error}", plan.hint)
            continue
        for note in plan.warnings:
            stage.problems.warn(*_where(index, path), f"{_shown(source, shop)} {note}")
        if not all(plan.key + v.suffix in cached for v in plan_files(plan)):
            wanted = wanted_variants(plan)
            jobs.append(Job(path, make_variants, (str(source), str(shop), plan.key, wanted,
                                                     any(v.kind == "png" for v in plan.fallback))))
    index.stats["images"] = len(index.plans)
    for result in run_jobs(jobs, "images", stage.options.progress):
        path = result.job.label
        if result.error:
            source = index.images[path].source
            error, hint = image_problem(ReportedError(result.error), source)
            stage.problems.error(*_where(index, path), f"{_shown(source, shop)} {error}", hint)
            index.plans[path] = Plan(error=error)
        else:
            index.stats["processed"] += 1
            index.stats["encodes"] += result.value
    if jobs:
        log.info("images: %d processed (%d files encoded), %d from the cache",
                 index.stats["processed"], index.stats["encodes"], len(index.plans) - len(jobs))
    seen, found = _seen.get(folder, {}), {}
    for path, plan in index.plans.items():
        if not plan.error:
            outputs = found[(path, plan.key)] = seen.get((path, plan.key)) or _outputs(path, plan, folder)
            yield from outputs
    _seen[folder] = found


def _where(index: ImageIndex, path: str) -> tuple[str, int, str]:
    """(file, line, field) of the first reference to the image: `content/products/tea.md`, 4, `images[0]`."""
    where = index.images[path].where
    return where if where[0] else (index.used_by[path], 0, "image")


_seen: dict[str, dict[tuple[str, str], list[tuple[str, Output]]]] = {}  # the last build's, by (image path, plan key)


def _outputs(path: str, plan: Plan, folder: str) -> list[tuple[str, Output]]:
    """The image's files in the site, each copied from the cache."""
    sources = {v.suffix: Path(entry(folder, plan.key, v.suffix)) for v in plan.variants}  # the original shares one
    return [(v.path, Output(origin=f"{path} ({v.width} px {v.kind})",
                            source=sources.get(v.suffix) or Path(entry(folder, plan.key, v.suffix))))
            for v in plan_files(plan)]


def _cached_files(folder: str, prefixes: set[str]) -> set[str]:
    """Names of the cache files in `folder`'s subfolders `prefixes`: one listing each instead of a stat per file."""
    names: set[str] = set()
    for prefix in prefixes:
        try:
            names.update(os.listdir(os.path.join(folder, prefix)))
        except OSError:
            continue
    return names


def _shown(path: Path, shop: Path) -> str:
    try:
        return path.relative_to(shop.resolve()).as_posix()
    except ValueError:
        try:
            return path.relative_to(shop).as_posix()
        except ValueError:
            return str(path)
