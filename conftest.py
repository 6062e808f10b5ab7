"""Project-wide pytest fixtures: the personas world (see dxpilot/testing.py)."""

from __future__ import annotations

import pytest

from dxpilot.testing import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def program(db: None):  # type: ignore[no-untyped-def]
    from dxpilot.testing import load_hefei

    return load_hefei()
