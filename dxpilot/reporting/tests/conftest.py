"""Reporting tests run on a controlled clock (tick=False) starting on 2025-03-03, inside the
Hefei programme (2024-01-01 … 2025-12-31); `after_q3` moves it past the third quarter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from dxpilot.funding.tests.cases import ADMITTED


@pytest.fixture(autouse=True)
def clock() -> Iterator[Any]:
    with time_machine.travel(ADMITTED, tick=False) as traveller:
        yield traveller
