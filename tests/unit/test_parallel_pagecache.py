import dataclasses
import os
import threading

from weishop.pages import pagecache
from weishop.utils import parallel
from weishop.content.model import Product
from weishop.pages.spec import PageSpec
from decimal import Decimal


def _square_and_pid(offset, item):
    return item * item + offset, os.getpid()


def test_fork_map_keeps_order_and_uses_other_processes(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10)
    items = list(range(400))
    results = parallel.fork_map(_square_and_pid, items, 1)
    assert [value for value, _ in results] == [i * i + 1 for i in items]
    if parallel.can_fork():
        assert {pid for _, pid in results} != {os.getpid()}


def test_fork_map_stays_in_process_for_small_jobs_and_threaded_callers(monkeypatch):
    assert {pid for _, pid in parallel.fork_map(_square_and_pid, [1, 2, 3], 0)} == {os.getpid()}
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:  # forking while another thread runs can deadlock the child: it must not happen
        assert {pid for _, pid in parallel.fork_map(_square_and_pid, list(range(50)), 0)} == {os.getpid()}
    finally:
        stop.set()
        other.join()


def product(slug, token):
    return Product(slug=slug, title=slug, price=Decimal(1), currency="CNY", body_html="", summary="", source=f"{slug}.md", token=token)


def spec(context):
    return PageSpec("products/a/index.html", "product.html", "products/a/", "A", context)


def test_fingerprint_follows_the_sources_of_what_a_page_shows():
    base = pagecache.fingerprint("v1", spec({"product": product("a", "t1"), "related": [product("b", "t2")]}))
    assert base == pagecache.fingerprint("v1", spec({"product": product("a", "t1"), "related": [product("b", "t2")]}))
    assert base != pagecache.fingerprint("v1", spec({"product": product("a", "t1"), "related": [product("b", "t3")]}))
    assert base != pagecache.fingerprint("v2", spec({"product": product("a", "t1"), "related": [product("b", "t2")]}))
    assert base != pagecache.fingerprint("v1", spec({"product": product("a", "t1"), "related": []}))


def test_pages_that_read_the_whole_site_are_always_rendered():
    assert pagecache.fingerprint("v1", PageSpec("index.html", "home.html", "", "Shop", {})) is None


def test_fingerprint_follows_the_spelling_of_shared_categories_and_tags():
    """A category is spelt as the first product using it writes it; that is not in a product's own token."""
    from weishop.content.model import Term

    def shown(name):
        related = dataclasses.replace(product("b", "t2"), category=Term("categories", name, "tea"))
        return pagecache.fingerprint("v1", spec({"product": product("a", "t1"), "related": [related]}))

    assert shown("Tea") == shown("Tea") != shown("TEA")


def _cube_or_fail(n):
    if n == 3:
        raise ValueError("three is refused")
    return n ** 3, os.getpid()


def test_run_jobs_keeps_order_reports_each_failure_and_moves_the_one_progress_line():
    jobs = [parallel.Job(f"item {n}", _cube_or_fail, (n,)) for n in range(8)]
    seen = []
    results = parallel.run_jobs(jobs, "drawing", lambda what, done, total: seen.append((what, done, total)))
    assert [r.job.label for r in results] == [f"item {n}" for n in range(8)]
    assert [r.value[0] for r in results if not r.error] == [n ** 3 for n in range(8) if n != 3]
    assert results[3].error == "ValueError: three is refused"
    assert seen[-1] == ("drawing", 8, 8) and len(seen) == 8
    if parallel.workers() > 1:
        assert any(r.value[1] != os.getpid() for r in results if not r.error)
