"""The peer benchmark: percentile and distribution among the same 细分行业 and size class."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from dxpilot.assessment.report import peer_benchmark
from dxpilot.assessment.tests.test_report_support import (
    answers,
    lock_onsite,
    peer,
    scenes,
    submit_self,
)
from dxpilot.testing import World


def test_percentile_and_distribution_are_hand_computable(world: World) -> None:
    # Six peers of enterprise A (auto-parts, small): totals 37.25 39.75 42.25 44.75 47.25 51.75.
    # B3.1 A/B/D/E moves 42.25 by -5/-2.5/+2.5/+5; M1.1 F adds 4.5 more.
    for sheet in (
        answers(B3_1="A"),
        answers(B3_1="B"),
        answers(),
        answers(B3_1="D"),
        answers(B3_1="E"),
        answers(B3_1="E", M1_1="F"),
    ):
        lock_onsite(world, peer(world), sheet)
    # Not peers: another segment, another size class, and one without an on-site level.
    lock_onsite(world, peer(world, segment="power-equipment"))
    lock_onsite(world, peer(world, employees=400, revenue=Decimal("30000")))  # medium
    peer(world)
    a = submit_self(world)  # 42.25
    world.enterprise_a.refresh_from_db()

    benchmark = peer_benchmark(world.enterprise_a, a.total)
    assert benchmark.peers == 6 and benchmark.enough
    # 2 below (37.25, 39.75), 1 tie (42.25), 3 above: (2 + 1/2) / 6 = 41.67% → 42.
    assert (benchmark.below, benchmark.equal, benchmark.above) == (2, 1, 3)
    assert benchmark.percentile == 42
    # Below 40 points the score rule of 二级 fails, so those two peers are at 一级.
    assert [(level, count) for level, _name, count, _pct in benchmark.levels] == [
        (0, 0),
        (1, 2),
        (2, 4),
        (3, 0),
        (4, 0),
    ]
    assert [b.count for b in benchmark.buckets] == [0, 0, 0, 2, 3, 1, 0, 0, 0, 0]
    assert [b.label for b in benchmark.buckets if b.mine] == ["40–50"]

    client = Client()
    client.force_login(world.enterprise_user)
    page = client.get(reverse("assessment:report", args=[a.pk])).content.decode()
    assert "百分位" in page and ">42<" in page
    assert "共 6 家" in page


def test_the_enterprise_itself_is_not_its_own_peer(world: World) -> None:
    for delta in ("A", "B", "C", "D"):
        lock_onsite(world, peer(world), answers(B3_1=delta))
    own = lock_onsite(world, world.enterprise_a, answers(), scenes())
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.level_total == own.total
    benchmark = peer_benchmark(world.enterprise_a, own.total)
    assert benchmark.peers == 4 and not benchmark.enough and benchmark.percentile is None


def test_a_top_score_falls_in_the_last_bucket(world: World) -> None:
    for _n in range(5):
        lock_onsite(world, peer(world))
    world.enterprise_a.refresh_from_db()
    benchmark = peer_benchmark(world.enterprise_a, Decimal("100.00"))
    assert benchmark.percentile == 100
    assert benchmark.buckets[-1].mine and benchmark.buckets[-1].label == "90–100"
