"""Model library reads and their data scope.

- `public_models()`: listed models, for everyone (visitors included).
- `visible_models(user)`: the city admin sees every model; a provider or a platform's API client
  its own in any state and the listed ones; everyone else the listed ones.
- `search_models(filters, page)`: listed models, ranked with the catalogue's search
  (providers.search.tokenize / rank); constant queries per page.
- `models_for_scenes(scenes)`: the listed models serving any of these scenes (the panel shown
  next to products of the same scene).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.mechanisms.models import MechanismModel, ModelScene, ModelStatus, ModelTerm
from dxpilot.platforms.models import Platform
from dxpilot.providers.models import Provider
from dxpilot.providers.search import rank, tokenize

PAGE_SIZE = 20
PANEL_LIMIT = 6
REVIEWERS = frozenset({Role.CITY_ADMIN})


def _loaded(models: QuerySet[MechanismModel]) -> QuerySet[MechanismModel]:
    return models.select_related("provider", "platform").prefetch_related("scenes", "segments")


def public_models() -> QuerySet[MechanismModel]:
    """Listed models; a provider's only while the provider is in the pool and not suspended
    (as its products, providers.selectors.public_products)."""
    return MechanismModel.objects.filter(status=ModelStatus.LISTED).filter(
        Q(provider__isnull=True) | Q(provider__status=Provider.Status.APPROVED)
    )


def owner_of(user: Any) -> tuple[int | None, int | None]:
    """(provider id, platform id) of the account that submits models (None, None otherwise)."""
    scope = scope_of(user)
    if scope.role == Role.PROVIDER and scope.provider_id is not None:
        return scope.provider_id, None
    if scope.role == Role.API_CLIENT:
        platform = Platform.objects.filter(client_id=scope.user_id).values_list("pk", flat=True)
        return None, platform.first()
    return None, None


def own_models(user: Any) -> QuerySet[MechanismModel]:
    provider_id, platform_id = owner_of(user)
    if provider_id is not None:
        return MechanismModel.objects.filter(provider_id=provider_id)
    if platform_id is not None:
        return MechanismModel.objects.filter(platform_id=platform_id)
    return MechanismModel.objects.none()


def visible_models(user: Any) -> QuerySet[MechanismModel]:
    if scope_of(user).role in REVIEWERS:
        return MechanismModel.objects.all()
    provider_id, platform_id = owner_of(user)
    listed = Q(pk__in=public_models().values("pk"))
    if provider_id is not None:
        return MechanismModel.objects.filter(listed | Q(provider_id=provider_id))
    if platform_id is not None:
        return MechanismModel.objects.filter(listed | Q(platform_id=platform_id))
    return public_models()


def get_model_for_user(user: Any, pk: int) -> MechanismModel:
    try:
        return _loaded(visible_models(user)).prefetch_related("files").get(pk=pk)
    except (MechanismModel.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该机理模型，或您无权查看。")) from None


def can_edit(user: Any, model: MechanismModel) -> bool:
    provider_id, platform_id = owner_of(user)
    owned = (provider_id is not None and model.provider_id == provider_id) or (
        platform_id is not None and model.platform_id == platform_id
    )
    return owned and model.is_editable


def managed_models(user: Any) -> QuerySet[MechanismModel]:
    """The management list: the city admin every model (those awaiting review first), a
    submitter its own."""
    models = MechanismModel.objects.all() if scope_of(user).role in REVIEWERS else own_models(user)
    return _loaded(models).order_by("status", "-updated_at", "pk")


# --- search ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelFilters:
    q: str = ""
    scene: str = ""
    segment: str = ""  # a segment key


@dataclass
class ModelResult:
    model: MechanismModel
    matched: list[str] = field(default_factory=list)


@dataclass
class ModelPage:
    results: list[ModelResult]
    page: Page[Any]
    terms: list[str]
    total: int


def filtered_models(filters: ModelFilters) -> QuerySet[MechanismModel]:
    models = public_models()
    if filters.scene:
        models = models.filter(
            pk__in=ModelScene.objects.filter(scene=filters.scene).values("model_id")
        )
    if filters.segment:
        models = models.filter(segments__key=filters.segment)
    return models


def search_models(
    filters: ModelFilters, page_number: int | str | None = 1, per_page: int = PAGE_SIZE
) -> ModelPage:
    """Listed models matching the filters; with a query, ranked by the matched terms (the
    catalogue's rank) and each result keeps the terms that made it appear."""
    models = filtered_models(filters)
    terms = tokenize(filters.q)
    if filters.q and not terms:
        terms = [filters.q.strip().lower()]
    if terms:
        total = models.count()
        rows = ModelTerm.objects.filter(term__in=terms, model__in=models.values("pk")).values_list(
            "model_id", "term", "weight"
        )
        hits = rank(terms, rows, total)
        hit_page = Paginator(hits, per_page).get_page(page_number)
        ids = [hit.product_id for hit in hit_page.object_list]
        by_id = {m.pk: m for m in _loaded(MechanismModel.objects.filter(pk__in=ids))}
        results = [ModelResult(by_id[h.product_id], h.matched) for h in hit_page.object_list
                   if h.product_id in by_id]  # fmt: skip
        return ModelPage(results, hit_page, terms, hit_page.paginator.count)
    ordered = _loaded(models).order_by("-usage_count", "name", "pk")
    page = Paginator(ordered, per_page).get_page(page_number)
    return ModelPage([ModelResult(m) for m in page.object_list], page, [], page.paginator.count)


def models_for_scenes(scenes: Sequence[str], limit: int = PANEL_LIMIT) -> list[MechanismModel]:
    """Listed models serving any of `scenes`, most used first (two queries whatever the size)."""
    wanted = list(dict.fromkeys(s for s in scenes if s))
    if not wanted:
        return []
    ids = ModelScene.objects.filter(scene__in=wanted).values("model_id")
    models = (
        public_models()
        .filter(pk__in=ids)
        .select_related("provider", "platform")
        .prefetch_related("scenes")
        .order_by("-usage_count", "name", "pk")[:limit]
    )
    return list(models)
