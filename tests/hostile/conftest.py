"""The `hostile` fixture: a minimal shop built once per session, copied fresh for each test."""

from __future__ import annotations

import pytest

from tests.hostile.hostile_support import HostileShop, copy_hostile, make_hostile


@pytest.fixture(scope="session")
def hostile_template(tmp_path_factory) -> HostileShop:
    return make_hostile(tmp_path_factory.mktemp("hostile-template"))


@pytest.fixture
def hostile(hostile_template, tmp_path) -> HostileShop:
    return copy_hostile(hostile_template, tmp_path)
