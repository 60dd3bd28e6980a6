"""The `hostile` fixture: a minimal shop built once, with a secret file beside it."""

from __future__ import annotations

import pytest

from tests.hostile.hostile_support import HostileShop, make_hostile


@pytest.fixture
def hostile(tmp_path) -> HostileShop:
    return make_hostile(tmp_path)
