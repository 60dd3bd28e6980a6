"""Build-speed benchmark: weishop against Pelican on the same synthetic corpus, ratios from one run.

    python benchmarks/run.py [--sizes 100 1000 10000] [--runs 3] [--no-pelican] [--photos] [--readme]

Corpora come from ../shared/bench/make_corpus.py (complete shops), with their photos removed unless --photos
(Pelican makes no image variants; weishop still draws every share image; posters are drawn in the buyer's browser). Pelican is
installed into a throwaway venv under benchmarks/work/. Every figure is a median over
--runs runs (min–max beside it). Peak memory is the largest summed Pss (proportional set size) of the process tree.
With --readme the table replaces the one between the bench markers in README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
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
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "bench").is_dir()), ROOT.parent / "shared")  # ../shared
CORPUS_SCRIPT = SHARED / "bench" / "make_corpus.py"
PELICAN_DIR = SHARED / "bench" / "pelican"
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


class Seconds(float):
    """Wall seconds, with the CPU seconds of the command and every process it started (`.cpu`)."""

    cpu = 0.0


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[Seconds, int, str]:
    """Wall time (and CPU time), peak tree memory and standard output of one command; fails loudly if it fails.

    CPU time is what this machine's load cannot inflate much (it is shared): user + system time of
    the command's whole process tree (forked workers included, once they are reaped)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
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
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = Seconds(elapsed)
    seconds.cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, memory.peak, out.decode("utf-8", "replace")


def corpus(size: int, photos: bool = False) -> Path:
    """The synthetic shop; without photos unless asked (as the issue measured: Pelican makes no image variants)."""
    folder = WORK / f"shop-{size}{'-photos' if photos else ''}"
    if not (folder / "shop.yml").is_file():
        subprocess.run([sys.executable, str(CORPUS_SCRIPT), "--products", str(size), "--out", str(folder), "--weishop", "--force"],
                       check=True, stdout=subprocess.DEVNULL)
        if not photos:
            for doc in (folder / "content").rglob("*.md"):
                text = doc.read_text(encoding="utf-8")
                text = re.sub(r"\nimages:\n(?:  - .*\n)+", "\n", text)
                doc.write_text(re.sub(r'\ncover: ".*"', "", text), encoding="utf-8")
            shutil.rmtree(folder / "content" / "images")
    return folder


def pelican_python() -> Path:
    venv = WORK / "pelican-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PELICAN_PINS], check=True)
    return python


def summary(values: list[float]) -> str:
    cpu = [v.cpu for v in values if isinstance(v, Seconds)]
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})" + (
        f", CPU {statistics.median(cpu):.2f} s" if cpu else "")


