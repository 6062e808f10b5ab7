"""The demo catalogue: 120+ products over all 16 scenes, consistent states, a second run adds nothing."""

from __future__ import annotations

import random

import pytest

from dxpilot.assessment.engine import load_indicator_set
from dxpilot.demo.world import SCALES, World, create_providers, create_users
from dxpilot.providers.catalogue import Filters, search_catalogue
from dxpilot.providers.demo import create_catalogue
from dxpilot.providers.models import Product, ProductScene, Provider, ProviderDecision
from dxpilot.providers.selectors import public_products, quota_table
from dxpilot.testing import load_hefei

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> World:
    world = World(program=load_hefei(), scale=SCALES["small"], rng=random.Random(2024))
    create_providers(world)
    create_users(world)
    create_catalogue(world)
    return world


def test_the_demo_catalogue_covers_every_scene_in_every_state(demo: World) -> None:
    assert Product.objects.count() >= 120
    scenes = {s.name for s in load_indicator_set("2024").scenes}
    assert (
        set(
            ProductScene.objects.filter(product__in=public_products()).values_list(
                "scene", flat=True
            )
        )
        == scenes
    )
    assert set(Product.objects.values_list("status", flat=True)) == set(Product.Status.values)
    assert Product.objects.filter(is_excellent=True, status=Product.Status.LISTED).count() == 16
    for product in Product.objects.exclude(status=Product.Status.DRAFT).prefetch_related(
        "decisions"
    )[:40]:
        latest = max(product.decisions.all(), key=lambda d: (d.at, d.pk))
        assert latest.to_status == product.status or latest.kind == "excellent"
    assert search_catalogue(Filters(q="设备联网")).total > 0


def test_the_demo_respects_the_quota_and_records_decisions(demo: World) -> None:
    for row in quota_table(demo.program):
        for cell in row.cells:
            assert cell.quota is None or cell.in_pool <= cell.quota
    assert ProviderDecision.objects.filter(kind="appeal", answers__isnull=True).count() == 1
    assert Provider.objects.filter(status=Provider.Status.SUSPENDED).count() == 1
    approved = Provider.objects.filter(status__in=Provider.IN_POOL)
    assert not approved.filter(approved_at__isnull=True).exists()


def test_a_second_run_adds_nothing(demo: World) -> None:
    counts = (
        Product.objects.count(),
        ProviderDecision.objects.count(),
        ProductScene.objects.count(),
    )
    create_catalogue(demo)
    assert (
        Product.objects.count(),
        ProviderDecision.objects.count(),
        ProductScene.objects.count(),
    ) == counts
