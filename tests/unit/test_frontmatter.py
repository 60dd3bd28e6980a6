import pytest

from weishop.config.frontmatter import YamlProblem, parse_yaml, split


def test_split_reports_body_line_and_keeps_raw_text():
    doc = split("---\ntitle: yes\nprice: 168.10\n---\nBody\n")
    assert doc.meta.data == {"title": True, "price": 168.1}
    assert doc.meta.raw[("title",)] == "yes"
    assert doc.meta.raw[("price",)] == "168.10"
    assert doc.meta.line(("price",)) == 3
    assert doc.body == "Body\n"
    assert doc.body_line == 5


def test_nested_values_have_lines():
    doc = split("---\ntitle: a\noptions:\n  - name: size\n    values: [a, b]\n---\n")
    assert doc.meta.line(("options", 0, "values", 1)) == 5
    assert doc.meta.line(("options", 0, "name")) == 4


@pytest.mark.parametrize("text", ["\ufeff---\r\ntitle: a\r\n---\r\nbody\r\n", "---\ntitle: a\n---"])
def test_bom_crlf_and_no_trailing_newline(text):
    assert split(text).meta.data == {"title": "a"}


@pytest.mark.parametrize("text, line, words", [
    ("---\ntitle: a\ntitle: b\n---\n", 3, "duplicate key 'title'"),
    ("---\ntitle: a\nprice: [1\n---\n", 3, "the '[' opened on this line is never closed"),
    ("title: a\n", 1, "must start with a '---'"),
    ("---\ntitle: a\n", 1, "not closed"),
])
def test_problems_name_their_line(text, line, words):
    with pytest.raises(YamlProblem) as exc:
        split(text)
    assert exc.value.line == line
    assert words in exc.value.message


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi"))
    with pytest.raises(YamlProblem, match="too many aliases"):
        parse_yaml(bomb)
