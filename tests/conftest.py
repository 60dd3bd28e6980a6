"""Fixture shops built once per session, parsed by the tests that read them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from weishop.build.pipeline import BuildOptions, BuildResult, build

from .support import EN_SHOP, REPO, SUBPATH_SHOP, ZH_SHOP, write_shop

# Before a shop exists weishop speaks the terminal's language: the tests' terminal is English wherever they run.
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"


@dataclass
class BuiltShop:
    shop: Path
    out: Path
    result: BuildResult


def _built(tmp_path_factory: pytest.TempPathFactory, name: str, files: dict | None) -> BuiltShop:
    if files is None:  # the repository's own example shop, built into a temporary folder
        shop = REPO
        out = tmp_path_factory.mktemp(name) / "output"
    else:
        shop = write_shop(tmp_path_factory.mktemp(name), files)
        out = shop / "output"
    result = build(BuildOptions(shop=shop, out=out))
    return BuiltShop(shop, out, result)


@pytest.fixture(scope="session")
def zh_shop(tmp_path_factory) -> BuiltShop:
    return _built(tmp_path_factory, "zh", ZH_SHOP)


@pytest.fixture(scope="session")
def en_shop(tmp_path_factory) -> BuiltShop:
    return _built(tmp_path_factory, "en", EN_SHOP)


@pytest.fixture(scope="session")
def subpath_shop(tmp_path_factory) -> BuiltShop:
    return _built(tmp_path_factory, "sub", SUBPATH_SHOP)


@pytest.fixture(scope="session")
def example_shop(tmp_path_factory) -> BuiltShop:
    return _built(tmp_path_factory, "example", None)


@pytest.fixture(scope="session")
def zh_site(zh_shop):
    """The zh fixture shop served on 127.0.0.1 (its base URL), for browser tests."""
    from .support import serve

    server, base = serve(zh_shop.out)
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the session (Playwright's own download does not work here)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    from .support import CHROMIUM_ARGS

    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized page (390×844) whose console errors fail the test."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not errors, f"console errors: {errors}"
