"""Nothing a seller (or a stranger whose text they paste) writes can run script in a buyer's browser."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weishop.content.markup import MarkdownRenderer, is_safe_url
from weishop.pages.theming import packaged_themes

from tests.hostile.hostile_support import make_hostile
from tests.support import page

SAFE_SCHEMES = {"", "http", "https", "mailto", "tel", "sms"}
PAYLOAD = "</script><script>alert(1)</script>\"'><img src=x onerror=alert(1)>"


def scheme(url: str) -> str:
    """The scheme a browser sees: C0 controls and spaces are ignored where it ignores them."""
    compact = re.sub(r"[\x00-\x20]+", "", url)
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):", compact)
    return match.group(1).lower() if match else ""


def assert_no_script(soup, allowed_json: int = 1) -> None:
    """No element can run script: no inline handlers, no script URLs, only our own scripts."""
    for el in soup.find_all(True):
        for attr, value in el.attrs.items():
            assert not attr.lower().startswith("on"), f"{el.name} has {attr}"
            if attr in ("href", "src", "action", "formaction", "xlink:href", "poster", "data"):
                url = value if isinstance(value, str) else " ".join(value)
                allowed = SAFE_SCHEMES | ({"data"} if el.name == "img" and url.startswith("data:image/") else set())
                assert scheme(url) in allowed, f"<{el.name} {attr}={url!r}>"
        if el.name in ("iframe", "object", "embed", "base", "math"):
            raise AssertionError(f"<{el.name}> came from content")
    for script in soup.find_all("script"):
        if script.get("type") in ("application/ld+json", "application/json"):
            json.loads(script.string)  # still one valid JSON document, data not code
            assert "<" not in script.string
        else:
            assert "alert(1)" not in (script.string or ""), script


def strings(data) -> list[str]:
    """Every string inside parsed JSON."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [x for v in data.values() for x in strings(v)]
    if isinstance(data, list):
        return [x for v in data for x in strings(v)]
    return []


def body_of(hostile, body: str, **shop_changes: str):
    hostile.write({"content/products/tea.md": f"---\ntitle: Tea\nprice: 12\n---\n{body}\n"})
    if shop_changes:
        text = (hostile.shop / "shop.yml").read_text()
        for old, new in shop_changes.items():
            text = text.replace(old, new)
        hostile.write({"shop.yml": text})
    hostile.succeeds()
    return page(hostile.out, "products/tea/")


# --- Markdown bodies -------------------------------------------------------

RAW_HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<div>\n<script>alert(1)</script>\n</div>",
    "<!-- x --><script>alert(1)</script>",
    "<details open ontoggle=alert(1)>",
    "`x` <style>@import 'http://evil'</style>",
]


def test_unsafe_html_opt_in_keeps_an_embedded_video(hostile):
    embed = '<iframe src="https://player.example.com/v/1" allowfullscreen></iframe>'
    soup = body_of(hostile, f"Watch:\n\n{embed}\n", **{"seller: {name: Ann}": "seller: {name: Ann}\nmarkdown: {unsafe_html: true}"})
    assert soup.select_one(".prose iframe")["src"] == "https://player.example.com/v/1"


LINKS = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<java\tscript:alert(1)>)",
    "[x](<javascript\n:alert(1)>)",
    # "[x](\x01javascript:…)": a control character is refused before rendering (test_yaml_tags_and_controls.py)
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](file:///etc/passwd)",
    "[x](&#106;avascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[x](https://example.com\" onclick=\"alert(1))",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](vbscript:x)",
    "[![x](javascript:alert(1))](javascript:alert(1))",
    "[x](/ok){: onclick=\"alert(1)\"}",
    "[x](/ok){: href=\"javascript:alert(1)\"}",
    "[x](/ok){: ONMOUSEOVER=alert(1)}",
    "Paragraph.\n{: onclick=\"alert(1)\"}",
    "## Heading {: onfocus=alert(1) tabindex=1 }",
    "![x](data:image/png;base64,iVBORw0KGgo=){: onerror=alert(1)}",
]


