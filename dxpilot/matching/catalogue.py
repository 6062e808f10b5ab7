"""The catalogue an enterprise chooses from: listed products of approved providers that serve its
细分行业 (a product naming no segment serves every one). Two queries whatever the catalogue size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from dxpilot.enterprises.models import Enterprise
from dxpilot.providers.models import PriceUnit, Product, ProductScene, Provider


@dataclass(frozen=True)
class CatalogueProduct:
    id: int
    name: str
    provider_id: int
    provider_name: str
    kind: str
    price: Decimal
    is_excellent: bool
    lifts: dict[str, int] = field(default_factory=dict)
    price_unit: str = ""  # PriceUnit: the price is 元 per set, year, user-year …

    @property
    def price_unit_label(self) -> str:
        return str(PriceUnit(self.price_unit).label) if self.price_unit in PriceUnit.values else ""

    @property
    def cents(self) -> int:
        return int((self.price * 100).to_integral_value())


def listed_products(enterprise: Enterprise) -> QuerySet[Product]:
    """Listed products of approved providers in the enterprise's programme and segment."""
    products = Product.objects.filter(
        status=Product.Status.LISTED,
        provider__status=Provider.Status.APPROVED,
        provider__program_id=enterprise.program_id,
    )
    if enterprise.segment_id is not None:
        products = products.filter(Q(segments=enterprise.segment_id) | Q(segments__isnull=True))
    return products


def catalogue_for(
    enterprise: Enterprise, *, only: Iterable[int] | None = None
) -> list[CatalogueProduct]:
    """The products (cheapest first) with the level each lifts each scene to. `only` restricts
    to given product ids (still within the catalogue)."""
    products = listed_products(enterprise)
    if only is not None:
        products = products.filter(pk__in=list(only))
    rows = (
        products.order_by("price", "pk")
        .values_list(
            "pk",
            "name",
            "provider_id",
            "provider__name",
            "kind",
            "price",
            "is_excellent",
            "price_unit",
        )
        .distinct()
    )
    lifts: dict[int, dict[str, int]] = defaultdict(dict)
    scenes = ProductScene.objects.filter(product__in=products.values("pk")).values_list(
        "product_id", "scene", "level"
    )
    for product_id, scene, level in scenes:
        lifts[product_id][scene] = level
    return [
        CatalogueProduct(
            pk, name, provider_id, provider_name, kind, price, excellent, lifts[pk], unit
        )
        for pk, name, provider_id, provider_name, kind, price, excellent, unit in rows
    ]
