from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken, Role
from dxpilot.accounts.scope import scope_of
from dxpilot.core.http import acting_user as actor_of
from dxpilot.core.masking import mask_phone
from dxpilot.programs.selectors import current_program
from dxpilot.providers import catalogue, selectors, services
from dxpilot.providers.models import Product, Provider
from dxpilot.providers.schemas import (
    CataloguePageOut,
    ProductIn,
    ProductOut,
    ProductPage,
    ProductPublicOut,
    ProviderOut,
    ProviderPage,
    ProviderPublicOut,
)

# The public catalogue: anonymous, listed products of providers in the pool only.
catalogue_router = Router(tags=["catalogue"], auth=None)
# Providers and products in the caller's data scope (tokens: providers:read, catalogue:read,
# catalogue:write).
router = Router(tags=["providers"])
MAX_PAGE_SIZE = 100


class CatalogueQuery(Schema):
    q: str = ""
    scene: str = ""
    min_level: int | None = None
    segment: str = ""
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    deployment: str = ""
    kind: str = ""
    excellent: bool = False
    page: int = 1
    page_size: int = 20


@catalogue_router.get(
    "/products", response=CataloguePageOut, summary="Search the public catalogue (anonymous)"
)
def search_catalogue(request: HttpRequest, params: Query[CatalogueQuery]) -> dict[str, object]:
    """Chinese full-text search (jieba) with filters; each item lists the terms it matched."""
    data = params.dict()
    page_number, size = data.pop("page"), max(1, min(data.pop("page_size"), MAX_PAGE_SIZE))
    result = catalogue.search_catalogue(catalogue.Filters(**data), page_number, size)
    items = []
    for hit in result.results:
        hit.product.matched = hit.matched  # type: ignore[attr-defined]
        items.append(hit.product)
    return {
        "count": result.total,
        "page": result.page.number,
        "page_size": size,
        "terms": result.terms,
        "items": items,
    }


@catalogue_router.get(
    "/products/{int:product_id}", response=ProductPublicOut, summary="A listed product (anonymous)"
)
def get_catalogue_product(request: HttpRequest, product_id: int) -> Product:
    return selectors.get_public_product(product_id)


@catalogue_router.get(
    "/providers", response=list[ProviderPublicOut], summary="The provider directory (anonymous)"
)
def list_directory(request: HttpRequest, segment: str = "") -> list[Provider]:
    providers = selectors.directory_providers().prefetch_related("segments").order_by("name", "pk")
    program = current_program()
    if program is not None:
        providers = providers.filter(program=program)
    if segment:
        providers = providers.filter(segments__key=segment)
    return list(providers)


@catalogue_router.get(
    "/providers/{int:provider_id}",
    response=ProviderPublicOut,
    summary="A provider in the directory (anonymous)",
)
def get_directory_provider(request: HttpRequest, provider_id: int) -> Provider:
    return selectors.get_directory_provider(provider_id)


class ProviderFilters(Schema):
    q: str = ""
    status: str = ""
    kind: str = ""
    segment: str = ""
    page: int = 1
    page_size: int = 50


def _with_masked_phone(provider: Provider) -> Provider:
    masked = mask_phone(provider.contact_phone) if provider.contact_phone else ""
    provider.contact_phone_masked = masked  # type: ignore[attr-defined]
    return provider


@router.get(
    "", response=ProviderPage, summary="Providers in the caller's scope, with status and decisions"
)
def list_providers(request: HttpRequest, filters: Query[ProviderFilters]) -> dict[str, object]:
    require_scope(request, ApiToken.Scope.PROVIDERS_READ)
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    providers = selectors.search_providers(
        request.user, q=filters.q, status=filters.status, kind=filters.kind, segment=filters.segment
    ).prefetch_related("decisions")
    page = Paginator(providers, size).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": size,
        "items": [_with_masked_phone(p) for p in page],
    }


@router.get(
    "/{int:provider_id}", response=ProviderOut, summary="One provider (404 if out of scope)"
)
def get_provider(request: HttpRequest, provider_id: int) -> Provider:
    require_scope(request, ApiToken.Scope.PROVIDERS_READ)
    return _with_masked_phone(selectors.get_provider_for_user(request.user, provider_id))


class ProductFilters(Schema):
    q: str = ""
    status: str = ""
    kind: str = ""
    page: int = 1
    page_size: int = 50


@router.get(
    "/products", response=ProductPage, summary="Products in the caller's scope, every status"
)
def list_products(request: HttpRequest, filters: Query[ProductFilters]) -> dict[str, object]:
    require_scope(request, ApiToken.Scope.CATALOGUE_READ)
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    products = selectors.search_products(
        request.user, q=filters.q, status=filters.status, kind=filters.kind
    )
    page = Paginator(products.prefetch_related("segments"), size).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": size,
        "items": list(page),
    }


@router.get(
    "/products/{int:product_id}",
    response=ProductOut,
    summary="One product in scope (404 otherwise)",
)
def get_product(request: HttpRequest, product_id: int) -> Product:
    require_scope(request, ApiToken.Scope.CATALOGUE_READ)
    return selectors.get_product_for_user(request.user, product_id)


def _data(payload: ProductIn) -> services.ProductData:
    return services.ProductData(**payload.dict())


@router.post(
    "/products", response={201: ProductOut}, summary="A provider registers a product (draft)"
)
def create_product(request: HttpRequest, payload: ProductIn) -> Status[Product]:
    require_scope(request, ApiToken.Scope.CATALOGUE_WRITE)
    provider_id = scope_of(request.user).provider_id
    if scope_of(request.user).role != Role.PROVIDER or provider_id is None:
        raise PermissionDenied(_("只有服务商可以登记产品。"))
    product = services.create_product(provider_id, _data(payload), actor=actor_of(request))
    return Status(201, selectors.get_product_for_user(request.user, product.pk))


@router.put(
    "/products/{int:product_id}",
    response=ProductOut,
    summary="A provider updates its own draft or returned product",
)
def update_product(request: HttpRequest, product_id: int, payload: ProductIn) -> Product:
    require_scope(request, ApiToken.Scope.CATALOGUE_WRITE)
    product = selectors.get_product_for_user(request.user, product_id)
    services.update_product(product.pk, _data(payload), actor=actor_of(request))
    return selectors.get_product_for_user(request.user, product.pk)


@router.post(
    "/products/{int:product_id}/submit", response=ProductOut, summary="Submit a product for review"
)
def submit_product(request: HttpRequest, product_id: int) -> Product:
    require_scope(request, ApiToken.Scope.CATALOGUE_WRITE)
    product = selectors.get_product_for_user(request.user, product_id)
    services.submit_product(product.pk, actor=actor_of(request))
    return selectors.get_product_for_user(request.user, product.pk)
