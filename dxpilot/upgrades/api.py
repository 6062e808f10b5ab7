"""The technical-upgrade project API (/api/v1/upgrade-projects): the list as the caller's scope
reaches it, with the list page's filters (read only; imports go through the exchange)."""

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken
from dxpilot.upgrades import selectors
from dxpilot.upgrades.models import UpgradeProject
from dxpilot.upgrades.schemas import UpgradeProjectOut, UpgradeProjectPage

router = Router(tags=["upgrade-projects"])
MAX_PAGE_SIZE = 100


class UpgradeQuery(Schema):
    q: str = ""
    division: str = ""
    category: str = ""
    status: str = ""
    year: str = ""
    page: int = 1
    page_size: int = 50


@router.get("", response=UpgradeProjectPage, summary="技改项目清单 in the caller's scope")
def list_upgrade_projects(request: HttpRequest, filters: Query[UpgradeQuery]) -> dict[str, object]:
    require_scope(request, ApiToken.Scope.UPGRADES_READ)
    values = {name: str(getattr(filters, name))[:100] for name in selectors.FILTER_NAMES}
    projects = selectors.search_upgrade_projects(request.user, selectors.UpgradeFilters(**values))
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    page = Paginator(projects, size).get_page(filters.page)
    return {"count": page.paginator.count, "page": page.number, "page_size": size,
            "items": list(page)}  # fmt: skip


@router.get(
    "/{int:project_id}", response=UpgradeProjectOut, summary="One project (404 if out of scope)"
)
def get_upgrade_project(request: HttpRequest, project_id: int) -> UpgradeProject:
    require_scope(request, ApiToken.Scope.UPGRADES_READ)
    return selectors.get_upgrade_project_for_user(request.user, project_id)