@pytest.fixture(scope="module")
def payload_shop(tmp_path_factory):
    """One shop, one page per payload: built once, each page checked on its own."""
    case = make_hostile(tmp_path_factory.mktemp("payloads"))
    pages = {f"content/pages/raw-{i}.md": f"---\ntitle: Raw {i}\n---\nIntro.\n\n{html}\n\nEnd.\n" for i, html in enumerate(RAW_HTML)}
    pages.update({f"content/pages/link-{i}.md": f"---\ntitle: Link {i}\n---\nIntro.\n\n{md}\n" for i, md in enumerate(LINKS)})
    case.write(pages)
    case.succeeds()
    return case


@pytest.mark.parametrize("index", range(len(RAW_HTML)), ids=RAW_HTML)
def test_raw_html_in_markdown_is_shown_as_text(payload_shop, index):
    soup = page(payload_shop.out, f"raw-{index}/")
    prose = soup.select_one(".prose")
    assert_no_script(soup)
    assert prose.find(["script", "style", "img", "iframe", "svg", "details", "div"]) is None
    assert "alert(1)" in prose.get_text() or "@import" in prose.get_text()  # shown, escaped, not dropped silently


@pytest.mark.parametrize("index", range(len(LINKS)), ids=LINKS)
def test_script_urls_and_handlers_are_neutralised(payload_shop, index):
    assert_no_script(page(payload_shop.out, f"link-{index}/"))


def test_good_links_still_work(hostile):
    soup = body_of(hostile, "See [a](https://example.com/a?b=1&c=2), [b](mailto:ann@example.com), [c](tel:+15551234567), "
                            "[d](/about/), [e](#top) and ![p](data:image/png;base64,iVBORw0KGgo=).")
    hrefs = [a["href"] for a in soup.select(".prose a")]
    assert hrefs == ["https://example.com/a?b=1&c=2", "mailto:ann@example.com", "tel:+15551234567", "/about/", "#top"]
    assert soup.select_one(".prose img")["src"].startswith("data:image/png")


@settings(max_examples=120, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("javscriptJAVS:/\t\n\x00 &#;x0123456789()<>\"'{}=on")), max_size=30))
def test_any_link_text_renders_without_script(fragment):
    renderer = MarkdownRenderer("/")
    from bs4 import BeautifulSoup

    for markdown in (f"[x]({fragment})", f"![x]({fragment})", f"[x]({fragment}){{: onclick=1 }}", f"<{fragment}>"):
        html = renderer.render(markdown).html
        soup = BeautifulSoup(html, "lxml")
        assert_no_script(soup)


@pytest.mark.parametrize("url, image, safe", [
    ("javascript:alert(1)", False, False),
    (" \tjavascript:alert(1)", False, False),
    ("data:image/png;base64,AAAA", True, True),
    ("data:image/png;base64,AAAA", False, False),
    ("data:image/svg+xml,<svg>", True, False),
    ("file:///etc/passwd", False, False),
    ("https://x.example/", False, True),
    ("photo.jpg", True, True),
    ("a:b", False, False),
])
def test_is_safe_url(url, image, safe):
    assert is_safe_url(url, image=image) is safe


# --- fields shown by templates ---------------------------------------------


