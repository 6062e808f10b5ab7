"""Circulars in the API (/api/v1/circulars): list, detail and the issued files, scoped like the
pages (the city admin: all, drafts included; a district officer: the issued circulars of their
divisions). Token scope `reports:read`. Every download is audited.

No `from __future__ import annotations`: ninja reads the annotations at run time.
"""

from datetime import date, datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest
from ninja import Query, Router, Schema

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken
from dxpilot.core.http import acting_user
from dxpilot.reporting import selectors
from dxpilot.reporting.files import document_file
from dxpilot.reporting.models import Circular
from dxpilot.reporting.render import period_label

router = Router(tags=["circulars"])
MAX_PAGE_SIZE = 100


class CircularOut(Schema):
    id: int
    period: str
    period_label: str
    status: str
    number: str
    issued_on: date | None
    starts_on: date
    ends_on: date
    generated_at: datetime
    divisions: list[str]
    docx_sha256: str
    xlsx_sha256: str


class CircularDetailOut(CircularOut):
    lead: str
    content: dict[str, Any]


class CircularPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CircularOut]


class CircularFilters(Schema):
    page: int = 1
    page_size: int = 50


def _row(circular: Circular, divisions: list[str]) -> dict[str, Any]:
    return {
        "id": circular.pk,
        "period": circular.period,
        "period_label": period_label(circular),
        "status": circular.status,
        "number": circular.number,
        "issued_on": circular.issued_on,
        "starts_on": circular.starts_on,
        "ends_on": circular.ends_on,
        "generated_at": circular.generated_at,
        "divisions": divisions,
        "docx_sha256": circular.docx_sha256,
        "xlsx_sha256": circular.xlsx_sha256,
    }


@router.get("", response=CircularPage, summary="Circulars in the caller's scope, newest first")
def list_circulars(request: HttpRequest, filters: Query[CircularFilters]) -> dict[str, Any]:
    require_scope(request, ApiToken.Scope.REPORTS_READ)
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    page = Paginator(selectors.visible_circulars(request.user), size).get_page(filters.page)
    circulars = list(page)
    codes = selectors.circular_division_codes(circulars)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": size,
        "items": [_row(c, codes[c.pk]) for c in circulars],
    }


@router.get(
    "/{int:circular_id}", response=CircularDetailOut, summary="One circular (404 if out of scope)"
)
def get_circular(request: HttpRequest, circular_id: int) -> dict[str, Any]:
    require_scope(request, ApiToken.Scope.REPORTS_READ)
    circular = selectors.get_circular_for_user(request.user, circular_id)
    codes = selectors.circular_division_codes([circular])
    return {
        **_row(circular, codes[circular.pk]),
        "lead": circular.lead,
        "content": circular.content,
    }


@router.get(
    "/{int:circular_id}/files/{fmt}",
    summary="The circular's Word (docx) or Excel (xlsx) file; a draft is rendered as a preview",
)
def download_circular(request: HttpRequest, circular_id: int, fmt: str) -> FileResponse:
    require_scope(request, ApiToken.Scope.REPORTS_READ)
    circular = selectors.get_circular_for_user(request.user, circular_id)
    return document_file(circular, fmt, actor=acting_user(request))
