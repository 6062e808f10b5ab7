"""定期通报 and 绩效评价 pages: the city admin generates, edits the lead, issues; district officers
(and, for evaluations, the finance office) read and download the issued ones of their scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user
from dxpilot.programs.models import Program
from dxpilot.programs.selectors import current_program
from dxpilot.reporting import render as words
from dxpilot.reporting import rules, selectors, services
from dxpilot.reporting.files import document_file
from dxpilot.reporting.forms import CircularForm, EvaluationForm, LeadForm
from dxpilot.reporting.models import Circular, PerformanceEvaluation


def _program() -> Program:
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    return program


def _show_refusals(request: HttpRequest, form: LeadForm | None, *, editable: bool) -> None:
    """A refused lead edit of an issued document: the form is gone, its reasons go on top."""
    if form is not None and not editable:
        for error in form.non_field_errors():
            messages.error(request, str(error))


def _joined(names: list[str]) -> str:
    return pgettext("list separator", "、").join(names)


def _is_city(request: HttpRequest) -> bool:
    return scope_of(request.user).role == Role.CITY_ADMIN


def _roles(request: HttpRequest) -> dict[str, bool]:
    """What the sub-navigation and the evidence links may offer (the lists behind a figure
    are the city admin's: other officials may not open every one of them)."""
    role = scope_of(request.user).role
    return {
        "is_city": role == Role.CITY_ADMIN,
        "circular_reader": role in selectors.CIRCULAR_READERS,
    }


def _require(request: HttpRequest, roles: frozenset[str]) -> None:
    if scope_of(request.user).role not in roles:
        raise PermissionDenied(_("定期通报和绩效评价报告仅对主管部门开放。"))


def _require_city(request: HttpRequest) -> None:
    if not _is_city(request):
        raise PermissionDenied(_("只有市级管理员可以生成、修改和印发通报与绩效评价报告。"))


def _stage_choices(program: Program) -> list[tuple[str, str]]:
    stages = rules.evaluation_stages(program, list(program.stages.order_by("starts_on")))
    return [(s.key, f"{s.name}（{s.starts_on:%Y-%m-%d} — {s.ends_on:%Y-%m-%d}）") for s in stages]


# --- circulars -------------------------------------------------------------------------------


def _circular_list(request: HttpRequest, form: CircularForm | None) -> HttpResponse:
    circulars = list(selectors.visible_circulars(request.user)[:100])
    scopes = selectors.circular_division_names(circulars)
    rows = [
        {"circular": c, "label": words.period_label(c), "scope": _joined(scopes[c.pk])}
        for c in circulars
    ]
    context = {"rows": rows, "form": form, **_roles(request)}
    return render(request, "reporting/circular_list.html", context)


@login_required
@require_GET
def circular_list(request: HttpRequest) -> HttpResponse:
    _require(request, selectors.CIRCULAR_READERS)
    form = CircularForm(program=_program()) if _is_city(request) else None
    return _circular_list(request, form)


@login_required
@require_POST
def circular_new(request: HttpRequest) -> HttpResponse:
    _require_city(request)
    program = _program()
    form = CircularForm(request.POST, program=program)
    if form.is_valid():
        try:
            circular = services.generate_circular(
                program,
                period=form.cleaned_data["period"],
                division_ids=form.cleaned_data["divisions"],
                actor=acting_user(request),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已生成通报草稿，请修改导语后印发。"))
            return redirect("reporting:circular", pk=circular.pk)
    return _circular_list(request, form)


def _circular_page(
    request: HttpRequest, circular: Circular, lead_form: LeadForm | None = None
) -> HttpResponse:
    editable = _is_city(request) and not circular.is_issued
    _show_refusals(request, lead_form, editable=editable)
    if editable and lead_form is None:
        lead_form = LeadForm(initial={"lead": circular.lead})
    context = {
        "circular": circular,
        "title": words.title(circular),
        "label": words.period_label(circular),
        "content": circular.content,
        "expected": words.percent(circular.content.get("expected")),
        "overview": words.overview_rows(circular.content.get("overview", [])),
        "ranking": words.ranking_rows(circular, zones=False),
        "zones": words.ranking_rows(circular, zones=True),
        "lagging": _joined(words.lagging_names(circular)),
        "overdue": circular.content.get("overdue", [])[:20],
        "cases": [
            {**c, "before": words.level(c["before"]), "after": words.level(c["after"])}
            for c in circular.content.get("cases", [])[:20]
        ],
        "as_of": words.as_of(circular),
        "lead_form": lead_form if editable else None,
        **_roles(request),
    }
    return render(request, "reporting/circular_detail.html", context)


@login_required
@require_GET
def circular_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _circular_page(request, selectors.get_circular_for_user(request.user, pk))


@login_required
@require_POST
def circular_lead(request: HttpRequest, pk: int) -> HttpResponse:
    _require_city(request)
    circular = selectors.get_circular_for_user(request.user, pk)
    form = LeadForm(request.POST)
    if form.is_valid():
        try:
            services.update_circular_lead(
                circular, lead=form.cleaned_data["lead"], actor=acting_user(request)
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("导语已保存。"))
            return redirect("reporting:circular", pk=circular.pk)
    return _circular_page(request, circular, form)


@login_required
@require_POST
def circular_issue(request: HttpRequest, pk: int) -> HttpResponse:
    _require_city(request)
    circular = selectors.get_circular_for_user(request.user, pk)
    try:
        circular = services.issue_circular(circular, actor=acting_user(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("通报已印发，文号 {number}。").format(number=circular.number))
    return redirect("reporting:circular", pk=circular.pk)


@login_required
@require_GET
def circular_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    _require(request, selectors.CIRCULAR_READERS)
    circular = selectors.get_circular_for_user(request.user, pk)
    return document_file(circular, fmt, actor=acting_user(request))


# --- performance evaluation ------------------------------------------------------------------


def _evaluation_list(request: HttpRequest, form: EvaluationForm | None) -> HttpResponse:
    evaluations = list(selectors.visible_evaluations(request.user)[:50])
    rows = [{"evaluation": e, "name": words.stage_name(e)} for e in evaluations]
    context = {"rows": rows, "form": form, **_roles(request)}
    return render(request, "reporting/evaluation_list.html", context)


@login_required
@require_GET
def evaluation_list(request: HttpRequest) -> HttpResponse:
    _require(request, selectors.EVALUATION_READERS)
    program = _program()
    form = EvaluationForm(stages=_stage_choices(program)) if _is_city(request) else None
    return _evaluation_list(request, form)


@login_required
@require_POST
def evaluation_new(request: HttpRequest) -> HttpResponse:
    _require_city(request)
    program = _program()
    form = EvaluationForm(request.POST, stages=_stage_choices(program))
    if form.is_valid():
        try:
            evaluation = services.generate_evaluation(
                program, stage=form.cleaned_data["stage"], actor=acting_user(request)
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已生成绩效评价报告草稿，请修改导语后印发。"))
            return redirect("reporting:evaluation", pk=evaluation.pk)
    return _evaluation_list(request, form)


def _evaluation_page(
    request: HttpRequest, evaluation: PerformanceEvaluation, lead_form: LeadForm | None = None
) -> HttpResponse:
    editable = _is_city(request) and not evaluation.is_issued
    _show_refusals(request, lead_form, editable=editable)
    if editable and lead_form is None:
        lead_form = LeadForm(initial={"lead": evaluation.lead})
    context = {
        "evaluation": evaluation,
        "title": words.title(evaluation),
        "expected": words.percent(evaluation.content.get("expected")),
        "indicators": words.indicator_rows(evaluation),
        "as_of": words.as_of(evaluation),
        "lead_form": lead_form if editable else None,
        **_roles(request),
    }
    return render(request, "reporting/evaluation_detail.html", context)


@login_required
@require_GET
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _evaluation_page(request, selectors.get_evaluation_for_user(request.user, pk))


@login_required
@require_POST
def evaluation_lead(request: HttpRequest, pk: int) -> HttpResponse:
    _require_city(request)
    evaluation = selectors.get_evaluation_for_user(request.user, pk)
    form = LeadForm(request.POST)
    if form.is_valid():
        try:
            services.update_evaluation_lead(
                evaluation, lead=form.cleaned_data["lead"], actor=acting_user(request)
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("导语已保存。"))
            return redirect("reporting:evaluation", pk=evaluation.pk)
    return _evaluation_page(request, evaluation, form)


@login_required
@require_POST
def evaluation_issue(request: HttpRequest, pk: int) -> HttpResponse:
    _require_city(request)
    evaluation = selectors.get_evaluation_for_user(request.user, pk)
    try:
        evaluation = services.issue_evaluation(evaluation, actor=acting_user(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("绩效评价报告已印发，文号 {number}。").format(number=evaluation.number)
        )
    return redirect("reporting:evaluation", pk=evaluation.pk)


@login_required
@require_GET
def evaluation_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    _require(request, selectors.EVALUATION_READERS)
    evaluation = selectors.get_evaluation_for_user(request.user, pk)
    return document_file(evaluation, fmt, actor=acting_user(request))
