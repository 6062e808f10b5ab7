"""Coverage of pilot enterprises by 上云上平台, per batch, division and 细分行业, in the viewer's
data scope and in constant queries; and the three programme metrics the app registers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.enterprises.tests.application_helpers import admitted
from dxpilot.platforms.models import AdoptionSource, CloudAdoption
from dxpilot.platforms.selectors import coverage
from dxpilot.platforms.tests.factories import adopt, make_platform, pilot
from dxpilot.programs import metrics
from dxpilot.programs.models import Target
from dxpilot.testing import World, add_enterprises, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def rows(items: list[Any]) -> list[tuple[str, int, int]]:
    return [(r.label, r.total, r.covered) for r in items]


@pytest.fixture
def pilots(world: World) -> World:
    """enterprise_a admitted in batch 3 (division A) and on a platform; a pilot of division B
    with no recorded batch and no adoption; a non-pilot on the cloud that never counts."""
    admitted(world)
    platform = make_platform(world)
    adopt(world.enterprise_user, world.enterprise_a, platform)
    pilot(world, "340111", segment_key="nev")
    adopt(world.city_admin, world.enterprise_b, service_name="公有云主机")
    return world


def test_the_city_sees_every_pilot(pilots: World) -> None:
    result = coverage(pilots.city_admin, pilots.program)
    assert (result.total.total, result.total.covered) == (2, 1)
    assert result.total.share == Decimal("0.5000")
    assert result.total.percent == Decimal("50.0")
    assert rows(result.by_batch) == [("2025年第一批试点企业", 1, 1), ("未记录入库批次", 1, 0)]
    assert rows(result.by_division) == [("蜀山区", 1, 1), ("包河区", 1, 0)]
    assert rows(result.by_segment) == [
        ("汽车零部件及配件制造", 1, 1),
        ("新能源汽车和智能网联汽车", 1, 0),
    ]


def test_a_district_officer_sees_their_divisions(pilots: World) -> None:
    result = coverage(pilots.officer_b, pilots.program)
    assert (result.total.total, result.total.covered) == (1, 0)
    assert rows(result.by_division) == [("包河区", 1, 0)]


def test_the_page_is_for_officials(pilots: World) -> None:
    response = client_for(pilots.officer_a).get("/platforms/coverage/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "100.0%" in body and "2025年第一批试点企业" in body
    assert client_for(pilots.enterprise_user).get("/platforms/coverage/").status_code == 403
    assert client_for(pilots.provider_user).get("/platforms/coverage/").status_code == 403
    assert client_for(pilots.city_admin).post("/platforms/coverage/").status_code == 405


def _grow(world: World, seed: int) -> None:
    """More enterprises (about 30 % pilots) and an adoption for every third pilot."""
    add_enterprises(world.program, 60, seed=seed)
    platform = make_platform(world)
    pilots = Enterprise.objects.filter(is_pilot=True).exclude(cloud_adoptions__isnull=False)
    CloudAdoption.objects.bulk_create(
        CloudAdoption(enterprise=e, platform=platform, since=date(2024, 6, 1), scenes=["S2.1"],
                      source=AdoptionSource.PLATFORM)
        for e in list(pilots)[::3]
    )  # fmt: skip


def _queries(world: World) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client_for(world.city_admin).get("/platforms/coverage/")
        assert response.status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_data(pilots: World) -> None:
    small = _queries(pilots)
    _grow(pilots, seed=1)
    assert coverage(pilots.city_admin, pilots.program).total.total > 10
    large = _queries(pilots)
    assert large == small
    with CaptureQueriesContext(connection) as captured:
        coverage(pilots.city_admin, pilots.program)
    assert len(captured) <= 6


def _measure(world: World, key: str) -> metrics.Measure:
    target = Target(program=world.program, key=key, metric=key, value=Decimal(1), unit="%")
    scope = metrics.Scope(
        program=world.program,
        enterprises=visible_enterprises(world.city_admin).filter(program=world.program),
        user=world.city_admin,
    )
    metric, measure = metrics.measure(target, scope)
    assert metric is not None and metric.key == key
    return measure


def test_the_metrics_are_registered() -> None:
    assert {"cloud_coverage", "new_national_platforms", "platform_system_20_80"} <= set(
        metrics.REGISTRY
    )


def test_cloud_coverage_is_a_share_of_pilots(pilots: World) -> None:
    measure = _measure(pilots, "cloud_coverage")
    assert measure.actual == Decimal("0.5000")
    assert [(s["segment__name"], s["reached"], s["total"]) for s in measure.segments] == [
        ("汽车零部件及配件制造", 1, 1),
        ("新能源汽车和智能网联汽车", 0, 1),
    ]


def test_cloud_coverage_without_pilots_has_no_value(world: World) -> None:
    assert _measure(world, "cloud_coverage").actual is None


def test_national_platforms_count_only_recognitions_in_the_programme_period(world: World) -> None:
    make_platform(world, level="cross_industry", recognised_on=date(2024, 10, 18))
    make_platform(world, level="national", recognised_on=date(2025, 3, 1), system_group="top20")
    make_platform(world, level="national", recognised_on=date(2023, 12, 31), system_group="next80")
    make_platform(world, level="provincial", system_group="next80")
    make_platform(world, level="city")
    assert _measure(world, "new_national_platforms").actual == Decimal(2)
    assert _measure(world, "platform_system_20_80").actual == Decimal(3)
