"""The demo world has pilot parks and 50+ events a year for the dashboard; a second run adds
nothing."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from dxpilot.accounts.models import User
from dxpilot.dashboard.kpis import programme_kpis
from dxpilot.parks.models import Park, ParkEvent
from dxpilot.parks.selectors import visible_parks
from dxpilot.programs.models import Program

pytestmark = pytest.mark.django_db


def footprint() -> tuple[object, ...]:
    return (
        sorted(Park.objects.values_list("name", "is_pilot")),
        sorted(ParkEvent.objects.values_list("title", "held_on", "status")),
        Park.enterprises.through.objects.count(),
    )


def test_the_demo_world_fills_the_park_targets(program: Program) -> None:
    # Built after the programme period (as today is): every event of the period has happened.
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        call_command("demo_data", "--scale", "small", stdout=StringIO())
        city = User.objects.get(username="demo-city")
        kpis = {k.target.key: k for k in programme_kpis(city, program)}
        assert kpis["parks"].actual is not None and kpis["parks"].actual >= Decimal(3)
        assert kpis["park-events"].actual is not None
        assert kpis["park-events"].actual >= kpis["park-events"].target.value
        assert Park.enterprises.through.objects.exists()
        district = User.objects.get(username="demo-district")
        assert 0 < visible_parks(district).count() < Park.objects.count()
        first = footprint()
        call_command("demo_data", "--scale", "small", stdout=StringIO())
        assert footprint() == first
