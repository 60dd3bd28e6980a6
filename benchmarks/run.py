"""Build-speed benchmark: weishop against Pelican on the same synthetic corpus, ratios from one run.

    python benchmarks/run.py [--sizes 100 1000 10000] [--runs 3] [--no-pelican] [--readme]

Corpora come from ../shared/bench/make_corpus.py (complete shops with images). Pelican is
installed into a throwaway venv under benchmarks/work/. Every figure is a median over
--runs runs (min–max beside it). Peak memory is the largest summed Pss (proportional set size) of the process tree.
With --readme the table replaces the one between the bench markers in README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import serve_latency

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"
CORPUS_SCRIPT = ROOT.parent / "shared" / "bench" / "make_corpus.py"
PELICAN_DIR = ROOT.parent / "shared" / "bench" / "pelican"
PELICAN_PINS = ["pelican==4.12.0", "markdown==3.11.3", "pelican-yaml-metadata==2.2.0"]
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")


def _tree(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return found


def _field(pids: list[int], name: str, field: str) -> int:
    total = 0
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/{name}").read_text()
            total += next(int(l.split()[1]) for l in text.splitlines() if l.startswith(field)) * 1024
        except (OSError, StopIteration, ValueError):
            continue
    return total


class PeakMemory:
    """Peak memory (bytes) of a process tree: proportional set size (Pss).

    Forked workers share the parent's pages copy-on-write; summing their RSS would count those
    pages once per process, Pss splits each shared page between its sharers. Reading Pss makes
    the kernel walk page tables (costly, it would slow the build being measured), so it is read
    only when the cheap summed RSS reaches a new high, at most every 0.25 s.
    """

    def __init__(self) -> None:
        self.peak = 0
        self._rss_high = 0
        self._last = 0.0

    def sample(self, pid: int) -> None:
        pids = _tree(pid)
        rss = _field(pids, "status", "VmRSS:")
        now = time.monotonic()
        if rss > self._rss_high and now - self._last >= 0.25:
            self._rss_high, self._last = rss, now
            self.peak = max(self.peak, _field(pids, "smaps_rollup", "Pss:"))


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int, str]:
    """Wall time, peak tree memory and standard output of one command; fails loudly if the command fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    memory = PeakMemory()

    def sample() -> None:
        while proc.poll() is None:
            memory.sample(proc.pid)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{err.decode()[-2000:]}")
    return elapsed, memory.peak, out.decode("utf-8", "replace")


def corpus(size: int) -> Path:
    folder = WORK / f"shop-{size}"
    if not (folder / "shop.yml").is_file():
        subprocess.run([sys.executable, str(CORPUS_SCRIPT), "--products", str(size), "--out", str(folder), "--weishop", "--force"],
                       check=True, stdout=subprocess.DEVNULL)
    return folder


def pelican_python() -> Path:
    venv = WORK / "pelican-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PELICAN_PINS], check=True)
    return python


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


