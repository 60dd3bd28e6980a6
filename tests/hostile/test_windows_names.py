"""Names Windows reserves (con, aux, nul, prn, com1-9, lpt1-9, any case, any extension) never become output paths.

Such a site could not be checked out (gh-pages) or unzipped on Windows: one rule covers every
path weishop writes, pages, share images, posters, the kit, copied files.
"""

from __future__ import annotations

import re

import pytest

from tests.hostile.hostile_support import one_error

RESERVED = re.compile(r"con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³]", re.I)  # the part before the first dot


def reserved_paths(out) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if RESERVED.fullmatch(p.name.split(".")[0].rstrip(" ")))


def test_product_file_and_terms_with_reserved_names_get_safe_addresses(hostile):
    hostile.write({"content/products/con.md": "---\ntitle: Con\nprice: 3\ncategory: AUX\ntags: [Nul, lpt1, com9]\n---\nx\n",
                   "content/stories/prn.md": "---\ntitle: PRN\ndate: 2024-05-01\nproducts: [tea]\n---\nA story.\n"})
    result = hostile.succeeds()
    assert reserved_paths(hostile.out) == []
    product = result.site.by_slug[next(slug for slug in result.site.by_slug if slug.startswith("con"))]
    assert (hostile.out / product.url / "index.html").is_file()
    assert (hostile.out / "share" / f"{product.slug}.png").is_file()
    assert all((hostile.out / term.url / "index.html").is_file() for term in (product.category, *product.tags))


@pytest.mark.parametrize("slug", ["con", "lpt1", "com3"])
def test_explicit_reserved_slug_is_an_error_at_its_line(hostile, slug):
    hostile.write({"content/products/tea.md": f"---\ntitle: Green Tea\nprice: 12\nslug: {slug}\n---\nA good tea.\n"})
    error = one_error(hostile.fails(), "content/products/tea.md", 4, "slug", "windows")
    assert error.hint


@pytest.mark.parametrize("name", ["aux.txt", "NUL", "Com1.tar.gz", "lpt9.pdf"])
def test_copied_file_with_a_reserved_name_is_an_error_naming_it(hostile, name):
    hostile.write({f"content/files/{name}": b"data"})
    error = one_error(hostile.fails(), f"content/files/{name}", None, "", "windows")
    assert "rename" in error.hint


def test_reserved_folder_name_is_an_error_naming_the_file(hostile):
    hostile.write({"static/con/readme.txt": "hello"})
    one_error(hostile.fails(), "static/con/readme.txt", None, "", "windows")


def test_similar_names_are_fine(hostile):
    hostile.write({"content/files/console.txt": b"x", "content/files/com10.txt": b"x", "content/files/auxiliary": b"x"})
    hostile.succeeds()
    assert (hostile.out / "files/console.txt").is_file() and (hostile.out / "files/com10.txt").is_file()
