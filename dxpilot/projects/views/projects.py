"""Project pages: list, opening, the project page, milestones, completion and the enterprise's
timeline. Scope → form → service → response; the services decide every rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor
from dxpilot.enterprises.selectors import get_enterprise_for_user
from dxpilot.matching.recommend import baseline_for
from dxpilot.projects import selectors as pages
from dxpilot.projects.forms import (
    CompleteForm,
    CorrectCompletionForm,
    EvidenceForm,
    InvestmentForm,
    MilestoneDoneForm,
    MilestoneForm,
    OpenProjectForm,
)
from dxpilot.projects.links import links_for
from dxpilot.projects.models import ProjectStatus, TransformationProject
from dxpilot.projects.selectors import get_project_for_user, visible_projects
from dxpilot.projects.services import milestones as milestone_services
from dxpilot.projects.services import project as project_services
from dxpilot.projects.timeline import enterprise_timeline

PAGE_SIZE = 50


def page_context(
    request: HttpRequest, project: TransformationProject, **bound: forms.Form
) -> dict[str, Any]:
    context = pages.project_page(request.user, project)
    context.update(
        actions=project_services.available_actions(request.user, project),
        milestone_form=MilestoneForm(),
        done_form=MilestoneDoneForm(),
        complete_form=CompleteForm(),
        correct_form=CorrectCompletionForm(),
        investment_form=InvestmentForm(project=project, contracts=context["contracts"]),
        evidence_form=EvidenceForm(),
        step_links=links_for(project, request.user),
    )
    context.update(bound)
    return context


def render_page(
    request: HttpRequest, project: TransformationProject, **bound: forms.Form
) -> HttpResponse:
    return render(request, "projects/project_detail.html", page_context(request, project, **bound))


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    status, q = request.GET.get("status", ""), request.GET.get("q", "").strip()
    page = Paginator(pages.search_projects(request.user, status=status, q=q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = pages.status_counts(request.user)
    statuses = [(value, label, counts.get(value, 0)) for value, label in ProjectStatus.choices]
    return render(
        request,
        "projects/project_list.html",
        {"page": page, "status": status, "q": q, "statuses": statuses},
    )


@login_required
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_page(request, get_project_for_user(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def open_project(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    enterprise = get_enterprise_for_user(request.user, enterprise_id)
    project_services.require_role(request.user, project_services.WRITERS, _("创建转型项目"))
    form = OpenProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = project_services.open_project(
                enterprise.pk, actor=actor(request), title=form.cleaned_data["title"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("转型项目已创建，请制定改造方案。"))
            return redirect("projects:plan", pk=project.pk)
    context = {"enterprise": enterprise, "form": form, "baseline": baseline_for(enterprise)}
    return render(request, "projects/project_open.html", context)


@login_required
@require_POST
def add_milestone(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            milestone_services.add_milestone(project.pk, actor=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("里程碑已登记。"))
            return redirect("projects:detail", pk=project.pk)
    return render_page(request, project, milestone_form=form)


@login_required
@require_POST
def complete_milestone(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = pages.get_milestone_for_user(request.user, pk)
    form = MilestoneDoneForm(request.POST)
    if form.is_valid():
        try:
            milestone_services.complete_milestone(
                milestone.pk, actor=actor(request), actual_on=form.cleaned_data["actual_on"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("里程碑“{name}”已登记完成。").format(name=milestone.name))
            return redirect("projects:detail", pk=milestone.project_id)
    milestone.project.refresh_from_db()
    return render_page(
        request, get_project_for_user(request.user, milestone.project_id), done_form=form
    )


@login_required
@require_POST
def complete_project(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            project_services.complete_project(
                project.pk, actor=actor(request), completed_on=form.cleaned_data["completed_on"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已登记改造完成，可以准备验收申请。"))
            return redirect("projects:detail", pk=project.pk)
    return render_page(request, project, complete_form=form)


@login_required
@require_POST
def correct_completion(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    form = CorrectCompletionForm(request.POST)
    if form.is_valid():
        try:
            project_services.correct_completion_date(
                project.pk,
                actor=actor(request),
                completed_on=form.cleaned_data["completed_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已更正完工日期，并记入项目时间线。"))
            return redirect("projects:detail", pk=project.pk)
    return render_page(request, project, correct_form=form)


@login_required
@require_GET
def timeline(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    enterprise = get_enterprise_for_user(request.user, enterprise_id)
    projects = list(
        visible_projects(request.user).filter(enterprise=enterprise).order_by("-created_at")
    )
    can_open = scope_of(request.user).role in project_services.WRITERS and not any(
        p.status not in project_services.CLOSED for p in projects
    )
    context = {
        "enterprise": enterprise,
        "entries": enterprise_timeline(request.user, enterprise),
        "projects": projects,
        "can_open": can_open,
    }
    return render(request, "projects/timeline.html", context)
