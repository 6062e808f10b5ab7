"""The platforms API (/api/v1/platforms): the registry, cloud adoption and coverage.

A platform pushes its adoption records with its own token (scope cloud:write), and only for the
enterprises that authorised it; for any other credit code it gets the same 404 as for a code
that does not exist, so the answer reveals nothing."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken
from dxpilot.accounts.scope import scope_of
from dxpilot.core.http import acting_user as actor_of
from dxpilot.platforms import selectors, services
from dxpilot.platforms.models import CloudAdoption, Platform
from dxpilot.platforms.schemas import (
    AdoptionOut,
    AdoptionPage,
    AdoptionPush,
    CoverageOut,
    PlatformOut,
)
from dxpilot.programs.selectors import current_program

router = Router(tags=["platforms"])
MAX_PAGE_SIZE = 100


@router.get("", response=list[PlatformOut], summary="The platform registry (a platform: itself)")
def list_platforms(request: HttpRequest) -> list[Platform]:
    require_scope(request, ApiToken.Scope.PLATFORMS_READ)
    return list(selectors.search_platforms(request.user, current_program()))


@router.get(
    "/{int:platform_id}", response=PlatformOut, summary="One platform (404 if out of scope)"
)
def get_platform(request: HttpRequest, platform_id: int) -> Platform:
    require_scope(request, ApiToken.Scope.PLATFORMS_READ)
    return selectors.get_platform_for_user(request.user, platform_id)


class AdoptionFilters(Schema):
    credit_code: str = ""
    page: int = 1
    page_size: int = 50


@router.get("/adoptions", response=AdoptionPage, summary="Cloud adoption in the caller's scope")
def list_adoptions(request: HttpRequest, filters: Query[AdoptionFilters]) -> dict[str, object]:
    require_scope(request, ApiToken.Scope.PLATFORMS_READ)
    adoptions = selectors.visible_adoptions(request.user).order_by("enterprise__name", "pk")
    if filters.credit_code:
        adoptions = adoptions.filter(enterprise__credit_code=filters.credit_code.strip().upper())
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    page = Paginator(adoptions, size).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": size,
        "items": list(page),
    }


@router.post(
    "/adoptions",
    response={200: AdoptionOut, 201: AdoptionOut},
    summary="A platform pushes its adoption for an enterprise that authorised it",
)
def push_adoption(request: HttpRequest, payload: AdoptionPush) -> Status[CloudAdoption]:
    """201 when the platform's record for the enterprise is new, 200 when it was updated."""
    require_scope(request, ApiToken.Scope.CLOUD_WRITE)
    platform = selectors.platform_of(request.user)
    if platform is None:
        raise PermissionDenied(_("只有平台的接口客户端可以推送上云记录。"))
    enterprise = selectors.get_served_enterprise(platform, payload.credit_code)
    try:
        adoption, created = services.push_adoption(
            platform.pk, enterprise.pk, since=payload.since, scenes=payload.scenes,
            actor=actor_of(request),
        )  # fmt: skip
    except PermissionDenied:
        # The grant was revoked between the lookup and the lock: the same answer as a stranger.
        raise Http404(_("没有找到该企业，或您无权查看。")) from None
    return Status(201 if created else 200, adoption)


@router.get("/coverage", response=CoverageOut, summary="Share of pilot enterprises on the cloud")
def get_coverage(request: HttpRequest) -> dict[str, object]:
    require_scope(request, ApiToken.Scope.REPORTS_READ)
    if scope_of(request.user).role not in selectors.OFFICIALS:
        raise PermissionDenied(_("上云上平台覆盖情况仅对主管部门开放。"))
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    coverage = selectors.coverage(request.user, program)

    def row(r: selectors.CoverageRow) -> dict[str, object]:
        share = r.share
        return {
            "label": r.label,
            "total": r.total,
            "covered": r.covered,
            "share": None if share is None else float(share),
        }

    return {
        "total": row(coverage.total),
        "by_batch": [row(r) for r in coverage.by_batch],
        "by_division": [row(r) for r in coverage.by_division],
        "by_segment": [row(r) for r in coverage.by_segment],
    }
