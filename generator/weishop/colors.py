"""Readable colours from the seller's accent: WCAG contrast, text colour on it, a darker shade for links."""

from __future__ import annotations


def _channels(hex_color: str) -> tuple[float, float, float]:
    h = hex_color.lstrip("#")
    return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def luminance(hex_color: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(hex_color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    """White or near-black, whichever reads better on `background`."""
    return "#ffffff" if contrast(background, "#ffffff") >= contrast(background, "#1a1a1a") else "#1a1a1a"


def readable_on_white(color: str, minimum: float = 4.5) -> str:
    """`color`, darkened just enough to reach `minimum` contrast on white (for links and prices)."""
    r, g, b = _channels(color)
    factor = 1.0
    while factor > 0:
        shade = "#" + "".join(f"{round(c * factor * 255):02x}" for c in (r, g, b))
        if contrast(shade, "#ffffff") >= minimum:
            return shade
        factor -= 0.05
    return "#000000"
