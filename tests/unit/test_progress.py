"""The build's progress line: only on a terminal, only after a second, wiped before the summary."""

from __future__ import annotations

import io
import re
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
    # The shop is Chinese, and so is its summary (tests/e2e/test_messages_cli.py has it in English too).
    assert re.search(r"，\d+ 个文档（0 个来自缓存）", first) and "写入 0 个文件" not in first
    kept = re.search(r"渲染了 (\d+) 个页面（(\d+) 个未变）", again)
    assert kept and int(kept.group(2)) > 0
    documents = re.search(r"，(\d+) 个文档（(\d+) 个来自缓存）", again)
    assert documents and documents.group(1) == documents.group(2)
    assert "（处理了 0 张）" in again and "写入 0 个文件" in again
    assert "搜索索引 4 个页面（用时 " in first and "搜索索引 4 个页面（未变）" in again
