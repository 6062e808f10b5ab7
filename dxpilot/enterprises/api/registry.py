from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken
from dxpilot.core.http import acting_user
from dxpilot.core.masking import mask_phone
from dxpilot.enterprises import selectors, services
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.schemas import EnterpriseIn, EnterpriseOut, EnterprisePage
from dxpilot.enterprises.services import EnterpriseData
from dxpilot.programs.selectors import current_program

router = Router(tags=["enterprises"])
MAX_PAGE_SIZE = 200


class ListFilters(Schema):
    q: str = ""
    division: str = ""
    segment: str = ""
    pilot: str = ""
    page: int = 1
    page_size: int = 50


def _out(enterprise: Enterprise) -> Enterprise:
    masked = mask_phone(enterprise.contact_phone) if enterprise.contact_phone else ""
    enterprise.contact_phone_masked = masked  # type: ignore[attr-defined]
    return enterprise


@router.get("", response=EnterprisePage, summary="Enterprises in the caller's scope")
def list_enterprises(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, object]:
    require_scope(request, ApiToken.Scope.ENTERPRISES_READ)
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    enterprises = selectors.search_enterprises(
        request.user,
        q=filters.q,
        division=filters.division,
        segment=filters.segment,
        pilot=filters.pilot,
    )
    page = Paginator(enterprises, size).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": size,
        "items": [_out(e) for e in page],
    }


@router.get(
    "/{int:enterprise_id}", response=EnterpriseOut, summary="One enterprise (404 if out of scope)"
)
def get_enterprise(request: HttpRequest, enterprise_id: int) -> Enterprise:
    require_scope(request, ApiToken.Scope.ENTERPRISES_READ)
    return _out(selectors.get_enterprise_for_user(request.user, enterprise_id))


@router.post("", response={201: EnterpriseOut}, summary="Register an enterprise")
def create_enterprise(request: HttpRequest, payload: EnterpriseIn) -> Status[Any]:
    require_scope(request, ApiToken.Scope.ENTERPRISES_WRITE)
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    enterprise = services.register_enterprise(
        program, EnterpriseData(**payload.dict()), actor=acting_user(request)
    )
    return Status(201, _out(selectors.get_enterprise_for_user(request.user, enterprise.pk)))


@router.put(
    "/by-credit-code/{credit_code}",
    response={200: EnterpriseOut, 201: EnterpriseOut},
    summary="Idempotent upsert keyed by credit code",
)
def upsert_enterprise(request: HttpRequest, credit_code: str, payload: EnterpriseIn) -> Status[Any]:
    require_scope(request, ApiToken.Scope.ENTERPRISES_WRITE)
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    data = EnterpriseData(**{**payload.dict(), "credit_code": credit_code})
    enterprise, created = services.upsert_enterprise(program, data, actor=acting_user(request))
    return Status(
        201 if created else 200,
        _out(selectors.get_enterprise_for_user(request.user, enterprise.pk)),
    )
