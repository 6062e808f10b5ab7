"""Programme KPIs are computed from data, per target metric, within the user's scope."""

from __future__ import annotations

from decimal import Decimal

from dxpilot.core.testing import World
from dxpilot.dashboard.kpis import programme_kpis
from dxpilot.enterprises.models import Enterprise


def kpi(world: World, user: object, key: str):  # type: ignore[no-untyped-def]
    return next(k for k in programme_kpis(user, world.program) if k.target.key == key)


def test_pilots_at_level_two_counts_the_latest_onsite_level(world: World) -> None:
    Enterprise.objects.filter(pk=world.enterprise_a.pk).update(is_pilot=True, level=2)
    Enterprise.objects.filter(pk=world.enterprise_b.pk).update(is_pilot=True, level=1)
    row = kpi(world, world.city_admin, "enterprises-l2")
    assert row.actual == Decimal(1)
    assert row.progress == 0  # 1 of 500


def test_the_national_share_is_per_segment_among_above_scale(world: World) -> None:
    Enterprise.objects.filter(pk=world.enterprise_a.pk).update(above_scale=True, level=2)
    Enterprise.objects.filter(pk=world.enterprise_b.pk).update(above_scale=True, level=1)
    row = kpi(world, world.city_admin, "above-scale-l2-share")
    assert row.actual == Decimal("0.5")
    assert row.segments[0]["reached"] == 1 and row.segments[0]["total"] == 2
    assert row.segments[0]["met"] is False


def test_a_district_officer_sees_their_own_contribution(world: World) -> None:
    Enterprise.objects.filter(pk__in=[world.enterprise_a.pk, world.enterprise_b.pk]).update(
        is_pilot=True, level=3
    )
    assert kpi(world, world.officer_a, "enterprises-l2").actual == Decimal(1)
    assert kpi(world, world.city_admin, "enterprises-l2").actual == Decimal(2)


def test_targets_without_a_data_source_say_so(world: World) -> None:
    row = kpi(world, world.city_admin, "trained-people")
    assert row.actual is None and row.progress is None
    assert "暂无" in row.basis


def test_the_kpi_table_costs_the_same_queries_at_two_sizes(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        programme_kpis(world.city_admin, world.program)
    from dxpilot.core.testing import add_enterprises

    add_enterprises(world.program, 50, seed=7)
    with CaptureQueriesContext(connection) as large:
        programme_kpis(world.city_admin, world.program)
    assert len(small) == len(large)
