"""YAML syntax errors as what the seller did, with the corrected line.

The parser says "mapping values are not allowed in this context"; the seller wrote
`title: Brown sugar: slow cooked` and needs quotes. The likely slips (a tab, a full-width
colon or space from a Chinese keyboard, an unquoted `: `, an unclosed quote or bracket,
a list item without its `-`) are found from the text around where parsing stopped.
Both libyaml and pure-Python PyYAML wordings are understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from weishop.utils.messages import Msg, tr, tr_n

_KEY = r"[^\s:：#\"'\-?\[\]{}][^:：#]*?"
_FULLWIDTH_COLON = re.compile(rf"^(\s*(?:-\s+)?)({_KEY})[ \t]*：[ \t\u3000]*(.*)$")
_MISSING_SPACE = re.compile(rf"^(\s*(?:-\s+)?)({_KEY}):(?=[^\s:/])(.*)$")
_PAIR = re.compile(r"^(\s*(?:-\s+)?)([^\s:#\"'\[\]{}][^:#]*?):[ \t]+(.*?)[ \t]*$")
_IDEOGRAPHIC_INDENT = re.compile(r"^[ \t]*\u3000")
_IDEOGRAPHIC_AFTER_COLON = re.compile(rf"^(\s*(?:-\s+)?)({_KEY}):\u3000+(.*)$")
_TAB_AFTER_COLON = re.compile(rf"^(\s*(?:-\s+)?)({_KEY}):\t[ \t]*(.*)$")


@dataclass(frozen=True)
class Explained:
    line: int  # 0-based, in the text given
    field: str
    message: Msg
    hint: Msg


def explain(text: str, exc: yaml.MarkedYAMLError, offset: int = 0) -> Explained | None:
    """What went wrong in plain words and how the line should read; None when nothing fits.

    `offset`: lines before `text` in its file, for messages naming another line.
    """
    lines = text.split("\n")
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    at = min(exc.problem_mark.line if exc.problem_mark else len(lines), len(lines) - 1)
    start = min(exc.context_mark.line if exc.context_mark else at, len(lines) - 1)
    slip = _keyboard_slip(lines, at)
    if slip:
        return slip
    if "quoted scalar" in context:
        return _unclosed_quote(lines, start)
    if "flow sequence" in context or "flow mapping" in context:
        return _unclosed_bracket(lines, start, "]" if "sequence" in context else "}")
    if "mapping values are not allowed" in problem:
        return _colon_in_value(lines, at)
    if "expected ':'" in problem:
        return _no_colon(lines, start)
    if "'-' indicator" in problem or ("block collection" in context and "block end" in problem):
        return _not_an_item(lines, at, start, offset)
    if "cannot start any token" in problem or "alias" in context or "alias" in problem or "anchor" in context or "mapping keys are not allowed" in problem:
        return _needs_quotes(lines, at, tr("a value cannot start with '{char}' unless it is in quotes",
                                               char=_char(lines, exc.problem_mark if "alias" not in context else exc.context_mark)))
    if "expected key" in problem or "block end" in problem:
        return _text_after_value(lines, at) or _indentation(lines, at)
    return None


def _keyboard_slip(lines: list[str], last: int) -> Explained | None:
    """A tab, a full-width colon or space on or before the line where parsing stopped."""
    for number in range(last + 1):
        line = lines[number]
        indent = line[: len(line) - len(line.lstrip(" \t\u3000"))]
        if "\t" in indent:
            fixed = " " * _indent_for(lines, number) + line.lstrip(" \t\u3000")
            return Explained(number, _key(line), tr("a tab at column {column}: YAML needs spaces to indent", column=indent.index("\t") + 1),
                             tr("replace the tab at column {column} with spaces: {fixed}", column=indent.index("\t") + 1, fixed=_code(fixed)))
        if _IDEOGRAPHIC_INDENT.match(line):
            fixed = " " * _indent_for(lines, number) + line.lstrip(" \t\u3000")
            return Explained(number, _key(line), tr("a full-width space at the start of the line"),
                             tr("indent with ordinary spaces: {fixed}", fixed=_code(fixed)))
        if found := _FULLWIDTH_COLON.match(line):
            lead, key, value = found.groups()
            fixed = f"{lead}{key}: {value}".rstrip()
            return Explained(number, key.strip(), tr("a full-width colon '：' after '{key}'", key=key.strip()),
                             tr("use an English colon ':' followed by a space: {fixed}", fixed=_code(fixed)))
        if found := _TAB_AFTER_COLON.match(line):
            lead, key, value = found.groups()
            return Explained(number, key.strip(), tr("a tab after '{key}:'", key=key.strip()),
                             tr("type an ordinary space after the colon: {fixed}", fixed=_code(f"{lead}{key}: {value}")))
        if found := _IDEOGRAPHIC_AFTER_COLON.match(line):
            lead, key, value = found.groups()
            return Explained(number, key.strip(), tr("a full-width space after '{key}:'", key=key.strip()),
                             tr("type an ordinary space after the colon: {fixed}", fixed=_code(f"{lead}{key}: {value}")))
    return None


def _colon_in_value(lines: list[str], at: int) -> Explained | None:
    line = lines[at] if at < len(lines) else ""
    pair = _PAIR.match(line)
    if pair and re.search(r":(\s|$)", pair.group(3)):
        lead, key, value = pair.groups()
        return Explained(at, key.strip(), tr("the value contains ': ', which YAML reads as the start of another field"),
                         tr("put the {key} in quotes: {fixed}", key=key.strip(), fixed=_code(f"{lead}{key}: {_quoted(value)}")))
    before = _previous(lines, at)
    if before is not None and _MISSING_SPACE.match(lines[before]):
        return _no_colon(lines, before)
    if before is not None and ":" not in lines[before] and not lines[before].lstrip().startswith("-"):
        return _missing_colon(lines, before)
    return _indentation(lines, at)


def _no_colon(lines: list[str], start: int) -> Explained | None:
    line = lines[start]
    if found := _MISSING_SPACE.match(line):
        lead, key, value = found.groups()
        return Explained(start, key.strip(), tr("no space after the colon of '{key}'", key=key.strip()),
                         tr("type a space after the colon: {fixed}", fixed=_code(f"{lead}{key}: {value}")))
    before = _previous(lines, start)
    indent = _width(line)
    if before is not None and lines[before].lstrip().startswith("- ") and _width(lines[before]) == indent:
        return _item_hint(start, line, indent)
    return _missing_colon(lines, start)


def _missing_colon(lines: list[str], number: int) -> Explained:
    line = lines[number]
    word = line.strip()
    if re.fullmatch(r"[\w.-]+", word):
        return Explained(number, word, tr("no colon after '{key}'", key=word),
                         tr("write a colon and a space after the field name, then its value: {fixed}", fixed=_code(line.rstrip() + ": …")))
    return Explained(number, "", tr("'{text}' is not a 'field: value' line", text=word),
                     tr("write the field name, a colon and a space before the value, e.g. {example}",
                        example=_code(" " * _width(line) + "title: " + word)))


def _not_an_item(lines: list[str], at: int, start: int, offset: int) -> Explained | None:
    line = lines[at]
    indent = _width(lines[start]) if start < len(lines) else 0
    if _width(line) == indent and not line.lstrip().startswith("-"):
        item = line.lstrip()
        return Explained(at, _key(line), tr("this line is inside the list that starts on line {start} but does not start with '- '", start=start + 1 + offset),
                         tr("start a new item with '- ' ({item}), or indent it like the lines of the item above ({inner})",
                            item=_code(" " * indent + "- " + item), inner=_code(" " * (indent + 2) + item)))
    return _indentation(lines, at)


def _item_hint(number: int, line: str, indent: int) -> Explained:
    return Explained(number, "", tr("this line is between list items but does not start with '- '"),
                     tr("start it with '- ': {fixed}", fixed=_code(" " * indent + "- " + line.strip())))


def _unclosed_quote(lines: list[str], start: int) -> Explained:
    line = lines[start]
    quote = '"' if line.count('"') % 2 else "'"
    return Explained(start, _key(line), tr("the quote {quote} opened on this line is never closed", quote=quote),
                     tr("end the value with the same quote: {fixed}", fixed=_code(line.rstrip() + quote)))


def _unclosed_bracket(lines: list[str], start: int, closing: str) -> Explained:
    line = lines[start]
    opening = "[" if closing == "]" else "{"
    if line.count(opening) > line.count(closing):
        return Explained(start, _key(line), tr("the '{opening}' opened on this line is never closed", opening=opening),
                         tr("close it at the end of the line: {fixed}", fixed=_code(line.rstrip() + closing)))
    return Explained(start, _key(line), tr("something in the '{opening}…{closing}' on this line is not understood", opening=opening, closing=closing),
                     tr("separate the entries with ', ' and put any entry containing ': ', '[' or '{' in quotes"))


def _needs_quotes(lines: list[str], at: int, message: Msg) -> Explained | None:
    pair = _PAIR.match(lines[at]) if at < len(lines) else None
    if not pair:
        return None
    lead, key, value = pair.groups()
    return Explained(at, key.strip(), message, tr("put the {key} in quotes: {fixed}", key=key.strip(), fixed=_code(f"{lead}{key}: {_quoted(value)}")))


def _text_after_value(lines: list[str], at: int) -> Explained | None:
    """`title: "A" B` or `title: [New] tea`: a quoted or bracketed start must be the whole value."""
    pair = _PAIR.match(lines[at]) if at < len(lines) else None
    if not pair or not pair.group(3)[:1] in ('"', "'", "[", "{"):
        return None
    lead, key, value = pair.groups()
    return Explained(at, key.strip(), tr("the value starts with {char} but goes on after the closing one", char=value[0]),
                     tr("put the whole {key} in quotes: {fixed}", key=key.strip(), fixed=_code(f"{lead}{key}: {_quoted(value)}")))


def _indentation(lines: list[str], at: int) -> Explained | None:
    before = _previous(lines, at)
    if at >= len(lines) or before is None:
        return None
    line = lines[at]
    if line.lstrip().startswith("- "):
        return Explained(at, "", tr("a list item, but the field above it already has a value"),
                         tr("put list items under a field with nothing after its colon, two spaces in: {fixed}",
                            fixed=_code(" " * (_width(lines[before]) + 2) + line.lstrip())))
    siblings = sorted({_width(lines[i]) for i in range(at) if lines[i].strip() and not lines[i].lstrip().startswith("#")})
    closest = min(siblings, key=lambda width: (abs(width - _width(line)), width))
    return Explained(at, _key(line), tr_n("this line is indented {n} space, which matches no line above",
                                                "this line is indented {n} spaces, which matches no line above", _width(line)),
                     tr("indent it like the field it belongs with: {fixed}", fixed=_code(" " * closest + line.lstrip())))


# --- small helpers -------------------------------------------------------------


def _previous(lines: list[str], number: int) -> int | None:
    for i in range(min(number, len(lines)) - 1, -1, -1):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return i
    return None


def _indent_for(lines: list[str], number: int) -> int:
    """Spaces a line with a broken indent probably meant: under a `key:` opening a block, two more."""
    before = _previous(lines, number)
    if before is None:
        return 0
    width = _width(lines[before].replace("\t", "  "))
    return width + 2 if lines[before].rstrip().endswith(":") else width


def _width(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key(line: str) -> str:
    pair = re.match(r"^\s*(?:-\s+)?([^\s:：#\"'\[\]{}][^:：#]*?)\s*[:：]", line)
    return pair.group(1) if pair else ""


def _char(lines: list[str], mark: yaml.Mark | None) -> str:
    if mark is None or mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return "?"
    return lines[mark.line][mark.column]


def _quoted(value: str) -> str:
    """`value` as a YAML string in quotes: single quotes when it holds double ones."""
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _code(line: str) -> str:
    return f"`{line.rstrip()}`"


def slip(text: str) -> Explained | None:
    """A keyboard slip that YAML accepts but reads wrongly (`title： 茶` is one string, `　name:` a key with a space)."""
    return _keyboard_slip(text.split("\n"), len(text.split("\n")) - 1)
