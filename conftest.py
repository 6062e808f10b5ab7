"""Project-wide pytest fixtures: the personas world (see dxpilot/core/testing.py)."""

from __future__ import annotations

import pytest

from dxpilot.core.testing import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def program(db: None):  # type: ignore[no-untyped-def]
    from dxpilot.core.testing import load_hefei

    return load_hefei()
