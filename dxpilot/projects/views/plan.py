"""The plan page: the recommendation for a target level and budget (recomputed by HTMX when they
change), the whole catalogue to choose from freely, and the plan's versions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor
from dxpilot.matching.catalogue import CatalogueProduct, catalogue_for
from dxpilot.matching.recommend import Recommendation, recommend
from dxpilot.matching.render import render_recommendation
from dxpilot.projects import selectors as pages
from dxpilot.projects.forms import PlanForm, TargetForm
from dxpilot.projects.models import TransformationProject
from dxpilot.projects.selectors import get_project_for_user
from dxpilot.projects.services import plan as plan_services
from dxpilot.projects.services.project import available_actions


def _choices(catalogue: list[CatalogueProduct]) -> list[tuple[int, str]]:
    return [(p.id, p.name) for p in catalogue]


def _body(
    request: HttpRequest,
    project: TransformationProject,
    target: int,
    budget: Decimal | None,
    catalogue: list[CatalogueProduct],
    selected: list[int] | None,
    form: PlanForm | None = None,
) -> dict[str, Any]:
    """The recommendation and the choice table; `selected` None = take the recommendation."""
    recommendation: Recommendation | None = None
    refusal: list[str] = []
    try:
        recommendation = recommend(project, target, budget)
    except ValidationError as exc:
        refusal = exc.messages
    if selected is None:
        selected = recommendation.product_ids if recommendation else []
    recommended = set(recommendation.product_ids) if recommendation else set()
    rows = [
        {"product": p, "checked": p.id in selected, "recommended": p.id in recommended}
        for p in catalogue
    ]
    shown = render_recommendation(recommendation.to_dict()) if recommendation else None
    return {
        "project": project,
        "recommendation": shown,
        "refusal": refusal,
        "rows": rows,
        "plan_form": form,
        "actions": available_actions(request.user, project),
    }


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    catalogue = catalogue_for(project.enterprise)
    current = pages.current_plan(project)
    selected: list[int] | None
    if request.method == "POST":
        form = PlanForm(request.POST, choices=_choices(catalogue))
        if form.is_valid():
            try:
                plan_services.save_plan(
                    project.pk, actor=actor(request), target_level=form.cleaned_data["target_level"],
                    budget=form.cleaned_data["budget"], product_ids=form.cleaned_data["products"],
                )  # fmt: skip
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("改造方案已保存为新版本。"))
                return redirect("projects:plan", pk=project.pk)
        target = form.cleaned_data.get("target_level") or project.target_level
        budget = form.cleaned_data.get("budget")
        selected = [int(v) for v in request.POST.getlist("products") if v.isdigit()]
    else:
        target = current.target_level if current else project.target_level
        budget = current.budget if current else None
        form = PlanForm(
            initial={"target_level": target, "budget": budget}, choices=_choices(catalogue)
        )
        selected = [item.product_id for item in current.items.all()] if current else None
    context = _body(request, project, target, budget, catalogue, selected, form)
    context.update(
        current=current, versions=pages.plan_versions(project), enterprise=project.enterprise
    )
    return render(request, "projects/plan.html", context)


@login_required
@require_GET
def plan_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX: recompute the recommendation for the target and budget in the query string."""
    project = get_project_for_user(request.user, pk)
    target_form = TargetForm(request.GET)
    catalogue = catalogue_for(project.enterprise)
    form = PlanForm(request.GET, choices=_choices(catalogue))
    if not target_form.is_valid():
        context = _body(request, project, project.target_level, None, catalogue, None, form)
        context["refusal"] = [e for errors in target_form.errors.values() for e in errors]
    else:
        data = target_form.cleaned_data
        context = _body(
            request, project, data["target_level"], data["budget"], catalogue, None, form
        )
    return render(request, "projects/partials/plan_body.html", context)