def edit_one_product(shop: Path, run: int) -> None:
    product = sorted((shop / "content" / "products").glob("*.md"))[len(list((shop / "content" / "products").glob("*.md"))) // 2]
    text = product.read_text(encoding="utf-8")
    product.write_text(text.replace("\ntitle: ", f"\ntitle: Edit{run} ", 1), encoding="utf-8")


def drop_build_caches(shop: Path) -> None:
    """Keep the image work (photos, share cards, posters), drop parsed documents, templates and manifests."""
    cache = shop / ".weishop-cache"
    for entry in cache.iterdir() if cache.is_dir() else []:
        if entry.name in ("images", "share", "posters"):
            continue
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def bench_weishop(shop: Path, runs: int, serve_runs: int, cold: bool = True) -> dict[str, object]:
    weishop = [sys.executable, "-m", "weishop.cli", "build"]
    out = shop / "output"
    results: dict[str, list[float]] = {"cold": [], "clean": [], "nochange": [], "edit": [], "search": []}
    peaks: list[int] = []
    rewritten: list[int] = []
    if cold:
        for folder in (out, shop / ".weishop-cache"):
            shutil.rmtree(folder, ignore_errors=True)
        seconds, peak, _ = timed(weishop, shop)  # no caches at all: images made too
        results["cold"].append(seconds)
        peaks.append(peak)
    for run in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        drop_build_caches(shop)
        seconds, peak, said = timed(weishop, shop)
        results["clean"].append(seconds)
        peaks.append(peak)
        results["search"].append(search_seconds(said))
        seconds, _, said = timed(weishop, shop)
        results["nochange"].append(seconds)
        rewritten.append(int(re.search(r"(\d+) files written", said).group(1)))
        edit_one_product(shop, run)
        results["edit"].append(timed(weishop, shop)[0])
    pages = sum(1 for _ in out.rglob("*.html"))
    serve = serve_latency.measure(shop, serve_runs) if serve_runs else []
    return {"times": results, "peak": max(peaks), "pages": pages, "rewritten": max(rewritten), "serve": serve}


def search_seconds(said: str) -> float:
    """The search index's time in a build's summary line ("search index of N pages (made in X s)")."""
    found = re.search(r"search index of [\d,]+ pages \(made in ([\d.]+) s\)", said)
    return float(found.group(1)) if found else 0.0


def startup(runs: int) -> list[float]:
    """`weishop build` of an unchanged 10-product shop, in a new process each time: what a small seller waits."""
    shop = corpus(10)
    weishop = [sys.executable, "-m", "weishop.cli", "build"]
    timed(weishop, shop)
    return [timed(weishop, shop)[0] for _ in range(max(runs, 5))]


def bench_pelican(shop: Path, runs: int) -> dict[str, list[float]]:
    python = pelican_python()
    site = WORK / f"pelican-{shop.name}"
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(PELICAN_DIR, site)
    (site / "content").symlink_to(shop / "content")
    cmd = [str(python), "-m", "pelican", "-q", "-s", "pelicanconf.py", "-o", "out"]
    cached = cmd + ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
    results: dict[str, list[float]] = {"clean": [], "edit": []}
    for run in range(runs):
        shutil.rmtree(site / "out", ignore_errors=True)
        shutil.rmtree(site / "cache", ignore_errors=True)
        results["clean"].append(timed(cmd, site)[0])
        timed(cached, site)  # fill Pelican's content cache
        edit_one_product(shop, 100 + run)
        results["edit"].append(timed(cached, site)[0])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve-runs", type=int, default=5, help="title edits timed in `weishop serve` (0: skip)")
    parser.add_argument("--no-pelican", action="store_true")
    parser.add_argument("--no-cold", action="store_true", help="keep the image cache: skip the cold build (it takes minutes at 10,000)")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    rows = ["| products | pages | weishop clean build | Pelican clean build | ratio | one-product edit, new process (weishop / Pelican cached) | ratio "
            "| edit in `weishop serve`, save to page served | no-change rebuild (files rewritten) | search index (in the clean build) "
            "| cold build with images | peak memory | pages/s |",
            "|---:|---:|---|---|---:|---|---:|---|---|---|---|---:|---:|"]
    for size in args.sizes:
        shop = corpus(size)
        ours = bench_weishop(shop, args.runs, args.serve_runs, not args.no_cold)
        t = ours["times"]
        clean = statistics.median(t["clean"])
        theirs = None if args.no_pelican else bench_pelican(shop, args.runs)
        ratio = f"{statistics.median(theirs['clean']) / clean:.1f}×" if theirs else "–"
        edit_ratio = f"{statistics.median(theirs['edit']) / statistics.median(t['edit']):.1f}×" if theirs else "–"
        serve = summary(ours["serve"]) if ours["serve"] else "–"
        row = (f"| {size:,} | {ours['pages']:,} | {summary(t['clean'])} | {summary(theirs['clean']) if theirs else '–'} | {ratio} | "
               f"{summary(t['edit'])} / {summary(theirs['edit']) if theirs else '–'} | {edit_ratio} | {serve} | "
               f"{summary(t['nochange'])} ({ours['rewritten']}) | {summary(t['search'])} | {(format(t['cold'][0], '.1f') + ' s') if t['cold'] else 'not run'} | {ours['peak'] / 2**20:.0f} MB | {ours['pages'] / clean:,.0f} |")
        rows.append(row)
        print(row, flush=True)
    table = "\n".join(rows) + f"\n\nStart-up: `weishop build` of an unchanged 10-product shop takes {summary(startup(args.runs))} (new process, median)."
    print(table)
    if args.readme:
        readme = ROOT / "README.md"
        text = readme.read_text(encoding="utf-8")
        start, end = text.index(MARKERS[0]) + len(MARKERS[0]), text.index(MARKERS[1])
        note = f"\n_Measured by `python benchmarks/run.py --runs {args.runs}` on {os.cpu_count()} cores; median (min–max)._\n\n"
        readme.write_text(text[:start] + note + table + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
