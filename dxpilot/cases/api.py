"""The typical-cases API (/api/v1/cases): read-only, in the caller's data scope (token scope
cases:read). Writes go through the officials' pages (draft, review, publication)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken
from dxpilot.cases import selectors
from dxpilot.cases.models import Case
from dxpilot.cases.schemas import CaseOut, CasePage

router = Router(tags=["cases"])
MAX_PAGE_SIZE = 100


class CaseFilters(Schema):
    kind: str = ""
    status: str = ""
    q: str = ""
    page: int = 1
    page_size: int = 50


def _row(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "kind": case.kind,
        "kind_label": case.get_kind_display(),
        "status": case.status,
        "title": case.title,
        "summary": case.summary,
        "body": case.body,
        "enterprise_id": case.enterprise_id,
        "enterprise_name": case.enterprise.name,
        "project_id": case.project_id,
        "provider_ids": sorted(p.pk for p in case.providers.all()),
        "product_ids": sorted(p.pk for p in case.products.all()),
        "figures": case.figures or {},
        "submitted_at": case.submitted_at,
        "published_at": case.published_at,
        "withdrawn_at": case.withdrawn_at,
    }


@router.get("", response=CasePage, summary="Typical cases in the caller's scope")
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    require_scope(request, ApiToken.Scope.CASES_READ)
    cases = selectors.search_cases(
        request.user, kind=filters.kind, status=filters.status, q=filters.q
    ).prefetch_related("providers", "products")
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    page = Paginator(cases, size).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": size,
        "items": [_row(case) for case in page],
    }


@router.get("/{int:case_id}", response=CaseOut, summary="One case (404 if out of scope)")
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    require_scope(request, ApiToken.Scope.CASES_READ)
    return _row(selectors.get_case_for_user(request.user, case_id))
