"""The public catalogue's reads: filtered, ranked search with explanations, and comparison.

Only listed products of providers in the pool are public. Every page costs the same number of
queries at any catalogue size: one count, one index read (when there is a query), one page of
products and its two prefetches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dxpilot.assessment.engine import load_indicator_set
from dxpilot.programs.models import Program
from dxpilot.providers.models import Product, ProductScene, ProductTerm
from dxpilot.providers.search import rank, tokenize
from dxpilot.providers.selectors import public_products

PAGE_SIZE = 20
COMPARE_LIMIT = 4
COMPARE_SESSION_KEY = "catalogue_compare"


@dataclass(frozen=True)
class Filters:
    q: str = ""
    scene: str = ""
    min_level: int | None = None
    segment: str = ""
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    deployment: str = ""
    kind: str = ""
    excellent: bool = False


@dataclass
class Result:
    product: Product
    matched: list[str] = field(default_factory=list)


@dataclass
class CataloguePage:
    results: list[Result]
    page: Page[Any]
    terms: list[str]
    total: int


def filtered_products(filters: Filters) -> QuerySet[Product]:
    products = public_products()
    if filters.scene:
        scenes = ProductScene.objects.filter(scene=filters.scene)
        if filters.min_level:
            scenes = scenes.filter(level__gte=filters.min_level)
        products = products.filter(pk__in=scenes.values("product_id"))
    if filters.segment:
        products = products.filter(segments__key=filters.segment)
    if filters.price_min is not None:
        products = products.filter(price__gte=filters.price_min)
    if filters.price_max is not None:
        products = products.filter(price__lte=filters.price_max)
    if filters.deployment:
        products = products.filter(deployment=filters.deployment)
    if filters.kind:
        products = products.filter(kind=filters.kind)
    if filters.excellent:
        products = products.filter(is_excellent=True)
    return products


def _page_products(ids: Sequence[int]) -> dict[int, Product]:
    products = (
        Product.objects.filter(pk__in=list(ids))
        .select_related("provider__kind")
        .prefetch_related("scenes", "segments")
    )
    return {p.pk: p for p in products}


def search_catalogue(
    filters: Filters, page_number: int | str | None = 1, per_page: int = PAGE_SIZE
) -> CataloguePage:
    """Listed products matching the filters; with a query, ranked by the matched terms
    (search.rank) and each result keeps the terms that made it appear."""
    products = filtered_products(filters)
    terms = tokenize(filters.q)
    if filters.q and not terms:
        terms = [filters.q.strip().lower()]
    if terms:
        total = products.count()
        rows = ProductTerm.objects.filter(
            term__in=terms, product__in=products.values("pk")
        ).values_list("product_id", "term", "weight")
        hits = rank(terms, rows, total)
        hit_page = Paginator(hits, per_page).get_page(page_number)
        by_id = _page_products([hit.product_id for hit in hit_page.object_list])
        results = [
            Result(by_id[hit.product_id], hit.matched)
            for hit in hit_page.object_list
            if hit.product_id in by_id
        ]
        return CataloguePage(results, hit_page, terms, hit_page.paginator.count)
    ordered = (
        products.select_related("provider__kind")
        .prefetch_related("scenes", "segments")
        .order_by("-is_excellent", "-listed_at", "pk")
    )
    page = Paginator(ordered, per_page).get_page(page_number)
    return CataloguePage([Result(p) for p in page.object_list], page, [], page.paginator.count)


def scene_choices(program: Program | None, edition: str = "2024") -> list[tuple[str, str]]:
    """(scene name, group name) of the programme's indicator set, in edition order."""
    indicator_set = load_indicator_set(program.assessment_edition if program else edition)
    return [(scene.name, scene.group.name) for scene in indicator_set.scenes]


# --- comparison (kept in the session, so anonymous visitors can compare too) --------------


def compared_ids(session: Any) -> list[int]:
    return [int(pk) for pk in session.get(COMPARE_SESSION_KEY, []) if str(pk).isdigit()]


def add_to_compare(session: Any, product_id: int) -> list[int]:
    """Add a public product; refuse a fifth with a clear message."""
    ids = compared_ids(session)
    if product_id in ids:
        return ids
    if len(ids) >= COMPARE_LIMIT:
        raise ValidationError(
            _("最多可同时对比 {limit} 个产品，请先移除一个再添加。").format(limit=COMPARE_LIMIT),
            code="compare_full",
        )
    if not public_products().filter(pk=product_id).exists():
        raise ValidationError(_("该产品不在产品目录中，不能对比。"), code="not_public")
    ids.append(product_id)
    session[COMPARE_SESSION_KEY] = ids
    return ids


def remove_from_compare(session: Any, product_id: int) -> list[int]:
    ids = [pk for pk in compared_ids(session) if pk != product_id]
    session[COMPARE_SESSION_KEY] = ids
    return ids


def compared_products(session: Any) -> list[Product]:
    """The products being compared, in the order they were added (delisted ones drop out)."""
    ids = compared_ids(session)
    if not ids:
        return []
    products = (
        public_products()
        .filter(pk__in=ids)
        .select_related("provider__kind")
        .prefetch_related("scenes", "segments")
    )
    by_id = {p.pk: p for p in products}
    return [by_id[pk] for pk in ids if pk in by_id]


@dataclass
class CompareTable:
    products: list[Product]
    scenes: list[tuple[str, list[int | None]]]


def compare_table(products: list[Product], program: Program | None) -> CompareTable:
    """Scenes as rows (in the indicator set's order), the level each product reaches."""
    levels = [{s.scene: s.level for s in p.scenes.all()} for p in products]
    wanted = {scene for row in levels for scene in row}
    order = [name for name, _group in scene_choices(program)]
    return CompareTable(
        products, [(name, [row.get(name) for row in levels]) for name in order if name in wanted]
    )
