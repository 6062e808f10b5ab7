"""Demo platforms and 上云上平台: the "4+N" platforms of a Hefei-like city (industry-level and
industrial internet platforms at every level, some in the "20+80" system) and cloud adoption for
most pilot enterprises, part of it pushed by platforms the enterprises authorised.

A step of dxpilot.demo.world. Deterministic: its own seeded generator (so the steps before it
are not shifted) over enterprises in primary-key order. A programme that already has platforms is
left alone, so a second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from dxpilot.accounts.models import Role, User
from dxpilot.assessment import engine
from dxpilot.enterprises.models import Enterprise
from dxpilot.platforms.models import AdoptionSource, CloudAdoption, Platform, PlatformGrant

BATCH = 2000
# (name, operator, kind, level, "20+80" group, recognised on, segment keys)
PLATFORMS: tuple[tuple[str, str, str, str, str, date | None, tuple[str, ...]], ...] = (
    ("庐州工业互联网平台", "庐州智造科技有限公司", "industrial_internet", "cross_industry", "top20", date(2024, 11, 8), ()),
    ("巢湖双跨工业互联网平台", "巢湖云联信息技术有限公司", "industrial_internet", "cross_industry", "top20", date(2025, 4, 21), ()),
    ("汽车零部件行业级平台", "江淮链动数字科技有限公司", "industry", "national", "top20", date(2023, 9, 15), ("auto-parts", "nev")),
    ("家电行业级平台", "徽家智联科技有限公司", "industry", "provincial", "top20", None, ("home-appliances", "smart-appliances")),
    ("电子信息行业级平台", "芯谷数字服务有限公司", "industry", "provincial", "next80", None, ("electronic-devices", "electronic-components", "ic", "display")),
    ("输配电装备行业级平台", "皖电云工业互联网有限公司", "industry", "city", "next80", None, ("power-equipment", "pv")),
    ("设备云运维平台", "包河设备云科技有限公司", "industrial_internet", "provincial", "next80", None, ()),
    ("园区企业上云服务平台", "高新云服信息技术有限公司", "industrial_internet", "city", "none", None, ()),
)  # fmt: skip
CLOUD_SERVICES = ("公有云主机与存储", "云化ERP（SaaS）", "云视频会议与协同办公")


def _platform_for(
    rng: random.Random, platforms: list[Platform], segment_key: str | None
) -> Platform:
    matching = [p for p in platforms if segment_key in p.demo_segments]  # type: ignore[attr-defined]
    if matching and rng.random() < 0.7:
        return rng.choice(matching)
    return rng.choice([p for p in platforms if not p.demo_segments])  # type: ignore[attr-defined]


def create_platforms(world: Any) -> None:
    program = world.program
    if Platform.objects.filter(program=program).exists():
        return
    rng = random.Random(f"platforms-{program.key}")
    segments = dict(program.segments.values_list("key", "pk"))
    platforms = []
    for name, operator, kind, level, group, recognised_on, keys in PLATFORMS:
        platform = Platform(program=program, name=name, operator=operator, kind=kind, level=level,
                            system_group=group, recognised_on=recognised_on)  # fmt: skip
        platform.demo_segments = [k for k in keys if k in segments]  # type: ignore[attr-defined]
        platforms.append(platform)
    Platform.objects.bulk_create(platforms)
    Platform.segments.through.objects.bulk_create(
        Platform.segments.through(platform_id=p.pk, segment_id=segments[k])
        for p in platforms
        for k in p.demo_segments  # type: ignore[attr-defined]
    )
    world.counts["platforms"] = len(platforms)
    _create_adoptions(world, rng, platforms)


def _create_adoptions(world: Any, rng: random.Random, platforms: list[Platform]) -> None:
    program, today = world.program, timezone.localdate()
    scenes = [s.code for s in engine.load_indicator_set(program.assessment_edition).scenes]
    demo_user = User.objects.filter(username="demo-enterprise", role=Role.ENTERPRISE).first()
    demo_enterprise_id = demo_user.enterprise_id if demo_user else None
    city = User.objects.filter(username="demo-city").first()
    pilots = Enterprise.objects.filter(program=program, is_pilot=True).order_by("pk")
    rows = list(pilots.values_list("pk", "segment__key"))
    adoptions, grants = [], []
    for pk, segment_key in rows:
        # The demo enterprise keeps a page to record its first adoption; most others are covered.
        if pk == demo_enterprise_id or rng.random() >= 0.65:
            continue
        since = min(today, date(2023, 1, 1) + timedelta(days=rng.randrange(900)))
        chosen = sorted(rng.sample(scenes, rng.randint(1, 3)), key=scenes.index)
        if rng.random() < 0.15:
            adoptions.append(CloudAdoption(enterprise_id=pk, service_name=rng.choice(CLOUD_SERVICES), since=since,
                                           scenes=chosen, source=AdoptionSource.ENTERPRISE))  # fmt: skip
            continue
        platform = _platform_for(rng, platforms, segment_key)
        source = rng.choice(
            [AdoptionSource.ENTERPRISE, AdoptionSource.OFFICIAL, AdoptionSource.PLATFORM]
        )
        if source == AdoptionSource.PLATFORM:
            grants.append(PlatformGrant(enterprise_id=pk, platform=platform))
        adoptions.append(CloudAdoption(enterprise_id=pk, platform=platform, since=since, scenes=chosen, source=source,
                                       recorded_by=city if source == AdoptionSource.OFFICIAL else None))  # fmt: skip
    if demo_enterprise_id is not None:
        # The demo enterprise has authorised the city's 双跨 platform, which has not pushed yet.
        grants.append(PlatformGrant(enterprise_id=demo_enterprise_id, platform=platforms[0]))
    CloudAdoption.objects.bulk_create(adoptions, batch_size=BATCH)
    PlatformGrant.objects.bulk_create(grants, batch_size=BATCH)
    world.counts["cloud_adoptions"] = len(adoptions)
    world.counts["platform_grants"] = len(grants)
