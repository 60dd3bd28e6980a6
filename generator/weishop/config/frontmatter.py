"""Split Markdown front matter and parse YAML keeping where every value came from.

Values are built from the composed node tree rather than `yaml.load` so that each
value keeps its line and its source text: a price is read from its text as a Decimal,
and a title written `yes` stays "yes" instead of becoming True (YAML 1.1 traps).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from weishop.config import yamlhints
from weishop.errors import WeishopError
from weishop.utils.messages import tr

try:
    from yaml import CSafeLoader as _Loader  # libyaml: ~10x faster, same node marks
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_NODES = 20_000  # aliases may point at each other; expanding more than this is an attack
MAX_DEPTH = 50  # lists in lists …: libyaml composes recursively and crashes the process on ~100k levels
_FENCE = re.compile(r"^---[ \t]*$", re.M)
_CORE = "tag:yaml.org,2002:"
# The tags plain YAML resolves by itself; anything else (`!!python/…`, `!include`, `!!binary`) is refused:
# a safe loader drops or mangles it silently, and the seller may believe it did something.
STANDARD_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}

Path = tuple[Any, ...]


class YamlProblem(WeishopError):
    """A YAML error with the 1-based line in the file it came from."""

    def __init__(self, line: int, message: str, field_name: str = "", hint: str = ""):
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field_name
        self.hint = hint


@dataclass
class Located:
    """Parsed YAML data plus, for every path into it, its line and raw scalar text."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)
    first_line: int = 1

    def line(self, path: Path) -> int:
        """Line of the value at `path`, else of its nearest parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


@dataclass
class Document:
    meta: Located
    body: str
    body_line: int  # 1-based line where the Markdown body starts


def parse_yaml(text: str, line_offset: int = 0) -> Located:
    """Parse one YAML document; `line_offset` is added to every reported line."""
    _check_depth(text, line_offset)
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise _syntax_problem(exc, line_offset, text) from None
        except yaml.YAMLError as exc:
            raise YamlProblem(1 + line_offset, tr("YAML error: {problem}", problem=str(exc))) from None
        located = Located(None, first_line=1 + line_offset)
        if node is None:
            located.data = {}
            return located
        budget = [MAX_NODES]
        located.data = _build(loader, node, (), located, line_offset, budget, ())
        if not isinstance(located.data, dict) or any(isinstance(k, str) and ("：" in k or "\u3000" in k) for k in located.data):
            if slip := yamlhints.slip(text):  # YAML took `title： 茶` for text: say what was meant
                raise YamlProblem(slip.line + 1 + line_offset, slip.message, slip.field, slip.hint)
        return located
    finally:
        loader.dispose()


def _syntax_problem(exc: yaml.MarkedYAMLError, offset: int, text: str) -> YamlProblem:
    """What the seller did (yamlhints); else point at where the broken construct starts, or where parsing failed."""
    if explained := yamlhints.explain(text, exc, offset):
        return YamlProblem(explained.line + 1 + offset, explained.message, explained.field, explained.hint)
    mark = exc.problem_mark or exc.context_mark
    context = exc.context or ""
    # A plain scalar's context is the value before the bad line (e.g. a tab indent): point at the bad line.
    if exc.context_mark and any(word in context for word in ("flow", "quoted", "scanning")) and "plain scalar" not in context:
        mark = exc.context_mark
    line = (mark.line + 1 if mark else 1) + offset
    return YamlProblem(line, tr("YAML syntax error: {problem}", problem=exc.problem or str(exc)),
                       hint=tr("check this line and the one before it; put values containing ': ', '#', '[' or '{' in quotes"))


def _check_depth(text: str, offset: int) -> None:
    """Refuse absurd nesting from the event stream, before anything recursive sees it."""
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(event.start_mark.line + 1 + offset, tr("YAML nested more than {depth} levels deep", depth=MAX_DEPTH))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in (exc.problem or ""):  # PyYAML 6.0.4+ has its own limit: one message either way
            mark = exc.problem_mark or exc.context_mark
            raise YamlProblem((mark.line + 1 if mark else 1) + offset, tr("YAML nested more than {depth} levels deep", depth=MAX_DEPTH)) from None
        return  # reported with its line by the real parse
    except yaml.YAMLError:
        return  # reported with its line by the real parse
    finally:
        loader.dispose()


def _build(loader: Any, node: yaml.Node, path: Path, out: Located, offset: int, budget: list[int],
           parents: tuple[int, ...]) -> Any:
    line = node.start_mark.line + 1 + offset
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlProblem(line, tr("YAML too large or too many aliases"))
    if id(node) in parents or len(parents) > MAX_DEPTH:
        raise YamlProblem(line, tr("an alias ('*name') refers to the list or mapping it is in"))
    out.lines[path] = line
    _check_tag(node, line, path)
    inner = parents + (id(node),)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_line, tr("keys must be plain words"))
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(key_line, tr("'<<' merge keys are not supported"))
            _check_tag(key_node, key_line, path)
            key = key_node.value
            if key in result:
                raise YamlProblem(key_line, tr("duplicate key '{key}'", key=key), str(key))
            result[key] = _build(loader, value_node, path + (key,), out, offset, budget, inner)
            out.lines[path + (key,)] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, path + (i,), out, offset, budget, inner) for i, item in enumerate(node.value)]
    out.raw[path] = node.value
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError):
        return node.value  # e.g. 2024-13-01: left as text so the field check can say what is wrong


def field_label(path: Path) -> str:
    """`options[0].values[1]`: how messages name the value at `path`."""
    label = ""
    for part in path:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else str(part))
    return label


def _check_tag(node: yaml.Node, line: int, path: Path) -> None:
    if node.tag in STANDARD_TAGS:
        return
    written = "!!" + node.tag[len(_CORE):] if node.tag.startswith(_CORE) else node.tag
    raise YamlProblem(line, tr("the YAML tag '{tag}' is not allowed: weishop reads plain values only, it never "
                               "includes files or runs anything", tag=written), field_label(path),
                      tr("remove '{tag}' and write the value itself", tag=written))


def split(text: str) -> Document:
    """Split a Markdown file into front matter and body; tolerate BOM, CRLF and spaces after `---`."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    first = _FENCE.match(text)
    if not first:
        raise YamlProblem(1, tr("the file must start with a '---' line, then the front matter, then '---'"))
    start = first.end() + 1
    closing = _FENCE.search(text, start) if start <= len(text) else None
    if closing is None:
        raise YamlProblem(1, tr("front matter is not closed: add a line with '---' after the last field"))
    meta = parse_yaml(text[start : closing.start()], line_offset=1)
    body_start = min(closing.end() + 1, len(text))
    body_line = text.count("\n", 0, body_start) + 1
    meta.first_line = 1
    return Document(meta=meta, body=text[body_start:], body_line=body_line)
