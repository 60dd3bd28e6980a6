"""`--out ""` and `--shop ""` are usage errors that say what to type, never a silent default."""

from __future__ import annotations

import pytest

from weishop.cli import main

from tests.hostile.hostile_support import diff, snapshot


@pytest.mark.parametrize("argv, option, example", [
    (["build", "--out", ""], "--out", "--out public"),
    (["build", "--shop", ""], "--shop", "--shop myshop"),
    (["check", "--shop", ""], "--shop", "--shop myshop"),
    (["new", "product", "Tea", "--shop", ""], "--shop", "--shop myshop"),
    (["build", "--out", "   "], "--out", "--out public"),
])
def test_empty_path_is_a_usage_error_saying_what_to_type(hostile, monkeypatch, capsys, argv, option, example):
    monkeypatch.chdir(hostile.shop)  # the default folder exists: an empty value must not fall back to it
    before = snapshot(hostile.root)
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert option in err and "empty" in err and example in err, err
    assert diff(before, snapshot(hostile.root)) == []
