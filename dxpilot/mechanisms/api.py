"""The mechanism-model library API (/api/v1/models).

Reading (scope models:read): the listed models, searched with the catalogue's tokenizer, and one
model as the caller's scope reaches it. Writing (scope models:write): a platform's API client or
a provider submits a model with an API link; it is reviewed by the city before it is listed."""

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken
from dxpilot.core.http import acting_user as actor_of
from dxpilot.mechanisms import selectors, services
from dxpilot.mechanisms.models import MechanismModel
from dxpilot.mechanisms.schemas import ModelIn, ModelOut, ModelPage
from dxpilot.programs.selectors import current_program

router = Router(tags=["models"])
MAX_PAGE_SIZE = 100


class ModelQuery(Schema):
    q: str = ""
    scene: str = ""
    segment: str = ""
    page: int = 1
    page_size: int = 50


@router.get("", response=ModelPage, summary="Listed mechanism models, searched and filtered")
def list_models(request: HttpRequest, query: Query[ModelQuery]) -> dict[str, object]:
    require_scope(request, ApiToken.Scope.MODELS_READ)
    filters = selectors.ModelFilters(
        q=query.q[:100].strip(), scene=query.scene[:20], segment=query.segment[:40]
    )
    size = max(1, min(query.page_size, MAX_PAGE_SIZE))
    result = selectors.search_models(filters, query.page, per_page=size)
    items = []
    for r in result.results:
        r.model.matched = r.matched  # type: ignore[attr-defined]
        items.append(r.model)
    return {"count": result.total, "page": result.page.number, "page_size": size,
            "terms": result.terms, "items": items}  # fmt: skip


@router.get("/{int:model_id}", response=ModelOut, summary="One model (404 if out of scope)")
def get_model(request: HttpRequest, model_id: int) -> MechanismModel:
    require_scope(request, ApiToken.Scope.MODELS_READ)
    return selectors.get_model_for_user(request.user, model_id)


@router.post("", response={201: ModelOut}, summary="A platform or provider submits a model")
def submit_model(request: HttpRequest, payload: ModelIn) -> Status[MechanismModel]:
    """Created and submitted for review in one call (nothing is kept when either is refused)."""
    require_scope(request, ApiToken.Scope.MODELS_WRITE)
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    actor = actor_of(request)
    data = services.ModelData(**payload.dict())
    with transaction.atomic():
        model = services.create_model(program, data, actor=actor)
        services.submit_model(model.pk, actor=actor)
    return Status(201, selectors.get_model_for_user(request.user, model.pk))
