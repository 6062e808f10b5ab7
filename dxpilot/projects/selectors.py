"""Project reads and their data scope (the same for pages, exports and the API): the scope
functions first, then what each delivery page shows (project, plan, contract, archive) in a fixed
number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.projects.checklist import checklist_for, evidence_counts, stages
from dxpilot.projects.models import (
    Contract,
    Evidence,
    InvestmentLine,
    Milestone,
    Plan,
    ProjectStatus,
    TransformationProject,
)
from dxpilot.projects.rules import categories


def visible_projects(user: Any) -> QuerySet[TransformationProject]:
    """City admin and finance office: all; district officer: their divisions' enterprises;
    enterprise: its own; provider: projects it holds a filed contract for; assessor: projects
    whose acceptance review is assigned to them."""
    scope = scope_of(user)
    projects = TransformationProject.objects.select_related("enterprise", "enterprise__division")
    if scope.programme_wide:
        return projects
    if scope.role == Role.DISTRICT_OFFICER:
        return projects.filter(
            Q(enterprise__division__in=scope.division_ids)
            | Q(enterprise__zone__in=scope.division_ids)
        )
    if scope.role == Role.ENTERPRISE and scope.enterprise_id is not None:
        return projects.filter(enterprise_id=scope.enterprise_id)
    if scope.role == Role.PROVIDER and scope.provider_id is not None:
        contracted = Contract.objects.filter(provider_id=scope.provider_id).values("project_id")
        return projects.filter(pk__in=contracted)
    if scope.role == Role.ASSESSOR:
        return projects.filter(acceptances__expert_id=scope.user_id).distinct()
    return projects.none()


def get_project_for_user(user: Any, pk: int) -> TransformationProject:
    """404 whether the project is missing or out of scope."""
    try:
        return visible_projects(user).select_related("program", "enterprise__segment").get(pk=pk)
    except (TransformationProject.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该项目，或您无权查看。")) from None


def visible_evidence(user: Any) -> QuerySet[Evidence]:
    return Evidence.objects.filter(project__in=visible_projects(user))


def search_projects(user: Any, *, status: str = "", q: str = "") -> QuerySet[TransformationProject]:
    projects = visible_projects(user).select_related("enterprise__division")
    if status in ProjectStatus.values:
        projects = projects.filter(status=status)
    if q:
        projects = projects.filter(Q(title__icontains=q) | Q(enterprise__name__icontains=q))
    return projects.order_by("-created_at", "-pk")


def status_counts(user: Any) -> dict[str, int]:
    rows = visible_projects(user).order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def current_plan(project: TransformationProject) -> Plan | None:
    return (
        Plan.objects.filter(project=project, is_current=True)
        .select_related("chosen_by")
        .prefetch_related("items__product__provider")
        .first()
    )


@dataclass(frozen=True)
class InvestmentTotals:
    total: Decimal
    eligible: Decimal
    excluded: Decimal
    paid: Decimal


def investment_totals(project: TransformationProject) -> InvestmentTotals:
    row = InvestmentLine.objects.filter(project=project).aggregate(
        total=Sum("amount"),
        eligible=Sum("amount", filter=Q(eligible=True)),
        paid=Sum("paid_amount"),
    )
    total, eligible = row["total"] or Decimal(0), row["eligible"] or Decimal(0)
    return InvestmentTotals(total, eligible, total - eligible, row["paid"] or Decimal(0))


def project_contracts(project: TransformationProject) -> list[Contract]:
    """Every filing, current ones first; a superseded filing stays visible."""
    return list(
        Contract.objects.filter(project=project)
        .select_related("provider", "filed_by", "supersedes")
        .annotate(invoiced=Sum("investments__amount"))
        .order_by("status", "-filed_at", "-pk")
    )


def project_archive(project: TransformationProject) -> list[Evidence]:
    return list(
        Evidence.objects.filter(project=project)
        .select_related("uploaded_by", "milestone", "supersedes")
        .order_by("kind", "-uploaded_at", "-pk")
    )


STAGE_LABELS = {
    "contract": gettext_lazy("合同备案"),
    "completion": gettext_lazy("完工"),
    "acceptance": gettext_lazy("验收申请"),
}


def checklist_rows(project: TransformationProject) -> list[dict[str, Any]]:
    """The checklist of every stage the programme file names, from one aggregate query."""
    counts = evidence_counts(project)
    rows = []
    for stage in stages(project):
        items = checklist_for(project, stage, counts)
        missing = sum(1 for item in items if item.missing)
        rows.append(
            {
                "stage": stage,
                "label": STAGE_LABELS.get(stage, stage),
                "items": items,
                "missing": missing,
            }
        )
    return rows


def project_page(user: Any, project: TransformationProject) -> dict[str, Any]:
    """The project page's data: plan, contracts, investments with eligible totals, milestones,
    archive with the checklist of each stage (a constant 9 queries)."""
    names = {c["key"]: c["name"] for c in categories(project.program).values()}
    investments = list(
        InvestmentLine.objects.filter(project=project)
        .select_related("contract")
        .order_by("invoice_on", "pk")
    )
    for line in investments:
        line.category_name = names.get(line.category, line.category)  # type: ignore[attr-defined]
    return {
        "project": project,
        "enterprise": project.enterprise,
        "plan": current_plan(project),
        "contracts": project_contracts(project),
        "investments": investments,
        "totals": investment_totals(project),
        "milestones": list(
            Milestone.objects.filter(project=project).order_by("order", "planned_on")
        ),
        "archive": project_archive(project),
        "checklists": checklist_rows(project),
    }


def plan_versions(project: TransformationProject) -> list[Plan]:
    return list(
        Plan.objects.filter(project=project)
        .select_related("chosen_by")
        .annotate(n_items=Count("items"), total=Sum("items__price"))
        .order_by("-version")
    )


def get_evidence_for_user(user: Any, pk: int) -> Evidence:
    """404 whether the file is missing or its project is out of scope."""
    try:
        return visible_evidence(user).select_related("project").get(pk=pk)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该材料，或您无权查看。")) from None


def get_contract_for_user(user: Any, pk: int) -> Contract:
    try:
        return Contract.objects.select_related("project", "provider").get(
            pk=pk, project__in=visible_projects(user)
        )
    except (Contract.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该合同，或您无权查看。")) from None


def get_milestone_for_user(user: Any, pk: int) -> Milestone:
    try:
        return Milestone.objects.select_related("project").get(
            pk=pk, project__in=visible_projects(user)
        )
    except (Milestone.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该里程碑，或您无权查看。")) from None
