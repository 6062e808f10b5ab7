"""Acceptance status and subsidies in the API (/api/v1/acceptances, /api/v1/subsidies), scoped
exactly as the pages (404 out of scope); token scope `subsidies:read`. No review internals:
neither the expert's score and opinion nor the assessment scores, only the T1 level.

No `from __future__ import annotations`: ninja reads the annotations at run time.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken
from dxpilot.funding import selectors as reads
from dxpilot.funding.models import Acceptance, Subsidy
from dxpilot.funding.rules import acceptance_deadline

router = Router(tags=["acceptance and subsidies"])
MAX_PAGE_SIZE = 200
READ = ApiToken.Scope.SUBSIDIES_READ


class AcceptanceOut(Schema):
    id: int
    project_id: int
    project_title: str = Field(..., alias="project.title")
    enterprise_id: int = Field(..., alias="project.enterprise_id")
    enterprise_name: str = Field(..., alias="project.enterprise.name")
    credit_code: str = Field(..., alias="project.enterprise.credit_code")
    division_code: str = Field(..., alias="project.enterprise.division.code")
    round: int
    status: str = Field(
        ...,
        description="applied / district_checked / expert_reviewed / accepted / refused / returned",
    )
    status_label: str
    t1_level: int | None = Field(None, description="改造后现场评测（T1）等级，0–4")
    reasons: list[str] = Field(..., description="退回或不通过的理由（验收通过时为意见）")
    completed_on: date | None = Field(None, alias="project.completed_on")
    apply_deadline: date | None = Field(None, description="完工日期 + 试点方案规定的月数")
    applied_at: datetime
    district_checked_at: datetime | None
    expert_reviewed_at: datetime | None
    decided_at: datetime | None

    @staticmethod
    def resolve_status_label(a: Acceptance) -> str:
        return str(a.get_status_display())

    @staticmethod
    def resolve_t1_level(a: Acceptance) -> int | None:
        return a.post_assessment.level if a.post_assessment_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_reasons(a: Acceptance) -> list[str]:
        return list(a.decision_reasons or [])

    @staticmethod
    def resolve_apply_deadline(a: Acceptance) -> date | None:
        return acceptance_deadline(a.project)


class DisbursementOut(Schema):
    batch_id: int
    batch_name: str = Field(..., alias="batch.name")
    batch_status: str = Field(..., alias="batch.status", description="draft / approved / paid")
    stage: str
    amount: Decimal
    paid_at: datetime | None = Field(None, alias="batch.paid_at")


class SubsidyOut(Schema):
    id: int
    project_id: int
    enterprise_id: int = Field(..., alias="project.enterprise_id")
    enterprise_name: str = Field(..., alias="project.enterprise.name")
    credit_code: str = Field(..., alias="project.enterprise.credit_code")
    division_code: str = Field(..., alias="project.enterprise.division.code")
    completion_year: int
    level: int = Field(..., description="评定等级（T1）")
    eligible_investment: Decimal = Field(..., description="可计入投入（元）")
    ratio: Decimal
    cap: Decimal = Field(..., description="单企上限（元）")
    amount: Decimal = Field(..., description="奖补金额（元）")
    paid: Decimal = Field(..., description="已拨付（元）")
    status: str = Field(..., description="computed / approved / paid")
    status_label: str
    computed_at: datetime

    @staticmethod
    def resolve_status_label(s: Subsidy) -> str:
        return str(s.get_status_display())

    @staticmethod
    def resolve_paid(s: Subsidy) -> Decimal:
        return getattr(s, "paid_total", None) or Decimal(0)


class SubsidyDetailOut(SubsidyOut):
    explanation: list[str] = Field(..., description="逐条核算说明（按请求的语言）")
    disbursements: list[DisbursementOut]

    @staticmethod
    def resolve_explanation(s: Subsidy) -> list[str]:
        return s.explanation_lines

    @staticmethod
    def resolve_disbursements(s: Subsidy) -> list[Any]:
        return reads.subsidy_disbursements(s)


class Filters(Schema):
    status: str = Field("", description="状态；空为全部")
    q: str = Field("", description="企业名称或统一社会信用代码")
    page: int = 1
    page_size: int = 50


class AcceptancePage(Schema):
    count: int
    page: int
    page_size: int
    counts: dict[str, int]
    items: list[AcceptanceOut]


class SubsidyPage(Schema):
    count: int
    page: int
    page_size: int
    counts: dict[str, int]
    items: list[SubsidyOut]


def _page(rows: Any, filters: Filters, counts: dict[str, int]) -> dict[str, Any]:
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    page = Paginator(rows, size).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": size,
        "counts": counts,
        "items": list(page),
    }


@router.get(
    "/acceptances", response=AcceptancePage, summary="Acceptance applications in the caller's scope"
)
def list_acceptances(request: HttpRequest, filters: Query[Filters]) -> dict[str, Any]:
    require_scope(request, READ)
    rows = reads.acceptance_queue(request.user, filters.status, filters.q).select_related(
        "project__enterprise__division", "project__program"
    )
    return _page(rows, filters, reads.acceptance_counts(request.user))


@router.get(
    "/acceptances/{int:acceptance_id}",
    response=AcceptanceOut,
    summary="One acceptance (404 if out of scope)",
)
def get_acceptance(request: HttpRequest, acceptance_id: int) -> Acceptance:
    require_scope(request, READ)
    return reads.get_acceptance_for_user(request.user, acceptance_id)


@router.get(
    "/subsidies", response=SubsidyPage, summary="Subsidies in the caller's scope, newest first"
)
def list_subsidies(request: HttpRequest, filters: Query[Filters]) -> dict[str, Any]:
    require_scope(request, READ)
    rows = reads.subsidy_list(request.user, filters.status, filters.q)
    return _page(rows, filters, reads.subsidy_counts(request.user))


@router.get(
    "/subsidies/{int:subsidy_id}",
    response=SubsidyDetailOut,
    summary="One subsidy with its explanation and disbursements",
)
def get_subsidy(request: HttpRequest, subsidy_id: int) -> Subsidy:
    require_scope(request, READ)
    return reads.get_subsidy_for_user(request.user, subsidy_id)
