"""Projects API: the same scope as the pages (`visible_projects`); evidence as metadata only —
the bytes are served by the audited download page, never through the API."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken
from dxpilot.projects import selectors as pages
from dxpilot.projects.models import Evidence, TransformationProject
from dxpilot.projects.schemas import EvidenceOut, ProjectDetailOut, ProjectPage
from dxpilot.projects.selectors import get_project_for_user

router = Router(tags=["projects"])
MAX_PAGE_SIZE = 200


class ListFilters(Schema):
    status: str = ""
    q: str = ""
    page: int = 1
    page_size: int = 50


@router.get("", response=ProjectPage, summary="Projects in the caller's scope")
def list_projects(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    require_scope(request, ApiToken.Scope.PROJECTS_READ)
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    projects = pages.search_projects(request.user, status=filters.status, q=filters.q)
    page = Paginator(projects, size).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": size,
        "items": list(page),
    }


@router.get(
    "/{int:project_id}", response=ProjectDetailOut, summary="One project (404 if out of scope)"
)
def get_project(request: HttpRequest, project_id: int) -> TransformationProject:
    require_scope(request, ApiToken.Scope.PROJECTS_READ)
    project = get_project_for_user(request.user, project_id)
    data = pages.project_page(request.user, project)
    plan = data["plan"]
    # The page's data, attached for the schema (the same reads as the project page).
    project.plan_out = plan and {  # type: ignore[attr-defined]
        "version": plan.version, "target_level": plan.target_level, "budget": plan.budget,
        "expected_total": plan.expected_total, "expected_level": plan.expected_level, "chosen_at": plan.chosen_at,
        "items": list(plan.items.all()), "recommended_total": plan.recommendation.get("total_price", ""),
    }  # fmt: skip
    for name in ("contracts", "investments", "totals", "milestones"):
        setattr(project, f"{name}_out", data[name])
    project.checklists_out = [  # type: ignore[attr-defined]
        {"stage": c["stage"], "missing": c["missing"], "items": c["items"]}
        for c in data["checklists"]
    ]
    return project


@router.get(
    "/{int:project_id}/evidence",
    response=list[EvidenceOut],
    summary="Archive metadata of one project",
)
def list_evidence(request: HttpRequest, project_id: int) -> list[Evidence]:
    require_scope(request, ApiToken.Scope.PROJECTS_READ)
    project = get_project_for_user(request.user, project_id)
    return pages.project_archive(project)
