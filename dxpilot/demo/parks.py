"""Demo parks and park events: the "一区一业一样板" pilot parks in the development zones (one
细分行业 each, with the enterprises of their zone in that industry) plus a few other parks, and
a little over 50 events a year of every kind (§三.11: 50+ a year), held when their date has
passed, a few cancelled, the later ones still scheduled.

A step of dxpilot.demo.world. Deterministic: its own seeded generator, fixed dates inside the
programme period. A programme that already has parks is left alone, so a second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from dxpilot.accounts.models import User
from dxpilot.enterprises.models import Enterprise
from dxpilot.parks.models import EventKind, EventStatus, Park, ParkEvent
from dxpilot.programs.models import Division, Segment

# (name, zone code or division code, segment key, pilot)
PARKS: tuple[tuple[str, str, str, bool], ...] = (
    ("合肥高新区集成电路产业园", "340171", "ic", True),
    ("合肥经开区智能家电产业园", "340172", "smart-appliances", True),
    ("合肥新站高新区新型显示产业园", "340173", "display", True),
    ("安徽巢湖经开区汽车零部件产业园", "3401ZC", "auto-parts", True),
    ("肥西县输配电装备产业园", "340123", "power-equipment", False),
    ("长丰县新能源汽车零部件产业园", "340121", "nev", False),
)
TITLES = {
    EventKind.POLICY: "数字化转型政策进园区宣讲会",
    EventKind.NETWORK: "5G 与千兆光网进园区",
    EventKind.IDENTIFIER: "工业互联网标识解析进园区",
    EventKind.PLATFORM: "工业互联网平台进园区",
    EventKind.SITE_MEETING: "数字化转型现场观摩会",
    EventKind.MATCHMAKING: "“小快轻准”产品供需对接会",
    EventKind.TRAINING: "园区企业数字化转型培训",
    EventKind.OTHER: "园区数字化转型沙龙",
}
EVENTS_PER_YEAR = 56
DESIGNATED_ON = date(2024, 4, 18)


def create_parks(world: Any) -> None:
    program = world.program
    if Park.objects.filter(program=program).exists():
        return
    rng = random.Random(f"parks-{program.key}")
    city = User.objects.filter(username="demo-city").first()
    divisions = {d.code: d for d in Division.objects.filter(program=program)}
    segments = {s.key: s for s in Segment.objects.filter(program=program)}
    parks = [
        Park(program=program, name=name, division=divisions[code], segment=segments[key],
             is_pilot=pilot, designated_on=DESIGNATED_ON if pilot else None, created_by=city,
             summary=f"“平台+园区”转型路径：{segments[key].name}企业集聚，批量推进数字化转型。")
        for name, code, key, pilot in PARKS
        if code in divisions and key in segments
    ]  # fmt: skip
    Park.objects.bulk_create(parks)
    through = Park.enterprises.through
    links: list[Any] = []
    for park in parks:
        members = Enterprise.objects.filter(program=program, zone=park.division).order_by("pk")
        if not park.division.is_zone:
            members = Enterprise.objects.filter(program=program, division=park.division).order_by(
                "pk"
            )
        ids = list(members.values_list("pk", flat=True)[:40])
        links.extend(through(park_id=park.pk, enterprise_id=pk) for pk in ids)
    through.objects.bulk_create(links)
    events = _events(program, parks, rng, city)
    ParkEvent.objects.bulk_create(events)
    world.counts["parks"] = len(parks)
    world.counts["park_events"] = len(events)


def _events(
    program: Any, parks: list[Park], rng: random.Random, city: User | None
) -> list[ParkEvent]:
    today = timezone.localdate()
    now = timezone.now()
    kinds = list(EventKind.values)
    events: list[ParkEvent] = []
    if not parks:
        return events
    for year in range(program.starts_on.year, program.ends_on.year + 1):
        start = max(program.starts_on, date(year, 1, 1))
        days = (min(program.ends_on, date(year, 12, 31)) - start).days
        for n in range(EVENTS_PER_YEAR):
            held_on = start + timedelta(days=12 + (n * (days - 24)) // EVENTS_PER_YEAR)
            park = parks[(n + year) % len(parks)]
            kind = kinds[n % len(kinds)] if n % 3 else kinds[(n // 3) % 4]  # "四进" most often
            planned = rng.choice((40, 60, 80, 120))
            cancelled = n % 17 == 5
            status = (
                EventStatus.CANCELLED if cancelled
                else EventStatus.HELD if held_on <= today
                else EventStatus.SCHEDULED
            )  # fmt: skip
            closed = status != EventStatus.SCHEDULED
            events.append(ParkEvent(
                park=park, kind=kind, title=f"{park.division}{TITLES[EventKind(kind)]}", held_on=held_on,
                organiser=f"{park.division.name}经信部门", planned_attendance=planned,
                actual_attendance=max(1, int(planned * rng.uniform(0.7, 1.1))) if status == EventStatus.HELD else None,
                status=status, cancel_reason="场地调整，改期举办" if cancelled else "",
                created_by=city, closed_by=city if closed else None, closed_at=now if closed else None,
            ))  # fmt: skip
    return events
