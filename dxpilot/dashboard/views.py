"""Home pages, the dashboard's figure partials (HTMX), the drill-down list and its Excel file."""

from __future__ import annotations

import os
import tempfile
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.audit.models import AuditEntry
from dxpilot.audit.services import record
from dxpilot.core.xlsx import write_xlsx
from dxpilot.dashboard.exports import DRILL_COLUMNS, drill_export_rows
from dxpilot.dashboard.selectors import figures, home_context
from dxpilot.dashboard.selectors.drill import (
    describe_filters,
    drill_enterprises,
    drill_rows,
    filter_choices,
    parse_filters,
)
from dxpilot.programs.models import Program
from dxpilot.programs.selectors import current_program

TEMPLATES = {
    "city_admin": "dashboard/home_officer.html",
    "district_officer": "dashboard/home_officer.html",
    "finance_officer": "dashboard/home_finance.html",
    "assessor": "dashboard/home_assessor.html",
    "enterprise": "dashboard/home_enterprise.html",
    "provider": "dashboard/home_provider.html",
    "api_client": "dashboard/home_assessor.html",
}
# Who sees which figure family: the city and district dashboard has all of them (a district
# officer's limited to its divisions by the selectors), finance the fund view.
FAMILIES: dict[str, frozenset[str]] = {
    "breakdowns": frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER}),
    "funnel": frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER}),
    "migration": frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER}),
    "funds": frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.FINANCE_OFFICER}),
    "providers": frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER}),
    "alerts": frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER}),
}
DRILL_ROLES = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.FINANCE_OFFICER})
PAGE_SIZE = 50


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """One home page per role; anonymous visitors get the public showcase."""
    context = home_context(request.user, current_program())
    role = context["role"]
    if role in FAMILIES["alerts"] and context.get("kpis") is not None:
        line = figures.timeline(context["program"])
        context["timeline"] = line
        context["kpi_chart"] = figures.kpi_bars(context["kpis"], line)
    template = (
        TEMPLATES.get(role, "dashboard/home_public.html") if role else "dashboard/home_public.html"
    )
    return render(request, template, context)


def _program_for(request: HttpRequest, roles: frozenset[str]) -> Program:
    if scope_of(request.user).role not in roles:
        raise PermissionDenied(_("只有市级、县区主管部门或资金管理部门可以查看该统计。"))
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    return program


@login_required
@require_GET
def figure(request: HttpRequest, family: str) -> HttpResponse:
    """One figure family of the dashboard, as the partial the home page loads (HTMX)."""
    if family not in FAMILIES:
        raise Http404(_("没有这个统计。"))
    program = _program_for(request, FAMILIES[family])
    user = request.user
    context: dict[str, Any] = {"program": program, "family": family}
    if family == "breakdowns":
        bars_by_key = figures.breakdowns(user, program)
        context["breakdowns"] = bars_by_key
        context["charts"] = {key: _chart(bars) for key, bars in bars_by_key.items()}
    elif family == "funnel":
        context["funnel"] = stages = figures.funnel(user, program)
        context["charts"] = {"funnel": _chart(stages)}
    elif family == "migration":
        context["migration"] = figures.migration(user, program)
    elif family == "funds":
        context["funds"] = money = figures.funds(user, program)
        context["charts"] = {
            "funds": {
                "labels": [label for label, *_rest in money.by_status],
                "total": [float(amount) for _label, amount, *_rest in money.by_status],
                "links": [_drill_url(query) for *_rest, query in money.by_status],
                "budget": float(money.enterprise_min),
                "budgetName": _("直接支持企业额度"),
            }
        }
    elif family == "providers":
        context["league"] = figures.provider_league(user, program)
    elif family == "alerts":
        found, lagging, overall = figures.alerts(user, program)
        context.update(alerts=found, lagging=lagging, overall=overall)
    return render(request, f"dashboard/partials/figure_{family}.html", context)


def _drill_url(query: str) -> str:
    return f"{reverse('dashboard:drill')}?{query}"


def _chart(bars: list[figures.Bar]) -> dict[str, Any]:
    """A bar chart's data for charts.js: labels, values and the list each bar opens."""
    return {
        "labels": [bar.label for bar in bars],
        "total": [bar.value for bar in bars],
        "pilots": [bar.pilots for bar in bars],
        "links": [_drill_url(bar.query) for bar in bars],
        "names": [_("企业数"), _("试点企业")],
    }


def _drill(request: HttpRequest) -> tuple[Program, Any, Any]:
    program = _program_for(request, DRILL_ROLES)
    choices = filter_choices(request.user, program)
    filters = parse_filters(request.GET, choices)
    enterprises = drill_enterprises(request.user, program, filters)
    return program, filters, (choices, enterprises)


@login_required
@require_GET
def drill(request: HttpRequest) -> HttpResponse:
    """The enterprises behind a figure, with its filters; paginated, the same query at any size."""
    program, filters, (choices, enterprises) = _drill(request)
    page = Paginator(drill_rows(enterprises), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "program": program,
        "filters": filters,
        "described": describe_filters(filters, choices),
        "page_obj": page,
        "query": f"{filters.query()}&" if filters.values else "",
        "export_query": filters.query(),
    }
    status = 400 if filters.errors else 200
    return render(request, "dashboard/drill.html", context, status=status)


@login_required
@require_GET
def drill_export(request: HttpRequest) -> FileResponse:
    """The same list as an Excel file (XlsxWriter in constant-memory mode, streamed from a
    temporary file); every export is audited with its filters and row count."""
    _program, filters, (_choices, enterprises) = _drill(request)
    if filters.errors:
        raise PermissionDenied(" ".join(filters.errors))
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        rows = write_xlsx(
            path, _("统计明细"), DRILL_COLUMNS, drill_export_rows(drill_rows(enterprises))
        )
        record(
            actor=request.user,  # type: ignore[arg-type]
            action="dashboard.export",
            kind=AuditEntry.Kind.EXPORT,
            object_type="dashboard.drill",
            object_id=filters.query()[:100],
            object_label=str(_("统计明细")),
            changes={"filters": filters.values, "rows": rows},
        )
        stream = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        os.unlink(path)  # the open handle keeps the data until the response is sent
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        stream,
        as_attachment=True,
        filename=f"{_('统计明细')}-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
