"""The build's progress line: only on a terminal, only after a second, wiped before the summary."""

from __future__ import annotations

import io
import subprocess
import sys

from weishop.utils.progress import Progress

from tests.support import ZH_SHOP, write_shop


def test_progress_appears_after_the_delay_and_is_wiped():
    stream = io.StringIO()
    progress = Progress(stream, after=0.0, force=True)
    progress("rendering pages", 5, 10)
    assert "rendering pages [" in stream.getvalue() and "5/10" in stream.getvalue()
    progress.clear()
    assert stream.getvalue().endswith("\r")
    assert stream.getvalue().split("\r")[-2].strip() == ""  # the line is blanked out


def test_quick_builds_and_pipes_show_nothing():
    stream = io.StringIO()
    Progress(stream, after=60.0, force=True)("rendering pages", 1, 10)  # not a second old yet
    Progress(stream, after=0.0)("rendering pages", 1, 10)  # StringIO is no terminal
    assert stream.getvalue() == ""


def test_build_summary_counts_pages_documents_images_and_files(tmp_path):
    shop = write_shop(tmp_path / "shop", ZH_SHOP)
    command = [sys.executable, "-m", "weishop.cli", "build", "--shop", str(shop)]
    first = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()[0]
    again = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()[0]
    assert "documents (0 from the cache)" in first and "0 files written" not in first
    assert "pages rendered (" in again and "unchanged)" in again
    documents = again.split(" documents (")[0].rsplit(" ", 1)[1]
    assert f"{documents} documents ({documents} from the cache)" in again
    assert "(0 processed)" in again and ", 0 files written" in again
