"""Programme KPIs are computed from data, per target metric, within the user's scope."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dxpilot.dashboard.kpis import programme_kpis
from dxpilot.enterprises.models import Enterprise
from dxpilot.funding.tests.cases import lock_assessment
from dxpilot.testing import World

T0, T1, T2 = "onsite_before", "onsite_after", "followup"


def kpi(world: World, user: object, key: str):  # type: ignore[no-untyped-def]
    return next(k for k in programme_kpis(user, world.program) if k.target.key == key)


def assessed(world: World, enterprise: Enterprise, *levels: tuple[str, int]) -> None:
    """Locked on-site assessments of the enterprise, in order (kind, level)."""
    for n, (kind, level) in enumerate(levels):
        lock_assessment(world, enterprise, level, kind, date(2025, 3, 1) + timedelta(days=n))


def test_pilots_at_level_two_count_the_latest_level_after_transformation(world: World) -> None:
    """Hefei plan §三.4 "确保改造后…达到二级及以上": a T0 baseline at 二级 does not count, a T1 does;
    a later T2 at 一级 takes the enterprise out again (the latest after transformation)."""
    Enterprise.objects.filter(pk__in=[world.enterprise_a.pk, world.enterprise_b.pk]).update(
        is_pilot=True
    )
    assessed(world, world.enterprise_a, (T0, 2))
    assessed(world, world.enterprise_b, (T0, 1), (T1, 2))
    row = kpi(world, world.city_admin, "enterprises-l2")
    assert row.actual == Decimal(1)  # b only: a's 二级 is its baseline
    assert row.progress == 0  # 1 of 500
    assessed(world, world.enterprise_b, (T2, 1))
    assert kpi(world, world.city_admin, "enterprises-l2").actual == Decimal(0)


def test_the_national_share_is_per_segment_among_above_scale(world: World) -> None:
    Enterprise.objects.filter(pk__in=[world.enterprise_a.pk, world.enterprise_b.pk]).update(
        above_scale=True
    )
    assessed(world, world.enterprise_a, (T0, 1), (T1, 2))
    assessed(world, world.enterprise_b, (T0, 2), (T1, 1))
    row = kpi(world, world.city_admin, "above-scale-l2-share")
    assert row.actual == Decimal("0.5")
    assert row.segments[0]["reached"] == 1 and row.segments[0]["total"] == 2
    assert row.segments[0]["met"] is False


def test_a_district_officer_sees_their_own_contribution(world: World) -> None:
    Enterprise.objects.filter(pk__in=[world.enterprise_a.pk, world.enterprise_b.pk]).update(
        is_pilot=True
    )
    assessed(world, world.enterprise_a, (T1, 2))
    assessed(world, world.enterprise_b, (T1, 2))
    assert kpi(world, world.officer_a, "enterprises-l2").actual == Decimal(1)
    assert kpi(world, world.city_admin, "enterprises-l2").actual == Decimal(2)


def test_targets_without_a_data_source_say_so(world: World) -> None:
    row = kpi(world, world.city_admin, "chain-cases")
    assert row.actual is None and row.progress is None
    assert "暂无" in row.basis


def test_the_kpi_table_costs_the_same_queries_at_two_sizes(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        programme_kpis(world.city_admin, world.program)
    from dxpilot.testing import add_enterprises

    add_enterprises(world.program, 50, seed=7)
    with CaptureQueriesContext(connection) as large:
        programme_kpis(world.city_admin, world.program)
    assert len(small) == len(large)


def test_listed_products_count_as_the_public_catalogue_shows_them(world: World) -> None:
    """A suspended provider's products leave the catalogue, so they leave the KPI too."""
    from dxpilot.providers import services
    from dxpilot.providers.selectors import public_products
    from dxpilot.providers.tests.factories import approved_provider, listed_product, open_windows

    open_windows(world)
    provider, user = approved_provider(world)
    listed_product(world, user)
    before = kpi(world, world.city_admin, "products").actual
    assert before == public_products().count() and before and before >= 1
    services.suspend_provider(provider.pk, actor=world.city_admin, reasons="未按合同实施。")
    after = kpi(world, world.city_admin, "products").actual
    assert after == public_products().count() == before - 1
