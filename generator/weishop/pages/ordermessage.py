"""The order message template: Jinja for the build, the same template as a JSON program for shop.js.

The seller writes `order.message` in Jinja (SPEC §3). The build renders it with Jinja itself (the
order links in the HTML, which work without JavaScript). The browser must compose the same text for
any cart, options, quantity and referral code, so the template is parsed with Jinja's own parser and
compiled into a small JSON tree that shop.js interprets (`run` in shop.js mirrors `_stmts`/`_expr`
here). Only a subset is allowed: text, `{{ expression }}`, `if/elif/else`, `for … in … (else)`, names,
`.attr`/`['key']`, constants, `not/and/or`, comparisons (`== != < > <= >= in`), `x if c else y`, `~`,
and the filters upper, lower, trim, length, default. Anything else is a build error naming the line,
so the browser can never compose a different message from the build's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment
from weishop.errors import WeishopError

VARIABLES = ("shop", "seller", "items", "total", "ref", "url")
ITEM_FIELDS = ("title", "option", "quantity", "price", "total", "url")
FILTERS = ("upper", "lower", "trim", "length", "default")
COMPARE = ("eq", "ne", "lt", "gt", "lteq", "gteq", "in", "notin")
HINT = "use only {{ … }}, if/elif/else and for … in items; variables: " + ", ".join(VARIABLES)


class MessageError(WeishopError, ValueError):
    """A problem in an order message template, with its line inside the template."""

    def __init__(self, line: int, message: str, hint: str = HINT):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Message:
    """A checked message template: `render` for the build, `program` (JSON-ready) for the browser."""

    template: jinja2.Template
    program: list[Any]

    def render(self, context: dict[str, Any]) -> str:
        return tidy(self.template.render(context))


def tidy(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row, no blank ends (shop.js `tidy` does the same)."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def compile_message(source: str) -> Message:
    """Parse, compile to the browser program and try on sample orders; MessageError on any problem."""
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
    try:
        tree = env.parse(source)
        template = env.from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        raise MessageError(exc.lineno, exc.message or "template syntax error") from None
    program = _Compiler().stmts(tree.body, set(VARIABLES))
    message = Message(template, program)
    for sample in _samples():
        try:
            message.render(sample)
        except jinja2.TemplateError as exc:
            raise MessageError(_template_line(exc), str(exc)) from None
    return message


def _samples() -> list[dict[str, Any]]:
    """Orders that take every branch a seller is likely to write: one item, two, with and without options and ref."""
    def item(option: str, quantity: int) -> dict[str, Any]:
        return {"title": "Tea", "option": option, "quantity": quantity, "price": "$1.00", "total": f"${quantity}.00",
                "url": "https://example.com/products/tea/"}
    base = {"shop": {"title": "Shop", "tagline": "", "url": "https://example.com/"},
            "seller": {"name": "Seller", "bio": "", "location": ""}, "url": "https://example.com/"}
    return [{**base, "items": [item("", 1)], "total": "$1.00", "ref": ""},
            {**base, "items": [item("50g", 2), item("", 1)], "total": "$3.00", "ref": "anna-01"}]


def _template_line(exc: BaseException) -> int:
    line = getattr(exc, "lineno", None) or 0
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class _Compiler:
    """Jinja nodes to the JSON program; unsupported nodes raise MessageError with their line."""

    def stmts(self, body: list[nodes.Node], names: set[str]) -> list[Any]:
        out: list[Any] = []
        for node in body:
            if isinstance(node, nodes.Output):
                for child in node.nodes:
                    if isinstance(child, nodes.TemplateData):
                        out.append(child.data)
                    else:
                        out.append(["o", self.expr(child, names)])
            elif isinstance(node, nodes.If):
                branches = [[self.expr(node.test, names), self.stmts(node.body, names)]]
                branches += [[self.expr(e.test, names), self.stmts(e.body, names)] for e in node.elif_]
                out.append(["if", branches, self.stmts(node.else_, names)])
            elif isinstance(node, nodes.For):
                if not isinstance(node.target, nodes.Name) or node.test is not None or node.recursive:
                    raise MessageError(node.lineno, "only '{% for item in items %}' loops are supported")
                inner = names | {node.target.name, "loop"}
                out.append(["for", node.target.name, self.expr(node.iter, names),
                            self.stmts(node.body, inner), self.stmts(node.else_, names)])
            else:
                raise MessageError(node.lineno, f"'{type(node).__name__.lower()}' tags are not supported in order messages")
        merged: list[Any] = []
        for part in out:  # adjacent text joined: a smaller program
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] += part
            else:
                merged.append(part)
        return merged

    def expr(self, node: nodes.Node, names: set[str]) -> list[Any]:
        e = self.expr
        if isinstance(node, nodes.Name):
            if node.name not in names:
                import difflib

                guess = difflib.get_close_matches(node.name, sorted(names), n=1)
                raise MessageError(node.lineno, f"unknown variable '{node.name}'",
                                   f"did you mean '{guess[0]}'?" if guess else HINT)
            return ["v", node.name]
        if isinstance(node, nodes.Const) and (node.value is None or isinstance(node.value, (str, int, float, bool))):
            return ["c", node.value]
        if isinstance(node, nodes.Getattr):
            return ["a", e(node.node, names), node.attr]
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, (str, int)):
            return ["a", e(node.node, names), node.arg.value]
        if isinstance(node, nodes.Not):
            return ["!", e(node.node, names)]
        if isinstance(node, (nodes.And, nodes.Or)):
            return ["&&" if isinstance(node, nodes.And) else "||", e(node.left, names), e(node.right, names)]
        if isinstance(node, nodes.Compare) and all(op.op in COMPARE for op in node.ops):
            return ["cmp", e(node.expr, names), [[op.op, e(op.expr, names)] for op in node.ops]]
        if isinstance(node, nodes.CondExpr):
            other = e(node.expr2, names) if node.expr2 is not None else ["c", ""]
            return ["?", e(node.test, names), e(node.expr1, names), other]
        if isinstance(node, nodes.Concat):
            return ["~", [e(n, names) for n in node.nodes]]
        if isinstance(node, nodes.Filter) and node.node is not None and node.name in FILTERS and not node.kwargs \
                and node.dyn_args is None and node.dyn_kwargs is None:
            return ["f", node.name, e(node.node, names), [e(a, names) for a in node.args]]
        if isinstance(node, nodes.Filter):
            raise MessageError(node.lineno, f"filter '{node.name}' is not supported in order messages",
                               "filters allowed: " + ", ".join(FILTERS))
        raise MessageError(node.lineno, f"'{type(node).__name__}' expressions are not supported in order messages")
