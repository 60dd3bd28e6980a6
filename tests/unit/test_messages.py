"""Messages in the shop's language: catalogs, plurals, fallbacks, which language a run speaks."""

from __future__ import annotations

import gettext
import io
import pickle
import re
import string
import subprocess
import sys

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from weishop.errors import SourceError
from weishop.utils import messages
from weishop.utils.messages import Msg, describe, localize, shop_language, supported, terminal_language, tr, tr_n

from tests.support import REPO

CATALOGS = sorted((REPO / "generator" / "weishop" / "locale").glob("*/LC_MESSAGES/weishop.po"))


def test_a_message_is_its_english_text_until_shown_in_another_language():
    message = tr("put the {key} in quotes: {fixed}", key="title", fixed='`title: "a: b"`')
    assert message == 'put the title in quotes: `title: "a: b"`'
    assert isinstance(message, str) and message.startswith("put the title")
    assert localize(message, "zh-CN") == '把 title 的值放进引号里：`title: "a: b"`'
    assert localize(message, "en") == localize(message, "fr") == message


@pytest.mark.parametrize("n, en, zh", [
    (1, "this line is indented 1 space, which matches no line above", "这一行缩进了 1 个空格，和上面任何一行都对不齐"),
    (3, "this line is indented 3 spaces, which matches no line above", "这一行缩进了 3 个空格，和上面任何一行都对不齐"),
])
def test_plurals(n, en, zh):
    message = tr_n("this line is indented {n} space, which matches no line above",
                   "this line is indented {n} spaces, which matches no line above", n)
    assert (message, localize(message, "zh-CN")) == (en, zh)


def test_untranslated_and_broken_translations_fall_back_to_english(monkeypatch):
    assert localize(tr("no such message {x}", x=1), "ja") == "no such message 1"

    class Broken(gettext.NullTranslations):
        def gettext(self, message):
            return "{missing} 坏了"

    monkeypatch.setattr(messages, "_catalog", lambda language: Broken())
    assert localize(tr("a {x} b", x=1), "zh-CN") == "a 1 b"


def test_messages_inside_messages_are_translated_too():
    error = SourceError("content/products/a.md", 2, "title", tr("a full-width colon '：' after '{key}'", key="title"),
                        tr("use an English colon ':' followed by a space: {fixed}", fixed="`title: 茶`"))
    assert describe(error, "en") == str(error) == ("content/products/a.md:2: title: a full-width colon '：' after 'title' "
                                                    "(use an English colon ':' followed by a space: `title: 茶`)")
    assert describe(error, "zh-CN") == "content/products/a.md:2: title: “title”后面是中文冒号“：”（请改用英文冒号“:”，后面加一个空格：`title: 茶`）"


def test_messages_survive_pickling_as_messages():
    message = tr_n("{n} story", "{n} stories", 2)
    again = pickle.loads(pickle.dumps(SourceError("a", 1, "", message)))
    assert isinstance(again.message, Msg) and again.message == "2 stories" and again.message.n == 2


@pytest.mark.parametrize("tag, language", [
    ("zh-CN", "zh-CN"), ("zh", "zh-CN"), ("zh_CN.UTF-8", "zh-CN"), ("zh-Hans", "zh-CN"), ("zh_SG", "zh-CN"),
    ("zh-TW", "zh-TW"), ("zh_HK.UTF-8", "zh-TW"), ("zh-Hant-TW", "zh-TW"), ("ja_JP.UTF-8", "ja"), ("ja", "ja"),
    ("en_US.UTF-8", "en"), ("fr", "en"), ("", "en"), (None, "en"),
])
def test_supported_languages(tag, language):
    assert supported(tag) == language


@pytest.mark.parametrize("env, language", [
    ({"LANG": "zh_CN.UTF-8"}, "zh-CN"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ja_JP.UTF-8"}, "ja"),
    ({"LANG": "ja_JP.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, "zh-TW"),
    ({"LANG": "zh_CN.UTF-8", "LANGUAGE": "en_GB:en"}, "en"),
    ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ({}, "en"),
])
def test_terminal_language(env, language):
    assert terminal_language(env) == language


def test_the_shop_language_comes_from_shop_yml_even_when_it_is_broken(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    assert shop_language(tmp_path) == "ja"  # no shop yet: the terminal's
    (tmp_path / "shop.yml").write_text("title: 茶: 好\nlanguage: 'zh-TW'  # 繁體\n", encoding="utf-8")
    assert shop_language(tmp_path) == "zh-TW"
    (tmp_path / "shop.yml").write_text("title: Tea\n", encoding="utf-8")
    assert shop_language(tmp_path) == "en"  # a shop without `language:` is English


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_reading_a_po_file_gives_what_babel_compiles(po):
    """An editable install reads the .po with messages._compiled; the wheel has Babel's .mo: same answers."""
    with open(po, "rb") as handle:
        catalog = read_po(handle)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    babel, ours = gettext.GNUTranslations(compiled), gettext.GNUTranslations(io.BytesIO(messages._compiled(po.read_text("utf-8"))))
    assert ours.info() == babel.info()
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for n in (0, 1, 2, 5):
                assert ours.ngettext(message.id[0], message.id[1], n) == babel.ngettext(message.id[0], message.id[1], n)
        else:
            assert ours.gettext(message.id) == babel.gettext(message.id)


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_translations_keep_the_placeholders_of_their_message(po):
    with open(po, "rb") as handle:
        catalog = read_po(handle)
    names = lambda text: sorted(set(re.findall(r"\{(\w+)\}", text)))  # noqa: E731
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            if message.id and string:
                assert names(string) == sorted(set().union(*(names(i) for i in ids))) or names(string) == names(ids[-1]), message.id


def test_catalogs_are_in_step_with_the_code():
    """Every tr()/tr_n() message is in every catalog: after changing one, run `python scripts/messages.py`."""
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "messages.py"), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def _tr_calls():
    """Every tr()/tr_n() call in the package, with its file and line."""
    import ast

    for path in sorted((REPO / "generator" / "weishop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("tr", "tr_n"):
                yield f"{path.relative_to(REPO)}:{node.lineno}", node


def test_every_message_is_a_literal_whose_placeholders_are_all_given():
    """An f-string would never reach the catalogs; a placeholder without its value would crash the error path."""
    import ast

    checked = 0
    for where, call in _tr_calls():
        texts = call.args[:2] if call.func.id == "tr_n" else call.args[:1]
        assert texts and all(isinstance(t, ast.Constant) and isinstance(t.value, str) for t in texts), f"{where}: not a literal"
        given = {k.arg for k in call.keywords} | ({"n"} if call.func.id == "tr_n" else set())
        if None in given:  # **params: checked when it runs
            continue
        if given:  # filled with str.format: a lone '{' must be written '{{'
            for t in texts:
                assert list(string.Formatter().parse(t.value)), where
        wanted = set().union(*(re.findall(r"(?<!\{)\{(\w+)\}", t.value) for t in texts))
        assert wanted <= given, f"{where}: {sorted(wanted - given)} not given"
        if given - {"n"}:
            assert given - {"n"} <= wanted | {"n"}, f"{where}: {sorted(given - wanted)} given but not used"
        checked += 1
    assert checked > 50


def test_every_message_reaches_the_catalogs():
    """Babel cannot see a tr() inside an f-string: such a message would never be translated."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import messages as script
    finally:
        sys.path.pop(0)
    extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in script.template() if m.id}
    missed = [f"{where}: {call.args[0].value!r}" for where, call in _tr_calls() if call.args[0].value not in extracted]
    assert not missed
