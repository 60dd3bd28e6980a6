"""YAML mistakes a seller makes, explained in plain words with the corrected line (both PyYAML loaders)."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from weishop.config import frontmatter, yamlhints
from weishop.config.frontmatter import YamlProblem, split
from weishop.errors import SourceError
from weishop.utils.messages import describe

# (front matter lines, line in the file, field, message, hint): the file starts with '---' on line 1.
CASES = [
    ("title: Brown sugar: slow cooked\nprice: 3\n", 2, "title",
     "the value contains ': ', which YAML reads as the start of another field",
     'put the title in quotes: `title: "Brown sugar: slow cooked"`'),
    ("price: 3\ntitle: Tea: \"green\" and fresh\n", 3, "title",
     "the value contains ': ', which YAML reads as the start of another field",
     "put the title in quotes: `title: 'Tea: \"green\" and fresh'`"),
    ("title: T\nseller:\n\tname: x\n", 4, "name", "a tab at column 1: YAML needs spaces to indent",
     "replace the tab at column 1 with spaces: `  name: x`"),
    ("title: T\ntags:\n  - a\n\t- b\n", 5, "", "a tab at column 1: YAML needs spaces to indent",
     "replace the tab at column 1 with spaces: `  - b`"),
    ("title： 大红袍\nprice: 3\n", 2, "title", "a full-width colon '：' after 'title'",
     "use an English colon ':' followed by a space: `title: 大红袍`"),
    ("title: 大红袍\nprice：168\nstock: 2\n", 3, "price", "a full-width colon '：' after 'price'",
     "use an English colon ':' followed by a space: `price: 168`"),
    ("title: 大红袍\nprice：168\n", 3, "price", "a full-width colon '：' after 'price'",
     "use an English colon ':' followed by a space: `price: 168`"),
    ("title： 大红袍\n", 2, "title", "a full-width colon '：' after 'title'",  # YAML reads this as one string
     "use an English colon ':' followed by a space: `title: 大红袍`"),
    ("title: T\nseller:\n　name: 阿青\n", 4, "name", "a full-width space at the start of the line",
     "indent with ordinary spaces: `  name: 阿青`"),
    ("title: T\nprice:168\nstock: 2\n", 3, "price", "no space after the colon of 'price'",
     "type a space after the colon: `price: 168`"),
    ("title: T\noptions:\n  - name: 规格\n    values: [a]\n  name: 颜色\n", 6, "name",
     "this line is inside the list that starts on line 4 but does not start with '- '",
     "start a new item with '- ' (`  - name: 颜色`), or indent it like the lines of the item above (`    name: 颜色`)"),
    ("title: T\ntags:\n  - a\n  b\n", 5, "", "this line is between list items but does not start with '- '",
     "start it with '- ': `  - b`"),
    ('title: "Brown sugar\nprice: 3\n', 2, "title", 'the quote " opened on this line is never closed',
     'end the value with the same quote: `title: "Brown sugar"`'),
    ("title: T\ntags: [a, b\nprice: 3\n", 3, "tags", "the '[' opened on this line is never closed",
     "close it at the end of the line: `tags: [a, b]`"),
    ("title: [新品] 大红袍\n", 2, "title", "the value starts with [ but goes on after the closing one",
     'put the whole title in quotes: `title: "[新品] 大红袍"`'),
    ("title: @home\n", 2, "title", "a value cannot start with '@' unless it is in quotes",
     'put the title in quotes: `title: "@home"`'),
    ("title: *star\n", 2, "title", "a value cannot start with '*' unless it is in quotes",
     'put the title in quotes: `title: "*star"`'),
    ("seller:\n  name: x\n bio: y\n", 4, "bio", "this line is indented 1 space, which matches no line above",
     "indent it like the field it belongs with: `bio: y`"),
    ("title\nprice: 3\n", 2, "title", "no colon after 'title'",
     "write a colon and a space after the field name, then its value: `title: …`"),
]


def _error(text: str) -> SourceError:
    with pytest.raises(YamlProblem) as exc:
        split(f"---\n{text}---\nbody\n")
    return SourceError("content/products/tea.md", exc.value.line, exc.value.field, exc.value.message, exc.value.hint)


@pytest.mark.parametrize("text, line, field, message, hint", CASES)
def test_yaml_mistakes_are_explained(text, line, field, message, hint):
    error = _error(text)
    assert (error.line, error.field, error.message, error.hint) == (line, field, message, hint)


@pytest.mark.parametrize("text, line, field, message, hint", CASES)
def test_the_pure_python_parser_gets_the_same_explanations(monkeypatch, text, line, field, message, hint):
    """Without libyaml PyYAML words its errors differently; the seller must not notice."""
    monkeypatch.setattr(frontmatter, "_Loader", yaml.SafeLoader)
    error = _error(text)
    assert (error.line, error.field, error.message, error.hint) == (line, field, message, hint)


def test_explanations_in_chinese():
    assert describe(_error("title: Brown sugar: slow cooked\n"), "zh-CN") == (
        "content/products/tea.md:2: title: 值里有“: ”（冒号加空格），YAML 会把它当成另一个字段的开始"
        '（把 title 的值放进引号里：`title: "Brown sugar: slow cooked"`）')
    assert describe(_error("title: T\nseller:\n\tname: x\n"), "zh-CN") == (
        "content/products/tea.md:4: name: 第 1 列是制表符（Tab）：YAML 只能用空格缩进（把第 1 列的制表符换成空格：`  name: x`）")
    assert describe(_error("title： 大红袍\nprice: 3\n"), "zh-CN") == (
        "content/products/tea.md:2: title: “title”后面是中文冒号“：”（请改用英文冒号“:”，后面加一个空格：`title: 大红袍`）")



@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["a", "title", " ", "  ", "\t", ":", ": ", "：", "- ", "\n", "#", "[", "]", "{", "}", "'", '"',
                                 "\u3000", "*", "@", "|", ",", "? ", "&"]), max_size=40))
def test_any_broken_yaml_gets_a_message_not_a_crash(parts):
    text = "".join(parts) + "\n"
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        try:
            yaml.load(text, Loader=loader)
        except yaml.MarkedYAMLError as exc:
            explained = yamlhints.explain(text, exc)
            if explained:
                assert 0 <= explained.line < len(text.split("\n")) and explained.message and explained.hint
        except yaml.YAMLError:
            pass
        found = yamlhints.slip(text)
        assert found is None or 0 <= found.line < len(text.split("\n"))
