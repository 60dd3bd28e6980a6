"""SVG files in content/ and static/ run in the shop's origin when opened: anything active is refused."""

from __future__ import annotations

import gzip

import pytest

from weishop.content.svgsafe import svg_problem

from tests.hostile.hostile_support import one_error

NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'

HOSTILE_SVGS = [
    (f"<svg {NS}>\n<script>alert(1)</script>\n</svg>", 2, "<script>"),
    (f"<svg {NS} onload=\"alert(1)\">\n</svg>", 1, "onload"),
    (f"<svg {NS}>\n<rect/>\n<a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>", 3, "not a plain link"),
    (f"<svg {NS}>\n<a href=\" JaVaScRiPt:alert(1)\"><text>x</text></a></svg>", 2, "not a plain link"),
    (f"<svg {NS}>\n<foreignObject><iframe src=\"https://evil\"/></foreignObject></svg>", 2, "<foreignobject>"),
    (f"<svg {NS}>\n<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/></svg>", 2, "not a plain link"),
    (f"<svg {NS}>\n<image href=\"file:///etc/passwd\"/></svg>", 2, "not a plain link"),
    (f"<svg {NS}>\n<a><set attributeName=\"href\" to=\"javascript:alert(1)\"/></a></svg>", 2, "<set>"),
    (f"<svg {NS}>\n<animate attributeName=\"xlink:href\" values=\"javascript:alert(1)\"/></svg>", 2, "<animate>"),
    (f"<svg {NS}>\n<g ONCLICK=\"alert(1)\"/></svg>", 2, "onclick"),
    ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
     f"<svg {NS}><text>&b;</text></svg>", 2, "DOCTYPE"),
    ('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' f"<svg {NS}><text>&x;</text></svg>", 1, "DOCTYPE"),
    ('<?xml-stylesheet type="text/xsl" href="evil.xsl"?>\n' f"<svg {NS}/>", 1, "instruction"),
    (f"<svg {NS}>\n<rect>", 2, "not a valid SVG"),
    ("<html><body><script>alert(1)</script></body></html>", 1, "<script>"),
    ("<html><body></body></html>", 1, "no <svg> root"),
    ("not xml at all", 1, "not a valid SVG"),
]


@pytest.mark.parametrize("svg, line, words", HOSTILE_SVGS, ids=[w for _, _, w in HOSTILE_SVGS])
def test_active_svg_in_content_is_refused_with_its_line(hostile, svg, line, words):
    hostile.write({"content/images/logo.svg": svg})
    errors = hostile.fails()
    one_error(errors, "content/images/logo.svg", line, "", "svg refused", words)


def test_active_svg_in_static_is_refused(hostile):
    hostile.write({"static/favicon.svg": f"<svg {NS} onload=\"alert(1)\"/>"})
    one_error(hostile.fails(), "static/favicon.svg", 1, "", "onload")


def test_gzipped_svg_is_checked_too(hostile):
    hostile.write({"content/logo.svgz": gzip.compress(f"<svg {NS}><script>alert(1)</script></svg>".encode())})
    one_error(hostile.fails(), "content/logo.svgz", 1, "", "<script>")


def test_gzip_bomb_svg_stays_small(hostile):
    bomb = gzip.compress(b"<svg " + NS.encode() + b"><text>" + b"a" * 50_000_000 + b"</text></svg>")
    hostile.write({"content/bomb.svgz": bomb})
    one_error(hostile.fails(), "content/bomb.svgz", None, "", "not a valid svg")


@pytest.mark.parametrize("svg", [
    f"<svg {NS} viewBox=\"0 0 10 10\"><style>rect{{fill:red}}</style><rect width=\"10\" height=\"10\"/></svg>",
    f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg {NS}><defs><linearGradient id=\"g\"/></defs>"
    "<use xlink:href=\"#g\"/><a href=\"https://example.com/\"><text>shop</text></a>"
    "<image href=\"data:image/png;base64,iVBORw0KGgo=\"/><image href=\"photo.jpg\"/></svg>",
])
def test_plain_drawings_are_published_unchanged(hostile, svg):
    hostile.write({"content/images/logo.svg": svg})
    hostile.succeeds()
    assert (hostile.out / "images/logo.svg").read_text() == svg


def test_the_default_themes_own_svgs_are_clean():
    from weishop.pages.theming import packaged_themes

    for path in packaged_themes().rglob("*.svg"):
        assert svg_problem(path.read_bytes()) is None, path
