"""Parks and events, reached through the services (never raw rows)."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from dxpilot.accounts.models import User
from dxpilot.parks import services
from dxpilot.parks.models import Park, ParkEvent
from dxpilot.programs.models import Division, Segment
from dxpilot.testing import World

_serial = count(1)


def make_park(world: World, division: Division | None = None, **overrides: Any) -> Park:
    actor = overrides.pop("actor", world.city_admin)
    n = next(_serial)
    values: dict[str, Any] = {
        "name": f"合肥智能装备产业园{n}",
        "division_id": (division or world.division_a).pk,
        "segment_id": Segment.objects.get(program=world.program, key="auto-parts").pk,
        "is_pilot": False,
    }
    values.update(overrides)
    return services.register_park(world.program, services.ParkData(**values), actor=actor)


def event_data(park: Park, **overrides: Any) -> services.EventData:
    values: dict[str, Any] = {
        "park_id": park.pk,
        "kind": "policy",
        "title": "数字化转型政策进园区宣讲会",
        "held_on": date(2025, 5, 20),
        "organiser": "合肥市经济和信息化局",
        "planned_attendance": 80,
        "description": "",
    }
    values.update(overrides)
    return services.EventData(**values)


def make_event(
    world: World, park: Park, *, actor: User | None = None, **overrides: Any
) -> ParkEvent:
    return services.schedule_event(event_data(park, **overrides), actor=actor or world.city_admin)


def held(world: World, park: Park, on: date, attendance: int = 50) -> ParkEvent:
    event = make_event(world, park, held_on=on)
    return services.mark_held(event.pk, actual_attendance=attendance, actor=world.city_admin)
