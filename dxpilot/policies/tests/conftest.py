"""Policy tests run on a fixed day inside the Hefei programme period (2024-01-01 … 2025-12-31)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

TODAY = datetime(2025, 6, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def on_a_fixed_day() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=True):
        yield
