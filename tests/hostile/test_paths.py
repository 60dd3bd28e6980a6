"""Paths the seller writes (slugs, images, covers, avatars) and links on disk never reach outside the shop."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weishop.config import schema
from weishop.errors import Problems
from weishop.config.frontmatter import Located

from tests.hostile.hostile_support import one_error, snapshot
from tests.support import jpeg


def product(extra: str, body: str = "Text.") -> str:
    return f"---\ntitle: Bad Tea\nprice: 5\n{extra}\n---\n{body}\n"


# --- symlinks on disk ------------------------------------------------------


def test_symlinked_file_to_etc_passwd_is_not_published(hostile):
    (hostile.shop / "content/passwd").symlink_to("/etc/passwd")
    errors = hostile.fails()
    one_error(errors, "content/passwd", None, "", "symlink", "outside content/")


def test_symlinked_file_to_a_secret_beside_the_shop(hostile):
    (hostile.shop / "content/images").mkdir()
    (hostile.shop / "content/images/photo.jpg").symlink_to(hostile.outside / "secret.txt")
    errors = hostile.fails()
    one_error(errors, "content/images/photo.jpg", None, "", "symlink")


def test_symlinked_product_file_is_not_read(hostile):
    (hostile.outside / "evil.md").write_text("---\ntitle: Not mine\nprice: 1\n---\nx\n")
    (hostile.shop / "content/products/evil.md").symlink_to(hostile.outside / "evil.md")
    errors = hostile.fails()
    one_error(errors, "content/products/evil.md", None, "", "symlink")


def test_symlinked_folder_out_of_content_is_an_error(hostile):
    (hostile.shop / "content/gallery").symlink_to(hostile.outside)
    (hostile.shop / "content/products/bundle").symlink_to(hostile.outside)
    (hostile.outside / "index.md").write_text("---\ntitle: X\nprice: 1\n---\n")
    errors = hostile.fails()
    one_error(errors, "content/gallery", None, "", "symlink to a folder outside content/")
    one_error(errors, "content/products/bundle", None, "", "symlink to a folder outside content/")


def test_symlink_in_static_out_of_static_is_an_error(hostile):
    (hostile.shop / "static").mkdir()
    (hostile.shop / "static/CNAME").symlink_to(hostile.outside / "secret.txt")
    errors = hostile.fails()
    one_error(errors, "static/CNAME", None, "", "symlink", "outside static/")


def test_symlink_inside_content_is_published_as_a_plain_file(hostile):
    hostile.write({"content/images/a.jpg": jpeg(8, 8)})
    (hostile.shop / "content/images/b.jpg").symlink_to("a.jpg")
    hostile.succeeds()
    built = hostile.out / "images/b.jpg"
    assert not built.is_symlink() and built.read_bytes() == (hostile.shop / "content/images/a.jpg").read_bytes()


def test_pipe_in_content_is_reported_not_read(hostile):
    os.mkfifo(hostile.shop / "content/pipe.jpg")
    errors = hostile.fails()
    one_error(errors, "content/pipe.jpg", None, "", "not a regular file")


# --- paths written in front matter and shop.yml -----------------------------


@pytest.mark.parametrize("value, words", [
    ("[../../outside/secret.txt]", ("outside the shop",)),
    ("[images/../../../outside/secret.txt]", ("outside the shop",)),
    ("[/etc/passwd]", ("must be a path inside the shop",)),
    ('["C:\\\\Windows\\\\win.ini"]', ("must be a path inside the shop",)),
    ("[file:///etc/passwd]", ("must be a path inside the shop",)),
    ('["..\\\\..\\\\outside\\\\secret.txt"]', ("outside the shop",)),
])
def test_image_paths_outside_the_shop(hostile, value, words):
    hostile.write({"content/products/bad.md": product(f"images: {value}")})
    errors = hostile.fails()
    one_error(errors, "content/products/bad.md", 4, "images[0]", *words)


def test_image_that_is_a_symlink_out_of_content(hostile):
    (hostile.shop / "content/products/bad").mkdir()
    (hostile.shop / "content/products/bad/index.md").write_text(product("images: [photo.jpg]"))
    (hostile.shop / "content/products/bad/photo.jpg").symlink_to(hostile.outside / "secret.txt")
    errors = hostile.fails()
    one_error(errors, "content/products/bad/index.md", 4, "images[0]", "outside content/")
    one_error(errors, "content/products/bad/photo.jpg", None, "", "symlink")


def test_story_cover_outside(hostile):
    hostile.write({"content/stories/s.md": "---\ntitle: S\ndate: 2024-01-01\ncover: ../../outside/secret.txt\n---\nx\n"})
    errors = hostile.fails()
    one_error(errors, "content/stories/s.md", 4, "cover", "outside the shop")


def test_body_image_outside(hostile):
    hostile.write({"content/products/bad.md": product("", "Intro.\n\n![x](../../../outside/secret.txt)")})
    errors = hostile.fails()
    one_error(errors, "content/products/bad.md", 8, "body", "not found")


@pytest.mark.parametrize("yaml_line, field, line", [
    ("seller: {name: Ann, avatar: ../outside/secret.txt}", "seller.avatar", 5),
    ("seller: {name: Ann, avatar: /etc/passwd}", "seller.avatar", 5),
])
def test_shop_yml_paths_outside(hostile, yaml_line, field, line):
    text = (hostile.shop / "shop.yml").read_text().replace("seller: {name: Ann}", yaml_line)
    hostile.write({"shop.yml": text})
    errors = hostile.fails()
    one_error(errors, "shop.yml", line, field, "shop")


def test_wechat_qr_outside(hostile):
    text = (hostile.shop / "shop.yml").read_text().replace(
        "- {type: email, address: ann@example.com}", "- {type: wechat, id: ann_shop, qr: ../../etc/passwd}")
    hostile.write({"shop.yml": text})
    errors = hostile.fails()
    one_error(errors, "shop.yml", 8, "order.channels[0].qr", "outside the shop")


@pytest.mark.parametrize("slug", ["../../outside", "a/b", "/etc", "..", "A-Upper", "tea tea", "%2e%2e", "tea\\..\\x"])
def test_slugs_cannot_be_paths(hostile, slug):
    hostile.write({"content/products/bad.md": product(f"slug: '{slug}'")})
    errors = hostile.fails()
    one_error(errors, "content/products/bad.md", 4, "slug", "is not a slug")


def test_odd_file_names_give_safe_slugs(hostile):
    hostile.write({"content/products/..tea...md": product(""), "content/products/%2e%2e.md": product("")})
    result = hostile.succeeds()
    for p in result.site.products:
        assert schema.SLUG_RE.fullmatch(p.slug), p.slug
    assert all(not (hostile.root / name).exists() for name in ("tea", "outside/index.html"))


# --- properties ------------------------------------------------------------

PATHS = st.lists(st.sampled_from(["..", ".", "a", "b.jpg", "", "/", "\\", "C:", "~", "%2e", "\x00", "…"]), max_size=6).map("/".join) \
    | st.text(max_size=20)


@settings(max_examples=150, deadline=None)
@given(PATHS)
def test_rel_path_never_leaves_content(value):
    """Whatever the seller writes, an accepted path stays under content/ once joined."""
    problems = Problems()
    ctx = schema.Ctx("x.md", Located({}), ("images",), problems)
    try:
        result = schema.rel_path(value, ctx)
    except schema.Invalid:
        return
    content = Path("/shop/content")
    joined = Path(os.path.normpath(content / result))
    assert joined.is_relative_to(content)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30))
def test_accepted_slugs_are_one_safe_folder(value):
    problems = Problems()
    ctx = schema.Ctx("x.md", Located({}), ("slug",), problems)
    try:
        result = schema.slug(value, ctx)
    except schema.Invalid:
        return
    assert "/" not in result and "." not in result and result == result.lower() and result


def test_nothing_outside_changes_even_when_the_build_succeeds(hostile):
    before = snapshot(hostile.outside)
    hostile.write({"content/products/more.md": product("images: [a.jpg]"), "content/a.jpg": jpeg(8, 8)})
    hostile.succeeds()
    assert snapshot(hostile.outside) == before


def test_symlink_in_a_shop_theme_is_not_published(hostile):
    """A theme cloned from a stranger's repository may carry a link to ~/.ssh/id_rsa."""
    hostile.write({"themes/default/static/ok.txt": "fine"})
    (hostile.shop / "themes/default/static/key.txt").symlink_to(hostile.outside / "secret.txt")
    hostile.succeeds()
    published = [p for p in hostile.out.rglob("*") if p.is_file()]
    assert (hostile.out / "theme/ok.txt").is_file()
    assert not any(p.read_bytes() == b"the seller's tax records\n" for p in published)
