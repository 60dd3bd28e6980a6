"""What `weishop serve` lays over a page: the error list while a rebuild fails, else the last build's warnings.

Plain HTML with inline styles (the page's own CSS must not hide it), every message escaped.
"""

from __future__ import annotations

import html

OVERLAY = """<div id="weishop-errors" role="alert" style="position:fixed;z-index:2147483647;left:0;right:0;bottom:0;\
max-height:70vh;overflow:auto;margin:0;padding:14px 16px;background:#2b0d0d;color:#ffe9e9;\
font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 -4px 24px rgba(0,0,0,.4)">\
<strong style="display:block;color:#fff;margin-bottom:6px">{title}</strong>\
<ol style="margin:0;padding-left:1.4em">{items}</ol>\
<p style="margin:8px 0 0;color:#f3bcbc">{note}</p></div>"""


# Until a build succeeds the shop's language is unknown; then the theme's i18n/<lang>/serve.yml.
OVERLAY_TEXTS = {
    "serve_errors_title": "weishop: the shop could not be built ({count} error(s))",
    "serve_errors_last_good": "You are seeing the last version that built. Fix the file and save: this page reloads by itself.",
    "serve_errors_nothing_built": "Nothing has built yet. Fix the file and save: this page reloads by itself.",
    "serve_warnings_title": "weishop: {count} warning(s)",
}


# Warnings do not stop the build: a closed panel in a corner, the page stays usable (a broken link, example data).
WARNINGS = """<details id="weishop-warnings" style="position:fixed;z-index:2147483646;right:8px;bottom:8px;max-width:min(92vw,640px);\
max-height:60vh;overflow:auto;margin:0;padding:6px 12px;border-radius:8px;background:#3a2f05;color:#fff6d5;\
font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 2px 12px rgba(0,0,0,.35)">\
<summary style="cursor:pointer">{title}</summary><ol style="margin:6px 0 4px;padding-left:1.4em">{items}</ol></details>"""


def warnings_html(warnings: list[str], texts: dict[str, str] | None = None) -> str:
    title = {**OVERLAY_TEXTS, **(texts or {})}["serve_warnings_title"].replace("{count}", str(len(warnings)))
    return WARNINGS.format(title=html.escape(title), items="".join(f"<li>{html.escape(w)}</li>" for w in warnings))


def overlay_html(errors: list[str], have_site: bool, texts: dict[str, str] | None = None) -> str:
    """The error list as HTML, every message escaped."""
    texts = {**OVERLAY_TEXTS, **(texts or {})}
    items = "".join(f"<li>{html.escape(e)}</li>" for e in errors)
    note = texts["serve_errors_last_good" if have_site else "serve_errors_nothing_built"]
    title = texts["serve_errors_title"].replace("{count}", str(len(errors)))
    return OVERLAY.format(title=html.escape(title), items=items, note=html.escape(note))
