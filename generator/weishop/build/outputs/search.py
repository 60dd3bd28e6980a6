"""Output stage: the search index (issue 19), product and story pages indexed by Pagefind under pagefind/.

Pagefind's extended build (PyPI `pagefind-bin-extended`, whose binary segments Chinese and Japanese
words) runs as `pagefind --service`: it takes each page's HTML and hands back the index files as
bytes, so the index goes through SiteFiles like every other output (staged or journalled, never
half-written). Pages are read as built: the theme marks what is searchable with `data-pagefind-body`
(a seller's theme may add `data-pagefind-*` of its own); filters, price and thumbnail are added to
what Pagefind reads from the model (`_facts`). Only published products and stories are sent: drafts
(`--drafts`), kits, cart, order, join, 404 never are.

The index depends on those pages' bytes and facts alone: they make its key, and the files of the
last index with that key come back from .weishop-cache/search/, so a build where no indexed page
changed neither runs Pagefind nor changes a file of the output.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import subprocess
import threading
import time
from html import escape
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from weishop.build.stage import StageInput
from weishop.errors import Cancelled, WeishopError
from weishop.publish import update
from weishop.publish.files import Output
from weishop.utils.cache import CACHE_DIR, code_version, content_key, read_pickle, write_pickle

FOLDER = "pagefind"  # under the output: /pagefind/pagefind.js; search.js imports it from the shop's base path
ORIGIN = "the search index (Pagefind)"
# What search.js uses of Pagefind's bundle: its API script and worker, the language wasm and the index.
# Pagefind's own UIs (pagefind-ui.js …, 400 KB) and the highlighter are left out.
KEEP_NAMES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
KEEP_SUFFIXES = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")
# search.js's strings (its name -> the theme's i18n key), in one small file read once the field is used:
# in every page's HTML they would cost a kilobyte each.
STRINGS = {"results": "search_results", "none": "search_none", "failed": "search_failed", "close": "search_close",
           "more": "search_more", "filters": "search_filters", "category": "category", "tag": "tags",
           "any_category": "search_any_category", "any_tag": "search_any_tag", "in_stock": "search_in_stock", "price": "price",
           "any_price": "search_any_price", "sort": "search_sort", "relevance": "search_sort_relevance",
           "price_asc": "search_sort_price_asc", "price_desc": "search_sort_price_desc", "story": "search_story", "sold_out": "sold_out"}


def search_index(stage: StageInput) -> Iterator[tuple[str, Output]]:
    """pagefind/… for the site's products and stories; nothing when shop.yml says `search: false`."""
    site = stage.site
    if not site.config.search:
        return
    began = time.perf_counter()
    strings = {name: stage.renderer.t(key, **({"count": "{count}"} if name == "results" else {})) for name, key in STRINGS.items()}
    strings["currency"] = site.config.currency  # the price filter's labels
    yield "search/strings.json", Output(origin=ORIGIN, data=json.dumps(strings, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    entities = {f"{e.url}index.html": e for e in [*site.products, *site.stories] if not e.draft and f"{e.url}index.html" in stage.files.files}
    outputs = {path: stage.files.files[path] for path in entities}
    extras = {path: _facts(entity, stage.renderer) for path, entity in entities.items()}
    key = content_key(code_version(), _pagefind_version(), *(f"{path}\0{update.signature(outputs[path])}\0{extras[path]}" for path in entities))
    store = stage.options.shop.absolute() / CACHE_DIR / "search" / "index.pickle"
    files = _cached(store, key) if stage.options.cache else None
    if files is None and stage.options.defer_drawing and stage.state.last_search:  # `serve`: pages first, index right after
        stage.state.deferred += 1
        files = stage.state.last_search
    elif files is None:
        try:
            files = index_pages([(entities[path].url, _reader(outputs[path], stage.options.output / path), extras[path])
                                 for path in entities], stage.options.cancel)
        except SearchFailed as exc:
            stage.problems.error("shop.yml", site.config.lines.get("search", 0), "search", str(exc), exc.hint)
            return
        if stage.options.cache:
            _store(store, key, files)
        stage.stats["search_indexed"] = len(outputs)  # pages Pagefind read: 0 when the last index was kept
    stage.state.last_search = files
    for rel, data in sorted(files.items()):
        yield f"{FOLDER}/{rel}", Output(origin=ORIGIN, data=data)
    stage.stats["search_pages"] = len(outputs)
    stage.stats["search_ms"] = round((time.perf_counter() - began) * 1000)


class SearchFailed(WeishopError):
    """Pagefind is missing or failed: reported at shop.yml's `search` line, the build fails, output/ stays."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def index_pages(pages: list[tuple[str, Callable[[], str], str]], cancel: threading.Event | None = None) -> dict[str, bytes]:
    """Pagefind's files for `pages` ((site-relative URL, what reads its HTML, what to add to it)), by their path under pagefind/.

    Each page is read as it is sent, so one page at a time is in memory (12,000 pages at once took over
    half a gigabyte). When `cancel` is set meanwhile (`serve`: a newer save), Pagefind is stopped and
    Cancelled raised."""
    service = _Service(_binary())
    done = threading.Event()
    if cancel is not None:
        threading.Thread(target=service.stop_when, args=(cancel, done), daemon=True).start()
    try:
        index = service.call([{"type": "NewIndex", "config": {}}])[0]["index_id"]
        service.call(({"type": "AddFile", "index_id": index, "url": "/" + url, "file_path": None, "file_contents": _main(read(), extra)}
                      for url, read, extra in sorted(pages, key=lambda page: page[0])), len(pages))
        files = service.call([{"type": "GetFiles", "index_id": index}])[0]["files"]
    except SearchFailed:
        if cancel is not None and cancel.is_set():
            raise Cancelled() from None
        raise
    finally:
        done.set()
        service.close()
    return _in_order({f["path"]: base64.b64decode(f["content"]) for f in files if _kept(f["path"])})


def _in_order(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle with each filter's values sorted, so the same pages always give the same bytes.

    Pagefind writes a filter's values in hash-map order, different in every process (and with them the
    names of the filter file and of the meta file that lists it). The filter file is rewritten in value
    order and named by its hash; the new names replace the old ones in the meta file and the entry file.
    """
    renamed: dict[str, bytes] = {}
    names: list[tuple[str, str]] = []  # (old hash name, new) as the meta and entry files spell them
    for path, data in files.items():
        if path.startswith("filter/") and path.endswith(".pf_filter"):
            old = path[len("filter/"):-len(".pf_filter")]
            body = _sorted_filter(_unpack(data))
            new = f"{old.rpartition('_')[0]}_{_hash(body)[:len(old.rpartition('_')[2])]}"
            renamed[f"filter/{new}.pf_filter"] = _pack(body)
            names.append((old, new))
        else:
            renamed[path] = data
    for path in [p for p in renamed if p.startswith("pagefind.") and p.endswith(".pf_meta")]:
        old = path[len("pagefind."):-len(".pf_meta")]
        body = _unpack(renamed.pop(path))
        for before, after in names:
            body = body.replace(before.encode(), after.encode())
        new = f"{old.rpartition('_')[0]}_{_hash(body)[:len(old.rpartition('_')[2])]}"
        renamed[f"pagefind.{new}.pf_meta"] = _pack(body)
        names.append((old, new))
    entry = renamed["pagefind-entry.json"].decode("utf-8")
    for before, after in names:
        entry = entry.replace(f'"{before}"', f'"{after}"')
    renamed["pagefind-entry.json"] = entry.encode("utf-8")
    return renamed


SIGNATURE = b"pagefind_dcd"


def _unpack(data: bytes) -> bytes:
    body = gzip.decompress(data)
    if not body.startswith(SIGNATURE):
        raise SearchFailed("Pagefind wrote an index file weishop cannot read", "report this as a weishop bug, or set search: false")
    return body[len(SIGNATURE):]


def _pack(body: bytes) -> bytes:
    return gzip.compress(SIGNATURE + body, compresslevel=6, mtime=0)


def _hash(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def _sorted_filter(body: bytes) -> bytes:
    """A filter file, CBOR `[name, [[value, [page, …]], …]]`, with its values in order."""
    _, at = _item(body, 0)  # the outer array's head
    at = _skip(body, at)  # the filter's name
    count, start = _item(body, at)
    spans, end = [], start
    for _ in range(count):
        value_at = _item(body, end)[1]  # into [value, pages]: the value's head
        length, text_at = _item(body, value_at)
        after = _skip(body, end)
        spans.append((body[text_at:text_at + length], body[end:after]))
        end = after
    return body[:start] + b"".join(span for _, span in sorted(spans)) + body[end:]


def _item(body: bytes, at: int) -> tuple[int, int]:
    """A CBOR item's argument (length, count or value) and where its content starts."""
    info = body[at] & 31
    if info < 24:
        return info, at + 1
    size = 1 << (info - 24)  # 24: 1 byte, 25: 2, 26: 4, 27: 8
    return int.from_bytes(body[at + 1:at + 1 + size], "big"), at + 1 + size


def _skip(body: bytes, at: int) -> int:
    """Where the CBOR item at `at` ends (unsigned and negative integers, bytes, text, arrays, maps)."""
    major = body[at] >> 5
    argument, at = _item(body, at)
    if major in (2, 3):
        return at + argument
    if major in (4, 5):
        for _ in range(argument * (2 if major == 5 else 1)):
            at = _skip(body, at)
    return at


def _kept(path: str) -> bool:
    return path in KEEP_NAMES or path.endswith(KEEP_SUFFIXES)


def _main(html: str, extra: str) -> str:
    """The page without its head, header and footer (a third of its bytes, and of Pagefind's time), plus `extra`.

    Pagefind reads only `data-pagefind-body` elements, which the theme puts inside <main>;
    `<html lang>` stays, since it picks the index's language. A theme without <main> is sent whole.
    """
    start, end, head = html.find("<main"), html.rfind("</main>"), html.find("<head")
    if start < 0 or end < start or head < 0:
        end = html.rfind("</body>")
        return html[:end] + extra + html[end:] if end >= 0 else html + extra
    return f"{html[:head]}<body>{html[start:end + 7]}{extra}</body></html>"


BANDS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000, 500000, 1000000)
CJK = re.compile(r"[\u3041-\u9fff]")


def _facts(entity: Any, renderer: Any) -> str:
    """What Pagefind gets besides the page: filters, price, thumbnail, and the title's CJK characters.

    From the model, not the page: every page would carry half a kilobyte more for it (the 50 KB budget).
    All filters are values of one filter, `f` (`type:`, `category:`, `tag:`, `stock:in`, `price:<band>`):
    Pagefind writes several filter names in hash order, which would make two builds of one shop differ.
    The title's Chinese and Japanese characters one by one, weighted low: the extended build keeps
    dictionary words whole (岩茶), and Pagefind matches the start of a word, so 茶 alone finds 武夷岩茶 only so.
    """
    product = hasattr(entity, "prices")
    values, meta, sort = ["type:product" if product else "type:story"], {}, ""
    if product:
        low = entity.prices[0]
        values += [f"category:{entity.category.name}"] if entity.category else []
        values += [f"tag:{tag.name}" for tag in entity.tags]
        values += [f"price:{max([0, *(edge for edge in BANDS if low >= edge)])}"] + ([] if entity.sold_out else ["stock:in"])
        meta["price"] = renderer.money_range(entity)
        if entity.sold_out:
            meta["sold_out"] = "1"
        sort = f'<i data-pagefind-sort="price">{low}</i>'
    image = entity.image
    if image is not None:
        plan = renderer.images.get(image.path)
        meta["thumb"] = renderer.url((plan.webp[0] if plan.webp else plan.src).path if plan else image.path)
    text = " ".join(CJK.findall(entity.title))
    summary = escape(" ".join([entity.summary, *(tag.name for tag in entity.tags)]) if product else "")  # the page shows them outside its body marks
    return ('<div data-pagefind-body>' + summary + f'<span data-pagefind-weight="0.1">{text}</span><div data-pagefind-ignore>'
            + "".join(f'<i data-pagefind-filter="f">{escape(v)}</i>' for v in values)
            + "".join(f'<i data-pagefind-meta="{k}">{escape(v)}</i>' for k, v in sorted(meta.items())) + sort + "</div></div>")


def _reader(output: Output, in_output: Path) -> Callable[[], str]:
    """What reads a page's HTML as this build writes it: rendered bytes, a spooled file, or the kept file in the output."""
    def read() -> str:
        if output.data is not None:
            data = output.data
        elif output.source is not None:
            data = output.source.read_bytes()
        else:
            data = in_output.read_bytes()
        return data.decode("utf-8", "replace")
    return read


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind_bin_extended")
    except metadata.PackageNotFoundError:
        return "?"


def _binary() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise SearchFailed("Pagefind's extended build is not installed (it makes the search index and understands Chinese and Japanese)",
                           "reinstall weishop (pip installs 'pagefind[extended]' with it), or set search: false") from None
    try:
        return get_executable()
    except FileNotFoundError as exc:
        raise SearchFailed(f"Pagefind's program is missing ({exc})", "reinstall 'pagefind[extended]', or set search: false") from None


class _Service:
    """`pagefind --service`: base64 JSON messages, each ended by a comma, answered by message id.

    Pagefind's own Python client polls for one answer every 0.1 s (100 s for 1,000 pages) and reads
    at most 2 MiB at once; this one writes from a thread while reading, so neither pipe can fill up.
    """

    def __init__(self, binary: Path):
        try:
            self.process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise SearchFailed(f"could not start Pagefind ({exc.strerror or exc})", "reinstall 'pagefind[extended]', or set search: false") from None
        self.buffer = bytearray()
        self.last = 0
        self.failure: OSError | None = None

    def call(self, payloads: Iterable[dict[str, Any]], count: int | None = None) -> list[dict[str, Any]]:
        """Pagefind's answers to `payloads` (`count` of them when they come from an iterator, made as they are sent)."""
        if count is None:
            payloads = list(payloads)
            count = len(payloads)
        first = self.last + 1
        self.last += count
        writer = threading.Thread(target=self._write, args=(first, payloads), daemon=True)
        writer.start()
        answers: dict[int, dict[str, Any]] = {}
        while len(answers) < count:
            answer = self._read()
            answers[answer.get("message_id") or 0] = answer.get("payload") or {}
        writer.join()
        results = [answers.get(first + n, {"type": "Error", "message": "no answer"}) for n in range(count)]
        for result in results:
            if result.get("type") == "Error":
                raise SearchFailed(f"Pagefind could not index the site: {result.get('message')}", "report this as a weishop bug, or set search: false")
        return results

    def stop_when(self, cancel: threading.Event, done: threading.Event) -> None:
        """Kills Pagefind once `cancel` is set, unless the work is `done` first."""
        while not done.wait(0.02):
            if cancel.is_set():
                self.process.kill()
                return

    def _write(self, first: int, payloads: Iterable[dict[str, Any]]) -> None:
        try:
            assert self.process.stdin is not None
            for n, payload in enumerate(payloads):
                self.process.stdin.write(base64.b64encode(json.dumps({"message_id": first + n, "payload": payload}).encode("utf-8")) + b",")
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass  # Pagefind stopped; _read reports it
        except OSError as exc:  # a page could not be read: Pagefind is stopped, and _read reports this instead
            self.failure = exc
            self.process.kill()

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        while (end := self.buffer.find(b",")) < 0:
            chunk = self.process.stdout.read1(1 << 20)
            if not chunk and self.failure is not None:
                raise self.failure
            if not chunk:
                raise SearchFailed(f"Pagefind stopped while indexing (exit code {self.process.poll()})", "report this as a weishop bug, or set search: false")
            self.buffer += chunk
        message = bytes(self.buffer[:end])
        del self.buffer[: end + 1]
        return json.loads(base64.b64decode(message))

    def close(self) -> None:
        try:
            if self.process.stdin:
                self.process.stdin.close()
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


def _cached(store: Path, key: str) -> dict[str, bytes] | None:
    try:
        data = read_pickle(store)
    except Exception:  # missing or damaged: index again
        return None
    return data.get("files") if isinstance(data, dict) and data.get("key") == key else None


def _store(store: Path, key: str, files: dict[str, bytes]) -> None:
    try:
        write_pickle(store, {"key": key, "files": files})
    except OSError:
        pass  # the next build indexes again: slower, still right
