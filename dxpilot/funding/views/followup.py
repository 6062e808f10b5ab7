"""After acceptance: the enterprise's rating of its provider, the follow-up a year later, and
the officials' outcome page (revenue and 亩均效益 growth against the +15% targets)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.core.http import acting_user as acting
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.funding import selectors as reads
from dxpilot.funding.forms import FollowUpForm, RatingForm
from dxpilot.funding.services import followup as services
from dxpilot.funding.views.acceptance import act_on
from dxpilot.programs.metrics import Measure, Scope, measure
from dxpilot.programs.models import Program
from dxpilot.programs.selectors import current_program
from dxpilot.projects.selectors import get_project_for_user

PAGE_SIZE = 50
TARGETS = {"revenue-growth": _("营业收入增长"), "output-per-mu-growth": _("亩均效益增长")}


@login_required
@require_POST
def rate_provider(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    form = RatingForm(request.POST, providers=reads.contracted_providers(project))
    return act_on(
        request, project, "rating_form", form,
        lambda form: services.rate_project_provider(
            project.pk, actor=acting(request), provider_id=form.cleaned_data["provider"],
            score=form.cleaned_data["score"], comment=form.cleaned_data["comment"],
        ),
        _("感谢评价，评价结果将计入服务商年度评价。"),
    )  # fmt: skip


@login_required
@require_POST
def record_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    form = FollowUpForm(request.POST)
    return act_on(
        request, project, "follow_up_form", form,
        lambda _f: services.record_follow_up(project.pk, actor=acting(request), data=form.data_object()),
        _("成效跟踪已登记。"),
    )  # fmt: skip


def programme_outcome(totals: dict[str, Any]) -> list[services.Growth]:
    """Revenue growth of the total (a ratio of sums: each enterprise weighs by its size). 亩均效益
    is not a ratio of sums but the mean of the enterprises' own growth (`per_mu_measure`)."""
    if not totals["n"]:
        return []
    taxed = totals["sum_land_taxed"] == totals["sum_land"]
    return services.outcome(
        totals["sum_revenue_before"], totals["sum_revenue_after"], totals["sum_land"],
        totals["sum_tax_before"] if taxed else None, totals["sum_tax_after"] if taxed else None,
    )[:1]  # fmt: skip


def per_mu_measure(user: Any, program: Program | None) -> Measure | None:
    """The programme's 亩均效益 KPI in the user's scope, as the dashboard computes it."""
    target = program.targets.filter(key="output-per-mu-growth").first() if program else None
    if program is None or target is None:
        return None
    enterprises = visible_enterprises(user).filter(program=program)
    _metric, value = measure(target, Scope(program=program, enterprises=enterprises, user=user))
    return value


@login_required
@require_GET
def followup_list(request: HttpRequest) -> HttpResponse:
    if scope_of(request.user).role not in (Role.CITY_ADMIN, Role.DISTRICT_OFFICER):
        raise PermissionDenied(_("成效跟踪汇总仅对主管部门开放。"))
    page = Paginator(reads.followup_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    totals = reads.followup_totals(request.user)
    program = current_program()
    targets = {t.key: t.value for t in program.targets.filter(key__in=TARGETS)} if program else {}
    rows = programme_outcome(totals)
    per_mu = per_mu_measure(request.user, program)
    for row in page:
        row.outcome = services.outcome(  # type: ignore[attr-defined]
            row.revenue_before, row.revenue_after, row.land_mu, row.tax_before, row.tax_after
        )
    context = {
        "page_obj": page,
        "totals": totals,
        "outcome": rows,
        "per_mu": per_mu,
        "per_mu_percent": (
            None if per_mu is None or per_mu.actual is None else per_mu.actual * 100
        ),
        "revenue_target": targets.get("revenue-growth", Decimal("0.15")),
        "per_mu_target": targets.get("output-per-mu-growth", Decimal("0.15")),
    }
    return render(request, "funding/followup_list.html", context)
