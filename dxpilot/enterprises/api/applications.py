"""Applications (申报) in the API: list and detail, scoped exactly as the pages (404 out of scope).

No `from __future__ import annotations`: ninja reads the annotations at run time.
"""

from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken
from dxpilot.enterprises import selectors
from dxpilot.enterprises.eligibility import render_snapshot
from dxpilot.enterprises.models import Application
from dxpilot.enterprises.selectors import get_enterprise_for_user

router = Router(tags=["applications"])
MAX_PAGE_SIZE = 200
READ = ApiToken.Scope.APPLICATIONS_READ


class CriterionOut(Schema):
    key: str = Field(..., description="industry / size / location / not_funded / above_scale")
    title: str
    status: str = Field(
        ..., description="met（符合）/ not_met（不符合）/ review（需核实）/ info（供参考）"
    )
    explanation: str


class EligibilityOut(Schema):
    verdict: str = Field(..., description="met / not_met / review")
    summary: str
    criteria: list[CriterionOut]


class ApplicationOut(Schema):
    id: int
    batch_id: int
    batch_name: str = Field(..., alias="batch.name")
    enterprise_id: int
    enterprise_name: str = Field(..., alias="enterprise.name")
    credit_code: str = Field(..., alias="enterprise.credit_code")
    division_code: str = Field(..., alias="enterprise.division.code")
    division_name: str = Field(..., alias="enterprise.division.name")
    zone_code: str | None = Field(None, alias="enterprise.zone.code")
    status: str = Field(
        ...,
        description="draft / submitted / resubmitted / district_passed / returned / admitted / rejected / withdrawn",
    )
    status_label: str
    version: int = Field(..., description="每次状态变化加一")
    return_count: int
    reasons: list[str] = Field(..., description="最近一次退回或不通过的原因")
    previously_funded: bool | None
    submitted_at: datetime | None
    district_passed_at: datetime | None
    decided_at: datetime | None
    admitted_at: datetime | None
    withdrawn_at: datetime | None
    replaces_id: int | None = Field(None, description="递补的（入库后撤回的）申报")
    created_at: datetime

    @staticmethod
    def resolve_status_label(application: Application) -> str:
        return application.get_status_display()


class AttachmentOut(Schema):
    id: int
    kind: str = Field(..., description="declaration / financials / plan / other")
    kind_label: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    is_current: bool
    uploaded_at: datetime

    @staticmethod
    def resolve_kind_label(attachment: Any) -> str:
        return str(attachment.get_kind_display())


class EventOut(Schema):
    action: str
    action_label: str
    from_status: str
    to_status: str
    actor: str
    actor_role: str
    reasons: list[str]
    comment: str
    at: datetime

    @staticmethod
    def resolve_action_label(event: Any) -> str:
        return str(event.get_action_display())

    @staticmethod
    def resolve_actor(event: Any) -> str:
        return str(event.actor) if event.actor_id else ""


class ApplicationDetailOut(ApplicationOut):
    needs_summary: str
    funding_note: str
    eligibility: EligibilityOut = Field(..., description="按当前企业信息和申报声明实时核验")
    eligibility_at_submission: EligibilityOut | None = Field(
        None, description="最近一次提交时的核验结果（按请求的语言）"
    )
    attachments: list[AttachmentOut]
    events: list[EventOut] = Field(..., description="状态变化记录（办理时间线）")

    @staticmethod
    def resolve_eligibility(application: Application) -> dict[str, Any]:
        return selectors.application_eligibility(application).to_words()

    @staticmethod
    def resolve_eligibility_at_submission(application: Application) -> dict[str, Any] | None:
        return render_snapshot(application.eligibility)

    @staticmethod
    def resolve_attachments(application: Application) -> list[Any]:
        return list(application.attachments.order_by("kind", "uploaded_at", "pk"))

    @staticmethod
    def resolve_events(application: Application) -> list[Any]:
        return selectors.application_timeline(application)


class ApplicationPage(Schema):
    count: int
    page: int
    page_size: int
    counts: dict[str, int] = Field(..., description="其他筛选条件下各状态的数量（total 为合计）")
    items: list[ApplicationOut]


class ApplicationFilters(Schema):
    batch: str = Field("", description="批次 id")
    status: str = Field("", description="状态；todo 为待本角色处理；空为全部")
    division: str = Field("", description="行政区划或开发区 id")
    q: str = Field("", description="企业名称或统一社会信用代码")
    page: int = 1
    page_size: int = 50


@router.get(
    "",
    response=ApplicationPage,
    summary="Applications in the caller's scope, oldest submission first",
)
def list_applications(request: HttpRequest, filters: Query[ApplicationFilters]) -> dict[str, Any]:
    require_scope(request, READ)
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    f = selectors.QueueFilters(
        batch=filters.batch, status=filters.status, division=filters.division, q=filters.q
    )
    page = Paginator(selectors.application_queue(request.user, f), size).get_page(filters.page)
    counts = selectors.status_counts(request.user, f)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": size,
        "counts": counts,
        "items": list(page),
    }


@router.get(
    "/{int:application_id}",
    response=ApplicationDetailOut,
    summary="One application with its eligibility, files and timeline (404 if out of scope)",
)
def get_application(request: HttpRequest, application_id: int) -> Application:
    require_scope(request, READ)
    return selectors.get_application_for_user(request.user, application_id)


@router.get(
    "/eligibility/{int:enterprise_id}",
    response=EligibilityOut,
    summary="An enterprise's eligibility, criterion by criterion (404 if out of scope)",
)
def get_eligibility(request: HttpRequest, enterprise_id: int) -> dict[str, Any]:
    require_scope(request, READ)
    enterprise = get_enterprise_for_user(request.user, enterprise_id)
    applications = selectors.enterprise_applications(request.user, enterprise)
    return selectors.declared_eligibility(enterprise, applications).to_words()
