"""Every built page is valid HTML to the Nu HTML Checker (vnu), the W3C's own validator.

One Java start for all shops: vnu takes seconds to start and milliseconds per page.
The jar comes from npm (`vnu-jar`), installed by .ci/run into .ci/node/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.support import REPO

VNU_VERSION = "26.9.27"  # keep in step with .ci/run
VNU_JAR = REPO / ".ci" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = f"npm install --no-save --ignore-scripts --prefix .ci/node vnu-jar@{VNU_VERSION}"


def vnu_jar() -> Path:
    """The jar from $VNU_JAR or .ci/node; a missing jar fails (only a missing Java skips)."""
    jar = Path(os.environ.get("VNU_JAR") or VNU_JAR)
    if not jar.is_file() and shutil.which("npm"):  # the README's test command alone must be enough
        subprocess.run(INSTALL.split(), cwd=REPO, capture_output=True, timeout=300)
    if not jar.is_file():
        pytest.fail(f"the Nu HTML Checker is not installed at {jar}: run `{INSTALL}` in the repository (as .ci/run does)")
    return jar


def run_vnu(folders: list[Path]) -> list[dict]:
    """vnu's messages for every HTML file under `folders`, from one Java process."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed, so the Nu HTML Checker cannot run (apt-get install default-jre-headless)")
    command = [java, "-Xss1m", "-jar", str(vnu_jar()), "--format", "json", "--skip-non-html", *map(str, folders)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    report = json.loads(done.stderr or '{"messages": []}')  # vnu writes its JSON report to stderr
    return report["messages"]


def checked_file(message: dict) -> Path:
    """vnu names files as `file:/tmp/x.html` URLs."""
    return Path(unquote(urlsplit(message.get("url", "")).path))


def describe(message: dict, roots: dict[str, Path]) -> str:
    shown = str(checked_file(message))
    for name, root in roots.items():
        if checked_file(message).is_relative_to(root):
            shown = f"{name}:{checked_file(message).relative_to(root).as_posix()}"
    where = f"{shown}:{message.get('lastLine', '?')}"
    return f"{where}: {message['message']} … {message.get('extract', '').strip()[:120]!r}"


BROKEN_PAGE = '<!doctype html><html lang="en"><title>x</title><p><div>x</p><img src="a.png">'
FINE_PAGE = '<!doctype html><html lang="en"><title>x</title><p>fine</p>'


@pytest.fixture(scope="module")
def checked(example_shop, zh_shop, en_shop, subpath_shop, tmp_path_factory):
    """vnu's messages for the four built shops plus a deliberately broken folder (the control), in one run."""
    control = tmp_path_factory.mktemp("control")
    (control / "broken.html").write_text(BROKEN_PAGE, encoding="utf-8")
    (control / "fine.html").write_text(FINE_PAGE, encoding="utf-8")
    shops = {"example": example_shop.out, "zh": zh_shop.out, "en": en_shop.out, "subpath": subpath_shop.out}
    messages = run_vnu([*shops.values(), control])
    return shops, control, messages


def test_every_built_page_of_every_shop_is_valid_html(checked):
    shops, control, messages = checked
    pages = {name: sorted(out.rglob("*.html")) for name, out in shops.items()}
    assert all(pages.values()), f"a shop built no HTML pages: { {n: len(p) for n, p in pages.items()} }"
    errors = [describe(m, shops) for m in messages
              if m["type"] in ("error", "non-document-error") and not checked_file(m).is_relative_to(control)]
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors[:60])


def test_the_checker_flags_a_broken_page_in_the_same_run(checked):
    """The test above can fail: the same vnu run flags the control page's errors, and only those."""
    _, control, messages = checked
    flagged = {checked_file(m).name for m in messages if m["type"] == "error" and checked_file(m).is_relative_to(control)}
    assert flagged == {"broken.html"}
    assert any("alt" in m["message"] for m in messages if m["type"] == "error")
