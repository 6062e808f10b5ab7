"""The programme KPIs in the API (GET /api/v1/kpis), scoped like the city dashboard: the city
admin gets the whole programme, a district officer the contribution of its divisions and zones.
Token scope `reports:read`.

No `from __future__ import annotations`: ninja reads the annotations at run time.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken, Role
from dxpilot.accounts.scope import scope_of
from dxpilot.dashboard.kpis import kpi_row, programme_kpis
from dxpilot.programs.selectors import current_program

router = Router(tags=["kpis"])
# The roles whose home page shows the KPI table (dashboard.selectors.home_context).
KPI_ROLES = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})


class ExclusionOut(Schema):
    reason: str
    count: int


class EntrantOut(Schema):
    name: str
    count: int


class KpiOut(Schema):
    key: str
    name: str
    metric: str
    target: float
    actual: float | None
    unit: str
    level: str
    per_year: bool
    per_segment: bool
    has_source: bool
    definition: str
    formula: str
    population: str
    population_count: int | None
    excluded: list[ExclusionOut]
    entered_by: list[EntrantOut]
    computed_at: datetime


@router.get("", response=list[KpiOut], summary="Every programme target with its computed value")
def list_kpis(request: HttpRequest) -> list[dict[str, Any]]:
    require_scope(request, ApiToken.Scope.REPORTS_READ)
    if scope_of(request.user).role not in KPI_ROLES:
        raise PermissionDenied(_("只有市级或县区主管部门可以查看试点目标完成情况。"))
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    return [kpi_row(kpi) for kpi in programme_kpis(request.user, program)]
