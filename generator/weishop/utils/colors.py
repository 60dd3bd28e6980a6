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


AA = 4.5  # WCAG 2 AA contrast for body text (the theme's links and prices are normal-size text)
PAGE_BACKGROUND = "#faf8f5"  # the default theme's --bg in style.css; its white cards read better still
DARK_SURFACE = "#211e1b"  # its dark-mode --card, the lighter of the two dark surfaces


def readable_on(color: str, background: str, minimum: float = AA) -> str:
    """`color` mixed towards black (light `background`) or white (dark one) just enough to reach `minimum`."""
    target = 0.0 if luminance(background) > 0.18 else 1.0
    channels = _channels(color)
    for step in range(41):
        amount = step / 40
        shade = "#" + "".join(f"{round((c + (target - c) * amount) * 255):02x}" for c in channels)
        if contrast(shade, background) >= minimum:
            return shade
    return "#000000" if target == 0.0 else "#ffffff"


def accent_text(accent: str, dark: bool = False) -> str:
    """The accent as link and price text: on the light page, or on the dark-mode surfaces."""
    return readable_on(accent, DARK_SURFACE if dark else PAGE_BACKGROUND)


def accent_fill(accent: str) -> str:
    """The accent as a button background: shaded just enough that the button text reaches AA."""
    return readable_on(accent, text_on(accent))


def accent_problem(accent: str) -> tuple[str, str] | None:
    """Why `accent` fails WCAG AA as text on the page or under button text, and what the theme does instead; None if it passes."""
    failures, replaced = [], []
    on_page = contrast(accent, PAGE_BACKGROUND)
    if on_page < AA:
        failures.append(f"as text on the page it has contrast {_shown(on_page)}:1")
        replaced.append(f"links and prices use {accent_text(accent)}")
    on_button = contrast(accent, text_on(accent))
    if on_button < AA:
        failures.append(f"under button text {_shown(on_button)}:1")
        replaced.append(f"buttons use {accent_fill(accent)}")
    if not failures:
        return None
    message = f"the colour {accent} is hard to read: {' and '.join(failures)} (WCAG AA needs {AA}:1)"
    hint = f"{' and '.join(replaced)} instead; to keep one colour everywhere, pick a darker one such as {accent_text(accent)}"
    return message, hint


def _shown(ratio: float) -> str:
    """Rounded down, so a failing 4.48 never reads as a passing 4.5."""
    return f"{int(ratio * 10) / 10:.1f}"


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
