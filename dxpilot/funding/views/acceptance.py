"""Acceptance pages: the officials' queue (with the overdue alerts) and one project's acceptance
page, where each role finds only the steps it may take. Scope → form → service → response."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.engine import level_name
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as acting
from dxpilot.core.http import is_htmx
from dxpilot.funding import rules
from dxpilot.funding import selectors as reads
from dxpilot.funding.forms import (
    ApplyForm,
    DecisionForm,
    ExpertForm,
    FollowUpForm,
    OpinionForm,
    RatingForm,
    ReasonsForm,
    ReviewForm,
)
from dxpilot.funding.models import Acceptance, Subsidy
from dxpilot.funding.services import acceptance as services
from dxpilot.funding.services import decision
from dxpilot.funding.services.followup import outcome
from dxpilot.funding.services.subsidy import ACCEPTED_STATUSES
from dxpilot.projects.checklist import checklist_for
from dxpilot.projects.models import ProjectStatus, TransformationProject
from dxpilot.projects.selectors import get_project_for_user, visible_projects

if TYPE_CHECKING:
    pass

PAGE_SIZE = 50
# Roles that see the internals of the review (expert score and opinion, T1 score): not the
# finance office (DESIGN §1: no assessment internals), not providers.
INTERNALS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.ASSESSOR, Role.ENTERPRISE})


# The queue ---------------------------------------------------------------------------------------


@login_required
@require_GET
def acceptance_queue(request: HttpRequest) -> HttpResponse:
    if scope_of(request.user).role not in reads.QUEUE_ROLES:
        raise PermissionDenied(_("验收队列仅对主管部门和评审专家开放。"))
    status = request.GET.get("status", reads.default_queue_status(request.user)).strip()
    q = request.GET.get("q", "").strip()
    rows = reads.acceptance_queue(request.user, status, q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = reads.acceptance_counts(request.user)
    tabs = [("todo", _("待我处理")), *list(Acceptance.Status.choices), ("", _("全部"))]
    for row in page:
        t1 = row.post_assessment
        row.t1_level_name = level_name(t1.level or 0) if t1 else ""  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page_obj": page,
        "status": status,
        "q": q,
        "tabs": [(value, label, counts.get(value or "total")) for value, label in tabs],
        "alerts": reads.deadline_alerts(request.user),
        "query": f"{query.urlencode()}&" if query else "",
        "today": timezone.localdate(),
    }
    template = (
        "funding/partials/acceptance_rows.html"
        if is_htmx(request)
        else "funding/acceptance_queue.html"
    )
    return render(request, template, context)


# One project's acceptance page -------------------------------------------------------------------


def page_context(
    request: HttpRequest, project: TransformationProject, **bound: forms.Form
) -> dict[str, Any]:
    user = request.user
    role = scope_of(user).role
    rounds = reads.project_acceptances(project)
    current = rounds[0] if rounds else None
    deadline = rules.acceptance_deadline(project)
    today = timezone.localdate()
    subsidy = reads.visible_subsidies(user).filter(project=project).first()
    t1 = (
        current.post_assessment
        if current and current.post_assessment
        else services.post_assessment_for(project)
    )
    providers = reads.contracted_providers(project)
    ratings = reads.project_ratings(project) if role != Role.FINANCE_OFFICER else []
    rated = {r.provider_id for r in ratings}
    follow_up = getattr(project, "follow_up", None) if role in INTERNALS else None
    accepted = project.status in ACCEPTED_STATUSES
    follow_up_year = project.completed_on.year + 1 if project.completed_on else None
    context: dict[str, Any] = {
        "project": project,
        "enterprise": project.enterprise,
        "rounds": rounds,
        "current": current,
        "actions": decision.acceptance_actions(user, project, current),
        "show_internals": role in INTERNALS,
        "checklist": checklist_for(project, "acceptance") if role in INTERNALS else [],
        "deadline": deadline,
        "days_left": (deadline - today).days if deadline else None,
        "first_round": not rounds,
        "t1": t1,
        "t1_level_name": level_name(t1.level or 0) if t1 else "",
        "min_level_name": level_name(rules.min_level(project)),
        "min_level": rules.min_level(project),
        "subsidy": subsidy,
        "disbursements": reads.subsidy_disbursements(subsidy) if subsidy else [],
        "can_compute": role == Role.CITY_ADMIN
        and accepted
        and (subsidy is None or subsidy.status == Subsidy.Status.COMPUTED),
        "can_approve": role == Role.CITY_ADMIN
        and subsidy is not None
        and subsidy.status == Subsidy.Status.COMPUTED,
        "ratings": ratings,
        "unrated": [p for p in providers if p.pk not in rated],
        "can_rate": role == Role.ENTERPRISE
        and accepted
        and any(p.pk not in rated for p in providers),
        "follow_up": follow_up,
        "outcome": outcome(
            follow_up.revenue_before,
            follow_up.revenue_after,
            follow_up.land_mu,
            follow_up.tax_before,
            follow_up.tax_after,
        )
        if follow_up
        else [],
        # 成效跟踪 comes a year later: from the year after completion (the service's rule).
        "follow_up_year": follow_up_year if accepted and follow_up is None else None,
        "can_follow_up": role in (Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.ENTERPRISE)
        and accepted
        and follow_up is None
        and follow_up_year is not None
        and today.year >= follow_up_year,
        "flags": reads.project_flags(user, project),
        "apply_form": ApplyForm(),
        "pass_form": OpinionForm(),
        "return_form": ReasonsForm(prefix="return"),
        "expert_form": ExpertForm(experts=reads.assessor_choices(project))
        if role == Role.CITY_ADMIN
        else None,
        "review_form": ReviewForm(),
        "decision_form": DecisionForm(prefix="decision"),
        "rating_form": RatingForm(providers=[p for p in providers if p.pk not in rated]),
        "follow_up_form": FollowUpForm(initial={"year": today.year}),
        "closed": project.status in (ProjectStatus.REFUSED, ProjectStatus.CLOSED),
    }
    context.update(bound)
    return context


@login_required
@require_GET
def acceptance_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    return render(request, "funding/acceptance_detail.html", page_context(request, project))


@login_required
@require_GET
def my_acceptance(request: HttpRequest) -> HttpResponse:
    """The enterprise's menu entry: its latest project's acceptance page."""
    scope = scope_of(request.user)
    if scope.role != Role.ENTERPRISE:
        raise PermissionDenied(_("只有企业用户有本企业的验收页面。"))
    project = visible_projects(request.user).order_by("-created_at", "-pk").first()
    if project is None:
        messages.info(request, _("本企业还没有转型项目，请先创建项目并制定改造方案。"))
        return redirect("projects:list")
    return redirect("funding:acceptance", pk=project.pk)


def act_on(
    request: HttpRequest,
    project: TransformationProject,
    form_name: str,
    form: forms.Form,
    act: Callable[[forms.Form], Any],
    done: str,
) -> HttpResponse:
    """The shared POST shape: form → service (a refusal is shown on the form, status 200) → redirect."""
    refusal: list[str] = []
    if form.is_valid():
        try:
            act(form)
        except ValidationError as exc:
            attach_errors(form, exc)
            # Shown at the top too: after someone else's step the form is no longer offered.
            refusal = exc.messages if is_stale(exc) else []
        else:
            messages.success(request, done)
            return redirect("funding:acceptance", pk=project.pk)
    project.refresh_from_db()
    context = page_context(request, project, **{form_name: form})
    context["refusal"] = refusal
    return render(request, "funding/acceptance_detail.html", context)


def is_stale(exc: ValidationError) -> bool:
    errors = (
        [e for values in exc.error_dict.values() for e in values]
        if hasattr(exc, "error_dict")
        else exc.error_list
    )
    return any(error.code == "stale" for error in errors)


def _acceptance_project(request: HttpRequest, pk: int) -> tuple[Acceptance, TransformationProject]:
    acceptance = reads.get_acceptance_for_user(request.user, pk)
    return acceptance, get_project_for_user(request.user, acceptance.project_id)


@login_required
@require_POST
def apply_for_acceptance(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    return act_on(
        request, project, "apply_form", ApplyForm(request.POST),
        lambda form: services.apply_for_acceptance(project.pk, actor=acting(request)),
        _("验收申请已提交，请等待县区初验。"),
    )  # fmt: skip


@login_required
@require_POST
def pass_district_check(request: HttpRequest, pk: int) -> HttpResponse:
    acceptance, project = _acceptance_project(request, pk)
    return act_on(
        request, project, "pass_form", OpinionForm(request.POST),
        lambda form: services.pass_district_check(acceptance.pk, actor=acting(request), opinion=form.cleaned_data["opinion"]),
        _("县区初验通过，已报送市级验收。"),
    )  # fmt: skip


@login_required
@require_POST
def return_acceptance(request: HttpRequest, pk: int) -> HttpResponse:
    acceptance, project = _acceptance_project(request, pk)
    form = ReasonsForm(request.POST, prefix="return")
    return act_on(
        request, project, "return_form", form,
        lambda _f: services.return_acceptance(acceptance.pk, actor=acting(request), reasons=form.reasons()),
        _("已退回企业补正。"),
    )  # fmt: skip


@login_required
@require_POST
def assign_expert(request: HttpRequest, pk: int) -> HttpResponse:
    acceptance, project = _acceptance_project(request, pk)
    form = ExpertForm(request.POST, experts=reads.assessor_choices(project))
    return act_on(
        request, project, "expert_form", form,
        lambda form: decision.assign_expert(acceptance.pk, actor=acting(request), expert_id=form.cleaned_data["expert"]),
        _("已指派评审专家。"),
    )  # fmt: skip


@login_required
@require_POST
def review_acceptance(request: HttpRequest, pk: int) -> HttpResponse:
    acceptance, project = _acceptance_project(request, pk)
    return act_on(
        request, project, "review_form", ReviewForm(request.POST),
        lambda form: decision.review_acceptance(
            acceptance.pk, actor=acting(request), score=form.cleaned_data["score"], opinion=form.cleaned_data["opinion"]
        ),
        _("专家评审意见已提交。"),
    )  # fmt: skip


@login_required
@require_POST
def decide_acceptance(request: HttpRequest, pk: int) -> HttpResponse:
    acceptance, project = _acceptance_project(request, pk)
    form = DecisionForm(request.POST, prefix="decision")
    done = _("已作出验收决定，项目档案已锁定。")
    return act_on(
        request, project, "decision_form", form,
        lambda _f: decision.decide_acceptance(
            acceptance.pk, actor=acting(request), accept=form.accept(), reasons=form.reasons()
        ),
        done,
    )  # fmt: skip
