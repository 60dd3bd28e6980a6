"""A limit of a drawing (a QR code cannot hold a very long address) is a warning naming the product and
what was drawn instead, never a failed build; an error's hint fits its cause."""

from __future__ import annotations

from tests.hostile.hostile_support import one_error
from tests.support import png

LONG = "https://shop.example.com/" + "very-long-path/" * 200  # 3,000 characters: more than a QR code holds


def test_address_too_long_for_a_qr_code_warns_and_publishes(hostile):
    text = (hostile.shop / "shop.yml").read_text()
    hostile.write({"shop.yml": text.replace("base_url: https://shop.example.com/", f"base_url: {LONG}")})
    hostile.succeeds()
    assert (hostile.out / "products/tea/index.html").is_file()
    assert (hostile.out / "share/tea.png").is_file()
    assert not (hostile.out / "posters").exists()  # posters are drawn in the browser (tests/browser/test_resell.py)


def test_a_card_that_cannot_be_drawn_with_its_photo_is_drawn_without_it(hostile, monkeypatch):
    """Share cards: a drawing that fails with the photo is drawn without it, with a warning saying why."""
    from weishop.build.outputs import cards as sharecards  # the stage draws with the name it imported

    real = sharecards.draw_card

    def fragile(spec):
        if spec.photo:
            raise MemoryError("cannot allocate 2 GB")
        return real(spec)

    monkeypatch.setattr(sharecards, "draw_card", fragile)
    hostile.write({"content/products/tea.md": "---\ntitle: Green Tea\nprice: 12\nimages: [a.png]\n---\nx\n",
                   "content/products/a.png": png()})
    result = hostile.succeeds()
    warning = one_error(result.warnings, "content/products/tea.md", None, "share image", "without the photo", "memory")
    assert "a.png" in str(warning)
    assert (hostile.out / "share/tea.png").is_file()
