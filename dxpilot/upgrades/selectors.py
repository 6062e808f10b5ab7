"""Technical-upgrade project reads and their data scope.

`visible_upgrade_projects(user)`: the projects of the enterprises the user sees
(`enterprises.selectors.visible_enterprises`: the city admin and the finance office all of them,
a district officer those of their divisions and zones, an enterprise its own); providers,
assessors and API clients without such a scope see none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.upgrades.models import UpgradeProject

READERS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.FINANCE_OFFICER, Role.ENTERPRISE})
# 技改项目摸排 is the officials' work (§三.5): the city admin, and district officers for theirs.
WRITERS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})


def visible_upgrade_projects(user: Any) -> QuerySet[UpgradeProject]:
    projects = UpgradeProject.objects.select_related("enterprise__division", "enterprise__zone")
    if scope_of(user).role not in READERS:
        return projects.none()
    return projects.filter(enterprise__in=visible_enterprises(user).values("pk"))


def get_upgrade_project_for_user(user: Any, pk: int) -> UpgradeProject:
    try:
        return visible_upgrade_projects(user).get(pk=pk)
    except (UpgradeProject.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该技改项目，或您无权查看。")) from None


@dataclass(frozen=True)
class UpgradeFilters:
    q: str = ""
    division: str = ""  # a division or zone id
    category: str = ""
    status: str = ""
    year: str = ""  # the start year


FILTER_NAMES = ("q", "division", "category", "status", "year")


def search_upgrade_projects(user: Any, filters: UpgradeFilters) -> QuerySet[UpgradeProject]:
    """The list page, its export and the API read the same query."""
    projects = visible_upgrade_projects(user)
    if filters.q:
        projects = projects.filter(
            Q(name__icontains=filters.q)
            | Q(enterprise__name__icontains=filters.q)
            | Q(enterprise__credit_code=filters.q.strip().upper())
        )
    if filters.division.isdigit():
        division = int(filters.division)
        projects = projects.filter(
            Q(enterprise__division_id=division) | Q(enterprise__zone_id=division)
        )
    if filters.category:
        projects = projects.filter(category=filters.category)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.year.isdigit():
        projects = projects.filter(start_on__year=int(filters.year))
    return projects.order_by("-start_on", "pk")


def upgrade_totals(projects: QuerySet[UpgradeProject]) -> dict[str, Any]:
    """Count and investment sums of a filtered list (one aggregate query)."""
    totals = projects.order_by().aggregate(
        count=Count("pk"), total=Sum("total_investment"), equipment=Sum("equipment_investment")
    )
    return totals


def year_choices(user: Any) -> list[int]:
    years = (
        visible_upgrade_projects(user)
        .order_by()
        .annotate(year=ExtractYear("start_on"))
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted({y for y in years if y}, reverse=True)
