"""The `parks` and `park_events` metrics, counted by hand."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine

from dxpilot.dashboard.kpis import programme_kpis, programme_kpis_whole
from dxpilot.parks import services
from dxpilot.parks.tests.factories import held, make_event, make_park
from dxpilot.testing import World, client_for


def kpi(world: World, user: object, key: str):  # type: ignore[no-untyped-def]
    return next(k for k in programme_kpis(user, world.program) if k.target.key == key)


def test_pilot_parks_are_counted_in_scope(world: World) -> None:
    make_park(world, is_pilot=True, designated_on=date(2024, 4, 1))
    make_park(world, world.division_b, is_pilot=True, designated_on=date(2025, 1, 10))
    make_park(world, world.zone, is_pilot=True, designated_on=date(2024, 9, 1))
    make_park(world)  # registered, not a pilot park
    row = kpi(world, world.city_admin, "parks")
    assert row.actual == Decimal(3) and row.population == 4 and row.has_source
    assert [(str(e.reason), e.count) for e in row.excluded] == [("未认定为试点园区的园区", 1)]
    assert kpi(world, world.officer_a, "parks").actual == Decimal(1)
    assert kpi(world, world.officer_b, "parks").actual == Decimal(1)


def test_held_events_count_in_their_programme_year(world: World) -> None:
    park_a, park_b = make_park(world), make_park(world, world.division_b)
    held(world, park_a, date(2024, 11, 5))  # 2024
    held(world, park_a, date(2025, 3, 1))
    held(world, park_a, date(2025, 6, 2))  # today
    held(world, park_b, date(2025, 5, 30))
    make_event(world, park_a, held_on=date(2025, 6, 30))  # scheduled: not counted
    cancelled = make_event(world, park_b, held_on=date(2025, 5, 1))
    services.cancel_event(cancelled.pk, reason="场地调整", actor=world.city_admin)
    row = kpi(world, world.city_admin, "park-events")
    assert row.actual == Decimal(3) and row.population == 3
    assert [(s["segment__name"], s["reached"], s["met"]) for s in row.segments] == [
        ("2024 年", 1, False),
        ("2025 年", 3, False),
    ]
    assert [(str(e.reason), e.count) for e in row.excluded] == [("其他年度举办的活动", 1)]
    assert [(e.name, e.count) for e in row.entered_by] == [("alice", 3)]
    assert row.records_url == "/parks/events/?status=held&year=2025"
    assert kpi(world, world.officer_a, "park-events").actual == Decimal(2)
    assert kpi(world, world.officer_b, "park-events").actual == Decimal(1)
    # Once the programme has ended, its last year is the one counted (no viewer: every park).
    with time_machine.travel(datetime(2026, 12, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        whole = next(
            k for k in programme_kpis_whole(world.program) if k.target.key == "park-events"
        )
        assert whole.actual == Decimal(3)
    with time_machine.travel(datetime(2024, 12, 31, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        assert kpi(world, world.city_admin, "park-events").actual == Decimal(1)


def test_the_dashboard_shows_the_park_events_count(world: World) -> None:
    held(world, make_park(world), date(2025, 5, 20))
    page = client_for(world.city_admin).get("/").content.decode()
    assert "本年度已举办的“政策进园区”等园区活动场次" in page
    assert "按年度" in page
