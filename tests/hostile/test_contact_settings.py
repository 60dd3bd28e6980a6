"""Contact details in shop.yml: phones are digits, e-mail one address, links https; else an error at shop.yml:line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weishop.config import shop as config
from weishop.config import schema
from weishop.errors import Problems
from weishop.config.frontmatter import Located

from tests.hostile.hostile_support import one_error

SHOP = """title: T
base_url: https://shop.example.com/
language: en
currency: USD
seller: {{name: Ann}}
order:
  channels:
    - {channel}
social: {{weibo: "https://weibo.com/ann"}}
"""


def shop_with(hostile, channel: str = "{type: email, address: ann@example.com}", **replace: str) -> None:
    text = SHOP.format(channel=channel)
    for old, new in replace.items():
        text = text.replace(old, new)
    hostile.write({"shop.yml": text})


BAD_PHONES = ['"call me"', '"+86 138 0000 0000 ext 5"', '"+86&text=hi"', '"+86#x"', '"%2B8613800000000"',
              '"tel:+8613800000000"', '"++8613800000000"', '"+8613800000000\\r\\nBcc: x"', '"123"', '"+86 138 0000 0000?"',
              '"８６１３８００００００００"']


@pytest.mark.parametrize("kind", ["whatsapp", "sms"])
@pytest.mark.parametrize("phone", BAD_PHONES)
def test_bad_phone_numbers(hostile, kind, phone):
    shop_with(hostile, f"{{type: {kind}, phone: {phone}}}")
    errors = hostile.fails()
    one_error(errors, "shop.yml", 8, "order.channels[0].phone", "not a phone number", "digits")


@pytest.mark.parametrize("phone, expected", [('"+86 138-0000-0000"', "+86 138-0000-0000"), ("8613800000000", "8613800000000"),
                                             ("'+1 (555) 123-4567'", None)])
def test_phone_numbers_as_sellers_write_them(hostile, phone, expected):
    shop_with(hostile, f"{{type: whatsapp, phone: {phone}}}")
    if expected is None:  # brackets are not in the contract: an error, not a guess
        one_error(hostile.fails(), "shop.yml", 8, "order.channels[0].phone", "not a phone number")
        return
    result = hostile.succeeds()
    assert result.site.config.order["channels"][0]["phone"] == expected


BAD_EMAILS = ['"a@b.com, c@d.com"', '"a@b.com?cc=x@evil.com"', '"a@b.com\\nBcc: x@evil.com"', '"a%0Abcc@b.com"',
              '"<a@b.com>"', '"Ann <a@b.com>"', '"a@b"', '"mailto:a@b.com"', '"a@b.com&subject=x"', '"a@b.com#x"',
              '"a b@c.com"', '"a@b.com;c@d.com"', '"@b.com"']


@pytest.mark.parametrize("address", BAD_EMAILS)
def test_bad_email_addresses(hostile, address):
    shop_with(hostile, f"{{type: email, address: {address}}}")
    errors = hostile.fails()
    one_error(errors, "shop.yml", 8, "order.channels[0].address", "e-mail address")


@pytest.mark.parametrize("address", ["ann@example.com", "ann.lee+shop@mail.example.co.uk", "A_N-N@example.org"])
def test_good_email_addresses(hostile, address):
    shop_with(hostile, f"{{type: email, address: {address}}}")
    assert hostile.succeeds().site.config.order["channels"][0]["address"] == address


BAD_LINKS = ['"http://weibo.com/ann"', '"javascript:alert(1)"', '"https://"', '"//weibo.com/ann"', '"https://weibo.com/a b"',
             '"weibo.com/ann"', '"data:text/html,x"', '"https://weibo.com/\\nx"', '"ftp://weibo.com/ann"', "[https://a.com]"]


@pytest.mark.parametrize("link", BAD_LINKS)
def test_profile_links_are_https_only(hostile, link):
    shop_with(hostile, **{'"https://weibo.com/ann"': link})
    errors = hostile.fails()
    one_error(errors, "shop.yml", 9, "social.weibo", "text" if link.startswith("[") else "https")


@pytest.mark.parametrize("url", ['"javascript:alert(1)"', '"data:text/html,x"', '"https://a.com/\\" onclick=\\"x"', '"file:///etc/passwd"'])
def test_link_channel_and_base_url_must_be_web_addresses(hostile, url):
    shop_with(hostile, f"{{type: link, label: Shop, url: {url}}}")
    errors = hostile.fails()
    one_error(errors, "shop.yml", 8, "order.channels[0].url", "web address")
    shop_with(hostile, **{"base_url: https://shop.example.com/": f"base_url: {url}"})
    errors = hostile.fails()
    one_error(errors, "shop.yml", 2, "base_url", "")


@pytest.mark.parametrize("handle", ['"ann&x=1"', '"ann?x"', '"ann/../x"', '"ann#x"', '"a"', '"ann\\r\\nx"', '"安"'])
def test_user_names_are_plain(hostile, handle):
    shop_with(hostile, f"{{type: telegram, username: {handle}}}")
    errors = hostile.fails()
    one_error(errors, "shop.yml", 8, "order.channels[0].username", "user name")


def test_payment_link_must_be_https(hostile):
    hostile.write({"content/products/tea.md": "---\ntitle: Tea\nprice: 1\npayment_link: http://buy.example.com/x\n---\n"})
    errors = hostile.fails()
    one_error(errors, "content/products/tea.md", 4, "payment_link", "https://")


def test_every_contact_problem_is_reported_in_one_run(hostile):
    hostile.write({"shop.yml": SHOP.format(channel='{type: whatsapp, phone: "call me"}\n    - {type: email, address: "a@b"}')
                   .replace('"https://weibo.com/ann"', '"http://weibo.com/ann"')})
    errors = hostile.fails()
    assert sorted((e.line, e.field) for e in errors) == [(8, "order.channels[0].phone"), (9, "order.channels[1].address"),
                                                         (10, "social.weibo")]


def _ctx() -> schema.Ctx:
    return schema.Ctx("shop.yml", Located({}), ("x",), Problems())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_accepted_phones_are_only_digits_plus_spaces_dashes(value):
    try:
        result = config.phone(value, _ctx())
    except schema.Invalid:
        return
    assert set(result) <= set("+0123456789 -") and sum(c.isdigit() for c in result) >= 5


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30) | st.emails())
def test_accepted_emails_cannot_carry_headers_or_parameters(value):
    try:
        result = config.email(value, _ctx())
    except schema.Invalid:
        return
    assert result.count("@") == 1
    assert not set(result) & set("?&#%,;:<>\"' \r\n\t\\/")
