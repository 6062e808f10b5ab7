"""Provider tests write attachments: keep them under a temporary MEDIA_ROOT, and run inside the
Hefei provider and product windows (2024-02-01 … 2024-03-15) unless a test travels elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine

from dxpilot.providers.tests.factories import IN_WINDOW


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def in_window() -> Iterator[None]:
    with time_machine.travel(IN_WINDOW, tick=True):
        yield
