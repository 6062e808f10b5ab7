"""The city-level level overview: distribution, by 细分行业 and 区划, the 规上二级+ target."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dxpilot.accounts.models import User
from dxpilot.assessment.report import level_overview
from dxpilot.assessment.tests.test_report_support import answers, lock_onsite, peer, scenes
from dxpilot.testing import World

URL = "/assessment/levels/"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def populate(world: World) -> None:
    """Division A: enterprise A at 二级, one 规上 auto-parts enterprise at 二级, one 规上 at 一级
    (37.25 points), one 规上 never assessed, all auto-parts. Division B: enterprise B (auto-parts)
    at 三级 (63.30 points) and a power-equipment enterprise never assessed."""
    lock_onsite(world, world.enterprise_a)
    lock_onsite(world, peer(world, above_scale=True))
    lock_onsite(world, peer(world, above_scale=True), answers(B3_1="A"))
    peer(world, above_scale=True)
    top = answers(
        B1_1=["B", "C", "D", "E"],
        B3_1="E",
        M1_1="F",
        B1_2="E",
        B1_3="E",
        B2_1=["B", "C", "D", "E", "F", "G", "H", "I", "J"],
    )
    lock_onsite(world, world.enterprise_b, top, scenes(3, 8))
    peer(world, division="340111", segment="power-equipment")


def test_level_overview_counts(world: World) -> None:
    populate(world)
    world.enterprise_b.refresh_from_db()
    assert world.enterprise_b.level == 3, world.enterprise_b.level_total
    overview = level_overview(world.city_admin, world.program)
    o = overview.overall
    assert (o.total, o.assessed, o.unassessed) == (6, 4, 2)
    assert o.levels == [0, 1, 2, 1, 0]
    assert (o.l2_plus, o.l2_share) == (3, 75)
    # 规上: 3 auto-parts enterprises, one at 二级 → 33%, against the 90% target.
    assert (o.above, o.above_assessed, o.above_l2, o.above_share) == (3, 2, 1, 33)
    assert o.meets_target is False
    assert overview.target_pct == 90
    auto = next(r for r in overview.by_segment if r.label == "汽车零部件及配件制造")
    assert (auto.total, auto.assessed, auto.levels, auto.above_share) == (5, 4, [0, 1, 2, 1, 0], 33)
    power = next(r for r in overview.by_segment if r.label == "输配电及控制设备制造")
    assert (power.total, power.assessed, power.above_share, power.meets_target) == (
        1,
        0,
        None,
        None,
    )
    by_division = {r.label: r for r in overview.by_division}
    assert sum(r.total for r in by_division.values()) == 6
    assert [r.levels for r in by_division.values() if r.total == 4] == [[0, 1, 2, 0, 0]]
    assert overview.charts["segments"]["series"][2]["name"] == "二级"


def test_district_officer_sees_only_their_divisions(world: World) -> None:
    populate(world)
    o = level_overview(world.officer_b, world.program).overall
    assert (o.total, o.assessed, o.levels) == (2, 1, [0, 0, 0, 1, 0])
    page = client_for(world.officer_b).get(URL).content.decode()
    assert "数字化水平等级分布" in page and 'id="levels-charts"' in page


def test_levels_page_is_for_officials_only(world: World) -> None:
    assert client_for(world.city_admin).get(URL).status_code == 200
    for user in (world.finance, world.enterprise_user, world.assessor, world.provider_user):
        assert client_for(user).get(URL).status_code == 403
    assert Client().get(URL).status_code == 302  # to the login page


def test_levels_page_shows_the_numbers_in_constant_queries(world: World) -> None:
    client = client_for(world.city_admin)
    with CaptureQueriesContext(connection) as empty:
        assert client.get(URL).status_code == 200
    populate(world)
    with CaptureQueriesContext(connection) as full:
        page = client.get(URL).content.decode()
    assert len(full) == len(empty)
    assert "75%" in page and "33%" in page and "未达标" in page
