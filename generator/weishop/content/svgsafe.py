"""SVG files from the seller's folders: refused when they could run script or read other files.

An SVG opened from the shop's own address runs its scripts there, so a drawing downloaded
from a stranger could act as the shop. Refusing (with the line) is clearer than silently
rewriting someone's artwork. Expat is used directly: it gives line numbers, and a DOCTYPE is
refused before any entity is expanded (no billion laughs, no external files).
"""

from __future__ import annotations

import re
import xml.parsers.expat


FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio", "video"}
LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "data"}
_RASTER = re.compile(r"^data:image/(?:png|jpe?g|gif|webp|avif);", re.I)


class _Refused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _local(name: str) -> str:
    """`http://www.w3.org/1999/xlink href` or `xlink:href` → `href`."""
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1].lower()


def _check_element(name: str, attrs: dict[str, str]) -> None:
    from weishop.content.markup import is_safe_url  # here: most shops have no SVG, and markup loads Python-Markdown

    element = _local(name)
    if element in FORBIDDEN_ELEMENTS:
        raise _Refused(f"<{element}> can run code or load pages")
    for attr, value in attrs.items():
        key = _local(attr)
        if key.startswith("on"):
            raise _Refused(f"the '{key}' attribute runs script")
        if key in LINK_ATTRIBUTES and not (value.strip().startswith("#") or _RASTER.match(value.strip())
                                           or (is_safe_url(value) and not value.strip().lower().startswith("data:"))):
            raise _Refused(f"{key}=\"{value[:40]}\" is not a plain link")
        if element in ("set", "animate") and key == "attributename" and (_local(value) in LINK_ATTRIBUTES or value.lower().startswith("on")):
            raise _Refused(f"<{element}> changes '{value}', which can turn into script")


def svg_problem(data: bytes) -> tuple[int, str] | None:
    """(line, reason) when `data` is not a safe SVG drawing, else None."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    seen_root: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if not seen_root:
            seen_root.append(_local(name))
        _check_element(name, attrs)

    def doctype(*_args: object) -> None:
        raise _Refused("a DOCTYPE (entities) is not allowed in SVG files")

    def instruction(target: str, _data: str) -> None:
        raise _Refused(f"the <?{target} …?> instruction is not allowed")

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        return parser.CurrentLineNumber or 1, exc.reason
    except xml.parsers.expat.ExpatError as exc:
        return exc.lineno or 1, f"is not a valid SVG file ({xml.parsers.expat.ErrorString(exc.code)})"
    if seen_root != ["svg"]:
        return 1, "is not an SVG drawing (no <svg> root)"
    return None