def edit_one_product(shop: Path, run: int) -> None:
    product = sorted((shop / "content" / "products").glob("*.md"))[len(list((shop / "content" / "products").glob("*.md"))) // 2]
    text = product.read_text(encoding="utf-8")
    product.write_text(text.replace("\ntitle: ", f"\ntitle: Edit{run} ", 1), encoding="utf-8")


def bench_weishop(shop: Path, runs: int, serve_runs: int, cold: bool = True) -> dict[str, object]:
    """The issue's rows: cold (no output/, no .weishop-cache/: a build host), from the cache (output/ deleted),
    no-change, one title edit in a new process, and an edit while `weishop serve` runs."""
    weishop = [sys.executable, "-m", "weishop.cli", "build"]
    out = shop / "output"
    results: dict[str, list[float]] = {"cold": [], "cached": [], "nochange": [], "edit": [], "search": []}
    peaks: list[int] = []
    rewritten: list[int] = []
    said_edit = ""
    for run in range(runs if cold else 0):
        for folder in (out, shop / ".weishop-cache"):
            shutil.rmtree(folder, ignore_errors=True)
        seconds, peak, said = timed(weishop, shop)  # every page and share image made
        results["cold"].append(seconds)
        results["search"].append(search_seconds(said))
        peaks.append(peak)
    for run in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        seconds, peak, said = timed(weishop, shop)
        results["cached"].append(seconds)
        peaks.append(peak)
        seconds, _, said = timed(weishop, shop)
        results["nochange"].append(seconds)
        rewritten.append(int(float(said_figure(said, r"([\d,]+) files? written", r"写入 ([\d,]+) 个文件"))))
        edit_one_product(shop, run)
        seconds, _, said_edit = timed(weishop, shop)
        results["edit"].append(seconds)
    pages = sum(1 for _ in out.rglob("*.html"))
    serve = serve_latency.measure(shop, serve_runs) if serve_runs else []
    results["edit_unsearched"] = edits_without_search(shop, runs, weishop)
    return {"times": results, "peak": max(peaks), "pages": pages, "rewritten": max(rewritten), "serve": serve,
            "edit_said": said_edit.splitlines()[0] if said_edit else ""}


def edits_without_search(shop: Path, runs: int, weishop: list[str]) -> list[float]:
    """The title edit again with `search: false`: what the engine costs without Pagefind's full re-index
    (Pagefind has no partial update: every edit of an indexed page indexes them all)."""
    config = shop / "shop.yml"
    kept = config.read_text(encoding="utf-8")
    try:
        config.write_text(kept + "\nsearch: false\n", encoding="utf-8")
        timed(weishop, shop)
        times = []
        for run in range(runs):
            edit_one_product(shop, 200 + run)
            times.append(timed(weishop, shop)[0])
        return times
    finally:
        config.write_text(kept, encoding="utf-8")


def search_seconds(said: str) -> float:
    """The search index's time in a build's summary line ("search index of N pages (made in X s)")."""
    return float(said_figure(said, r"search index of [\d,]+ pages \(made in ([\d.]+) s\)", r"搜索索引 [\d,]+ 个页面（用时 ([\d.]+) 秒生成）") or 0)


def said_figure(said: str, *patterns: str) -> str:
    """A figure of the build's summary line, in English or in Chinese (the corpus shop is zh-CN: weishop speaks its language)."""
    for pattern in patterns:
        if found := re.search(pattern, said):
            return found.group(1).replace(",", "")
    return ""


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
    results: dict[str, list[float]] = {"cold": [], "edit": []}
    for run in range(runs):
        shutil.rmtree(site / "out", ignore_errors=True)
        shutil.rmtree(site / "cache", ignore_errors=True)
        results["cold"].append(timed(cmd, site)[0])
        timed(cached, site)  # fill Pelican's content cache
        edit_one_product(shop, 100 + run)
        results["edit"].append(timed(cached, site)[0])
    return results


def ratio(theirs: list[float] | None, ours: list[float]) -> str:
    return f"{statistics.median(theirs) / statistics.median(ours):.1f}×" if theirs and ours else "–"


def freeze() -> None:
    """Benchmark a copy of the code: editing the checkout during a run would change weishop's code version (and
    so every cache key) between the builds being compared."""
    frozen = WORK / "frozen"
    shutil.rmtree(frozen, ignore_errors=True)
    shutil.copytree(ROOT / "generator" / "weishop", frozen / "weishop")
    shutil.copytree(ROOT / "themes", frozen / "weishop" / "themes")  # where an installed wheel carries the theme
    os.environ["PYTHONPATH"] = os.pathsep.join([str(frozen), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # as a seller's machine runs it: compiled modules kept (both tools)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve-runs", type=int, default=5, help="title edits timed in `weishop serve` (0: skip)")
    parser.add_argument("--no-pelican", action="store_true")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold builds (no cache at all)")
    parser.add_argument("--photos", action="store_true", help="keep the corpus's photos (weishop then also makes their variants)")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    freeze()
    rows = ["| products | pages | cold build (no output/, no cache) | Pelican cold | ratio | from the cache (output/ deleted) | ratio to Pelican cold "
            "| one title edit, new process | Pelican cached edit | ratio | the edit with `search: false` | edit in `weishop serve`, save to page served "
            "| no-change build (files written) | search index (in the cold build) | peak memory |",
            "|---:|---:|---|---|---:|---|---:|---|---|---:|---|---|---|---|---:|"]
    said = []
    for size in args.sizes:
        shop = corpus(size, args.photos)
        ours = bench_weishop(shop, args.runs, args.serve_runs, not args.no_cold)
        t = ours["times"]
        theirs = None if args.no_pelican else bench_pelican(shop, args.runs)
        row = (f"| {size:,} | {ours['pages']:,} | {summary(t['cold']) if t['cold'] else 'not run'} | "
               f"{summary(theirs['cold']) if theirs else '–'} | {ratio(theirs and theirs['cold'], t['cold'])} | "
               f"{summary(t['cached'])} | {ratio(theirs and theirs['cold'], t['cached'])} | {summary(t['edit'])} | "
               f"{summary(theirs['edit']) if theirs else '–'} | {ratio(theirs and theirs['edit'], t['edit'])} | {summary(t['edit_unsearched'])} | "
               f"{summary(ours['serve']) if ours['serve'] else '–'} | {summary(t['nochange'])} ({ours['rewritten']}) | "
               f"{summary(t['search']) if t['search'] else '–'} | {ours['peak'] / 2**20:.0f} MB |")
        rows.append(row)
        said.append(f"- {size:,} products, after a title edit: `{re.split('[;；]', ours['edit_said'])[0]}`")
        print(row, flush=True)
    table = ("\n".join(rows) + "\n\nWhat a title edit redid, in the build's own words:\n" + "\n".join(said)
             + f"\n\nStart-up: `weishop build` of an unchanged 10-product shop takes {summary(startup(args.runs))} (new process, median).")
    print(table)
    if args.readme:
        readme = ROOT / "README.md"
        text = readme.read_text(encoding="utf-8")
        start, end = text.index(MARKERS[0]) + len(MARKERS[0]), text.index(MARKERS[1])
        sizes = " ".join(str(size) for size in args.sizes)
        note = (f"\n_Measured by `python benchmarks/run.py --sizes {sizes} --runs {args.runs}` on {os.cpu_count()} cores, "
                f"{time.strftime('%Y-%m-%d')}; median (min–max), CPU time of the process tree beside it._\n\n")
        readme.write_text(text[:start] + note + table + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
