"""Order links and messages: every channel's URL, encoding of awkward text, money, the message program."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from weishop.utils import l10n
from weishop.errors import Problems
from weishop.content.model import Option, OptionValue, Product
from weishop.pages.ordermessage import MessageError, compile_message, tidy
from weishop.pages.orders import (
    LINK_LIMIT, MoneyFormat, channel_pattern, check_message, encode, fill, fragment, link, placeholders,
    plain_number, unit_cents,
)

AWKWARD = "你好 & 再见 #1 😀\n第二行 100% ?a=b+c/d"

CHANNELS = {
    "whatsapp": ({"type": "whatsapp", "phone": "+86 138-0000-0000"}, "https://wa.me/8613800000000?text="),
    "telegram": ({"type": "telegram", "username": "aqingtea"}, "https://t.me/aqingtea?text="),
    "line": ({"type": "line", "id": "aqingtea"}, "https://line.me/R/oaMessage/%40aqingtea/?"),
    "sms": ({"type": "sms", "phone": "+86 138 0000 0000"}, "sms:+8613800000000?&body="),
    "email": ({"type": "email", "address": "shop@example.com"}, "mailto:shop@example.com?subject="),
}


@pytest.mark.parametrize("kind", CHANNELS)
def test_message_channels_carry_awkward_text_intact(kind):
    channel, start = CHANNELS[kind]
    url = fill(channel_pattern(channel), AWKWARD, subject="订单：A&B #2")
    assert url.startswith(start)
    tail = url[len(start):]
    # nothing that could end the parameter, start a fragment or break the line survives unencoded
    for raw in "&#\n ?+😀你":
        assert raw not in tail.replace("&body=", "")
    if kind == "line":
        assert unquote(tail) == AWKWARD
    elif kind == "email":
        query = parse_qs(urlsplit(url).query)
        assert query == {"subject": ["订单：A&B #2"], "body": [AWKWARD]}
    else:
        key = "body" if kind == "sms" else "text"
        assert parse_qs(urlsplit(url).query, keep_blank_values=True)[key] == [AWKWARD]


def test_encode_matches_encode_uri_component():
    # the characters encodeURIComponent leaves alone, so shop.js builds byte-identical links
    assert encode("AZaz09-_.!~*'()") == "AZaz09-_.!~*'()"
    assert encode(" &#+/?=:@,;$") == "%20%26%23%2B%2F%3F%3D%3A%40%2C%3B%24"
    assert encode("😀é茶") == "%F0%9F%98%80%C3%A9%E8%8C%B6"


def test_paypal_link_has_amount_and_currency():
    pattern = channel_pattern({"type": "paypal", "username": "aqingtea"})
    assert fill(pattern, AWKWARD, amount=plain_number(16800, 2) + "CNY") == "https://paypal.me/aqingtea/168.00CNY"
    assert fill(pattern, "", amount=plain_number(168000, 0) + "JPY") == "https://paypal.me/aqingtea/1680JPY"


def test_plain_link_and_wechat():
    assert fill(channel_pattern({"type": "link", "label": "淘宝", "url": "https://example.com/s?a=1"}), AWKWARD) == "https://example.com/s?a=1"
    # a literal {m} in the seller's URL is not a hole
    assert fill(channel_pattern({"type": "link", "label": "x", "url": "https://example.com/{m}"}), "hi") == "https://example.com/%7Bm%7D"
    assert channel_pattern({"type": "wechat", "id": "aqing_tea"}) is None


def test_long_message_falls_back_to_short_one():
    pattern = channel_pattern(CHANNELS["whatsapp"][0])
    long_message = "大红袍" * 100  # 900 encoded characters per 100 characters
    assert len(fill(pattern, long_message)) > LINK_LIMIT
    assert link(pattern, long_message, "short https://x/order/#1..a_1__100") == fill(pattern, "short https://x/order/#1..a_1__100")
    assert link(pattern, "短", "short") == fill(pattern, "短")


@pytest.mark.parametrize("language,currency", [("zh-CN", "CNY"), ("en", "USD"), ("ja", "JPY"), ("zh-TW", "TWD"),
                                               ("de", "EUR"), ("fr", "EUR"), ("en", "CNY"), ("zh-CN", "USD")])
@pytest.mark.parametrize("amount", ["0", "0.5", "1", "39.9", "168", "1234.56", "999999.99", "1000000"])
def test_money_format_prints_like_babel(language, currency, amount):
    value = Decimal(amount)
    fmt = MoneyFormat.of(currency, language)
    assert fmt.format(int(value * 100)) == l10n.money(value, currency, language)


def test_fragment_is_short_and_url_safe():
    frag = fragment([("dahongpao", 2, [1], 72800), ("jin-jun-mei", 1, [], 3990)], "anna_01")
    assert frag == "1.anna_01.dahongpao_2_1_72800.jin-jun-mei_1__3990"
    assert encode(frag) == frag
    assert fragment([("a", 1, [0, 2], 100)], "<bad>") == "1..a_1_0-2_100"


def test_placeholders_leave_unknown_names():
    assert placeholders("{seller} {count} {nope}", {"seller": "阿青", "count": 2}) == "阿青 2 {nope}"


def _product(options=()):
    return Product(slug="t", title="T", price=Decimal("168"), currency="CNY", body_html="", summary="", source="x",
                   options=options)


def test_unit_price_from_first_option_with_own_price():
    size = Option("规格", (OptionValue("50g", Decimal("168")), OptionValue("250g", Decimal("728"))))
    box = Option("包装", (OptionValue("纸袋", Decimal("168")), OptionValue("礼盒", Decimal("198.5"))))
    product = _product((size, box))
    assert unit_cents(product, [0, 0]) == 16800
    assert unit_cents(product, [1, 0]) == 72800
    assert unit_cents(product, [0, 1]) == 19850
    assert unit_cents(product, [1, 1]) == 72800


SPEC_MESSAGE = """你好{{ seller.name }}，我想订购：
{% for item in items %}- {{ item.title }}{% if item.option %}（{{ item.option }}）{% endif %} × {{ item.quantity }} = {{ item.total }}
{% endfor %}合计 {{ total }}{% if ref %}（推荐人：{{ ref }}）{% endif %}
{{ url }}
"""


def _context(ref=""):
    items = [{"title": "大红袍 & <茶>", "option": "250g", "quantity": 2, "price": "¥728.00", "total": "¥1,456.00", "url": "https://t/p/"},
             {"title": "金骏眉", "option": "", "quantity": 1, "price": "¥39.90", "total": "¥39.90", "url": "https://t/j/"}]
    return {"shop": {"title": "山野", "tagline": "", "url": "https://t/"}, "seller": {"name": "阿青"}, "items": items,
            "total": "¥1,495.90", "ref": ref, "url": "https://t/cart/"}


def test_spec_message_renders_without_escaping():
    text = compile_message(SPEC_MESSAGE).render(_context("anna"))
    assert text == ("你好阿青，我想订购：\n- 大红袍 & <茶>（250g） × 2 = ¥1,456.00\n- 金骏眉 × 1 = ¥39.90\n"
                    "合计 ¥1,495.90（推荐人：anna）\nhttps://t/cart/")


def test_program_mirrors_the_template():
    program = compile_message("{% for i in items %}{{ loop.index }}. {{ i.title|upper }}{% else %}none{% endfor %}"
                              "{{ ' (' ~ ref ~ ')' if ref else '' }}{% if items|length > 1 and not ref %}!{% endif %}").program
    assert program == [
        ["for", "i", ["v", "items"], [["o", ["a", ["v", "loop"], "index"]], ". ", ["o", ["f", "upper", ["a", ["v", "i"], "title"], []]]], ["none"]],
        ["o", ["?", ["v", "ref"], ["~", [["c", " ("], ["v", "ref"], ["c", ")"]]], ["c", ""]]],
        ["if", [[["&&", ["cmp", ["f", "length", ["v", "items"], []], [["gt", ["c", 1]]]], ["!", ["v", "ref"]]], ["!"]]], []],
    ]


@pytest.mark.parametrize("source,line,words", [
    ("hi\n{% set x = 1 %}", 2, "'assign' tags are not supported"),
    ("hi {{ sellr.name }}", 1, "unknown variable 'sellr'"),
    ("{{ total|replace('a', 'b') }}", 1, "filter 'replace' is not supported"),
    ("a\nb\n{% for %}", 3, "Expected an expression"),
    ("{{ seller.nam }}", 1, "has no attribute 'nam'"),
    ("{{ items[0:1] }}", 1, "'Getitem' expressions are not supported"),
])
def test_bad_templates_name_the_line(source, line, words):
    with pytest.raises(MessageError) as caught:
        compile_message(source)
    assert caught.value.line == line
    assert words in caught.value.message


def test_unknown_variable_suggests_a_name():
    with pytest.raises(MessageError) as caught:
        compile_message("{{ totl }}")
    assert "'total'" in caught.value.hint


def test_check_message_reports_shop_yml_line():
    class Config:
        order = {"message": "你好\n{% for item in itemz %}{% endfor %}\n"}
        lines = {"order": 10, "order.message": 12}
    problems = Problems()
    assert check_message(Config(), problems) is None
    (error,) = problems.errors
    assert (error.path, error.line, error.field) == ("shop.yml", 14, "order.message")
    assert "did you mean 'items'" in error.hint


def test_tidy_collapses_blank_lines():
    assert tidy("a  \n\n\n\nb\n\n") == "a\n\nb"


@pytest.mark.parametrize("language", ["en", "zh-CN", "zh-TW", "ja"])
def test_default_messages_compile_and_name_everything(language):
    from weishop.pages.theming import packaged_themes

    strings = l10n.load_strings([packaged_themes() / "default" / "i18n"], language)
    text = compile_message(strings["order_message"]).render(_context("anna-01"))
    for part in ("阿青", "大红袍 & <茶>", "250g", "× 2", "¥1,456.00", "¥1,495.90", "https://t/p/", "anna-01"):
        assert part in text
    assert "anna" not in compile_message(strings["order_message"]).render(_context(""))
