"""Order links and mailto: cannot gain parameters, recipients or headers from titles, names or settings."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weishop.pages import orders

from tests.hostile.hostile_support import one_error
from tests.support import page

NASTY = "T&bcc=evil@x.com#frag%0A%0D\r\nBcc: evil@x.com?subject=x&text=y"
YAML_NASTY = '"T&bcc=evil@x.com#frag%0A%0D\\r\\nBcc: evil@x.com?subject=x&text=y"'


@pytest.fixture(scope="module")
def order_page(tmp_path_factory):
    from tests.hostile.hostile_support import make_hostile

    case = make_hostile(tmp_path_factory.mktemp("orders"))
    case.write({
        "shop.yml": f"""
            title: {YAML_NASTY}
            base_url: https://shop.example.com/
            language: en
            currency: USD
            seller: {{name: {YAML_NASTY}}}
            order:
              channels:
                - {{type: whatsapp, phone: "+1 555-123-4567"}}
                - {{type: sms, phone: "+15551234567"}}
                - {{type: email, address: ann@example.com}}
                - {{type: telegram, username: ann_shop}}
                - {{type: line, id: annshop}}
                - {{type: paypal, username: annshop}}
            """,
        "content/products/tea.md": f"---\ntitle: {YAML_NASTY}\nprice: 12\noptions:\n  - name: {YAML_NASTY}\n"
                                   f"    values: [{YAML_NASTY}]\n---\nx\n",
    })
    case.succeeds()
    return page(case.out, "products/tea/")


def links(soup) -> dict[str, str]:
    found = {}
    for a in soup.select("a.ch[href]"):
        kind = next(c[3:] for c in a["class"] if c.startswith("ch-"))
        found.setdefault(kind, a["href"])
    return found


def test_every_channel_has_a_link(order_page):
    assert set(links(order_page)) == {"whatsapp", "sms", "email", "telegram", "line", "paypal"}


@pytest.mark.parametrize("kind, host, keys", [
    ("whatsapp", "wa.me", ["text"]),
    ("telegram", "t.me", ["text"]),
    ("sms", "", ["body"]),
    ("email", "", ["subject", "body"]),
])
def test_message_is_one_parameter(order_page, kind, host, keys):
    href = links(order_page)[kind]
    assert not any(ch in href for ch in "\r\n #")
    parts = urlsplit(href)
    assert parts.netloc == host and parts.fragment == ""
    pairs = parse_qsl(parts.query, keep_blank_values=False)
    assert [k for k, _ in pairs] == keys
    message = dict(pairs)["body" if kind in ("sms", "email") else "text"]
    assert "T&bcc=evil@x.com#frag%0A%0D" in message  # the title arrives whole, as text


def test_mailto_has_one_recipient_and_no_extra_headers(order_page):
    parts = urlsplit(links(order_page)["email"])
    assert parts.scheme == "mailto" and unquote(parts.path) == "ann@example.com"
    assert {k.lower() for k, _ in parse_qsl(parts.query)} == {"subject", "body"}


def test_line_message_is_the_whole_query(order_page):
    parts = urlsplit(links(order_page)["line"])
    assert parts.fragment == "" and "&" not in parts.query and "=" not in parts.query
    assert "T&bcc=evil@x.com" in unquote(parts.query)


def test_paypal_link_has_no_query(order_page):
    parts = urlsplit(links(order_page)["paypal"])
    assert parts.netloc == "paypal.me" and parts.query == "" and parts.fragment == ""
    assert parts.path.startswith("/annshop/")


def test_order_message_template_cannot_reach_python(hostile):
    text = (hostile.shop / "shop.yml").read_text().replace(
        "order:\n", "order:\n  message: \"{{ ''.__class__.__mro__[1].__subclasses__() }}\"\n")
    hostile.write({"shop.yml": text})
    one_error(hostile.fails(), "shop.yml", 7, "order.message", "not supported")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(max_size=20))
def test_filled_links_keep_their_parameters(message, subject):
    for channel, keys in (({"type": "email", "address": "ann@example.com"}, ["subject", "body"]),
                          ({"type": "whatsapp", "phone": "+1 555 123 4567"}, ["text"]),
                          ({"type": "sms", "phone": "+15551234567"}, ["body"])):
        url = orders.fill(orders.channel_pattern(channel), message, subject)
        parts = urlsplit(url)
        assert parts.fragment == "" and not any(ch in url for ch in "\r\n #")
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        assert [k for k, _ in pairs] == keys
        assert dict(pairs)[keys[-1]] == message