def test_titles_names_and_reviews_are_escaped_everywhere(hostile):
    text = (hostile.shop / "shop.yml").read_text()
    text = text.replace("title: Hostile Test Shop", f"title: '{PAYLOAD.replace(chr(39), chr(39) * 2)}'")
    text = text.replace("seller: {name: Ann}", f"seller:\n  name: '{PAYLOAD.replace(chr(39), chr(39) * 2)}'\n"
                                               f"  bio: '{PAYLOAD.replace(chr(39), chr(39) * 2)}'")
    quoted = PAYLOAD.replace("'", "''")
    hostile.write({
        "shop.yml": text,
        "content/products/tea.md": f"---\ntitle: '{quoted}'\nprice: 12\ncategory: '{quoted}'\ntags: ['{quoted}']\n"
                                   f"summary: '{quoted}'\noptions:\n  - name: '{quoted}'\n    values: ['{quoted}', b]\n"
                                   f"reviews:\n  - {{name: '{quoted}', rating: 5, text: '{quoted}'}}\n---\nBody.\n",
        "content/stories/s.md": f"---\ntitle: '{quoted}'\ndate: 2024-01-01\nproducts: [tea]\n---\nStory.\n",
    })
    hostile.succeeds()
    for rel in ("", "products/tea/", "stories/", "stories/s/", "about/"):
        soup = page(hostile.out, rel)
        assert_no_script(soup)
    product = page(hostile.out, "products/tea/")
    assert product.h1.get_text() == PAYLOAD
    assert any(PAYLOAD in strings(json.loads(s.string)) for s in product.select("script[type='application/ld+json']"))
    assert product.find("meta", property="og:title")["content"].startswith(PAYLOAD[:10])


def test_json_ld_cannot_be_broken_out_of(hostile):
    hostile.write({"content/products/tea.md": "---\ntitle: \"</script><script>alert(1)</script><!--\"\nprice: 12\n"
                                              "summary: \"\\u2028 & <b>\"\n---\nx\n"})
    hostile.succeeds()
    raw = (hostile.out / "products/tea/index.html").read_text()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S)
    assert len(blocks) == 1
    assert "<" not in blocks[0] and "\u2028" not in blocks[0]
    assert "</script><script>alert(1)</script><!--" in strings(json.loads(blocks[0]))


def test_shop_override_template_is_autoescaped(hostile):
    hostile.write({
        "themes/default/templates/page.html": """
            {% extends "base.html" %}
            {% block content %}<h1 class="mine">{{ page_entity.title }}</h1><p data-x="{{ page_entity.title }}">{{ shop.title }}</p>{% endblock %}
            """,
        "content/pages/about.md": f"---\ntitle: '{PAYLOAD.replace(chr(39), chr(39) * 2)}'\n---\nHello.\n",
    })
    hostile.succeeds()
    soup = page(hostile.out, "about/")
    assert soup.select_one("h1.mine").get_text() == PAYLOAD
    assert soup.select_one("p[data-x]")["data-x"] == PAYLOAD
    assert_no_script(soup)


def test_shop_theme_of_its_own_is_autoescaped(hostile):
    text = (hostile.shop / "shop.yml").read_text().replace("title: Hostile Test Shop", "title: Hostile Test Shop\ntheme: mine")
    hostile.write({
        "shop.yml": text,
        "themes/mine/templates/product.html": "{% extends 'base.html' %}{% block content %}<h1>{{ product.title }}</h1>{% endblock %}",
        "content/products/tea.md": "---\ntitle: \"<script>alert(1)</script>\"\nprice: 1\n---\n",
    })
    hostile.succeeds()
    soup = page(hostile.out, "products/tea/")
    assert soup.h1.get_text() == "<script>alert(1)</script>"
    assert_no_script(soup)


# --- the theme's own JavaScript --------------------------------------------

HTML_SINKS = re.compile(r"\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\s*\(|new\s+Function\s*\("
                        r"|set(?:Timeout|Interval)\s*\(\s*['\"`]|\.srcdoc\b|createContextualFragment")


@pytest.mark.parametrize("script", sorted(p.name for p in (packaged_themes() / "default" / "static").glob("*.js")))
def test_theme_javascript_never_builds_html_from_data(script):
    source = (packaged_themes() / "default" / "static" / script).read_text()
    code = re.sub(r"//[^\n]*|/\*.*?\*/", "", source, flags=re.S)  # comments may mention what is avoided
    assert HTML_SINKS.findall(code) == []
