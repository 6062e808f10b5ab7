"""The national reporting API (/api/v1/national): submissions and their records, for the
national platform's client (a token with the ``national:read`` scope) and the city admin.

A token without the scope, and any other role, is refused (403). Records are paged."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken
from dxpilot.audit.models import AuditEntry
from dxpilot.audit.services import record
from dxpilot.national import selectors
from dxpilot.national.models import Change, Decision, Submission
from dxpilot.programs.selectors import current_program

router = Router(tags=["national"])
MAX_PAGE_SIZE = 500


class SubmissionOut(Schema):
    number: int
    created_at: datetime
    previous: int | None
    mapping_version: str
    key: str
    records: int
    added: int
    changed: int
    unchanged: int
    resubmitted: int
    withdrawn: int
    digest: str


class SubmissionPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[SubmissionOut]


class RecordOut(Schema):
    key: str
    change: str
    payload: dict[str, Any]
    payload_hash: str
    changes: list[dict[str, Any]]
    decision: str
    reason: str
    decided_at: datetime | None


class RecordPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RecordOut]


class PageFilters(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(100, ge=1, le=MAX_PAGE_SIZE)


class RecordFilters(PageFilters):
    change: Change | None = None
    decision: Decision | None = None


def _require_reader(request: HttpRequest) -> None:
    require_scope(request, ApiToken.Scope.NATIONAL_READ)
    if not selectors.may_read(request.user):
        raise PermissionDenied(_("国家平台报送仅对市级管理员和国家平台接口客户端开放。"))


def _out(s: Submission) -> dict[str, Any]:
    return {
        "number": s.number,
        "created_at": s.created_at,
        "previous": s.previous.number if s.previous else None,
        "mapping_version": s.mapping_version,
        "key": str(s.mapping.get("key", "")),
        "records": s.records_count,
        "added": s.added_count,
        "changed": s.changed_count,
        "unchanged": s.unchanged_count,
        "resubmitted": s.resubmitted_count,
        "withdrawn": s.withdrawn_count,
        "digest": s.digest,
    }


@router.get("/submissions", response=SubmissionPage, summary="Submissions, newest first")
def list_submissions(request: HttpRequest, filters: Query[PageFilters]) -> dict[str, Any]:
    _require_reader(request)
    submissions = selectors.visible_submissions(request.user, current_program()).order_by("-number")
    page = Paginator(submissions, filters.page_size).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": filters.page_size,
        "items": [_out(s) for s in page],
    }


@router.get("/submissions/{int:number}", response=SubmissionOut, summary="One submission")
def get_submission(request: HttpRequest, number: int) -> dict[str, Any]:
    _require_reader(request)
    return _out(selectors.get_submission_by_number(request.user, current_program(), number))


@router.get(
    "/submissions/{int:number}/records",
    response=RecordPage,
    summary="A submission's records (filter by change or decision), in key order",
)
def list_records(
    request: HttpRequest, number: int, filters: Query[RecordFilters]
) -> dict[str, Any]:
    _require_reader(request)
    submission = selectors.get_submission_by_number(request.user, current_program(), number)
    records = selectors.submission_records(
        submission,
        changes=(filters.change.value,) if filters.change else (),
        decision=filters.decision.value if filters.decision else "",
    )
    page = Paginator(records, filters.page_size).get_page(filters.page)
    items = list(page)
    # The records leave the platform here: audited like a file download.
    record(
        actor=request.user if request.user.is_authenticated else None,
        action="national.api_records",
        kind=AuditEntry.Kind.EXPORT,
        target=submission,
        changes={"number": submission.number, "page": page.number, "records": len(items)},
    )
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": filters.page_size,
        "items": items,
    }
