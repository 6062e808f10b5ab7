"""Money pages: subsidies (computed and approved by the city, listed for the finance office),
disbursement batches (created, filled, approved and paid by the finance office) and the fund
totals against the programme budget, shown on the finance home. Scope → form → service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as acting
from dxpilot.core.http import is_htmx
from dxpilot.funding import selectors as reads
from dxpilot.funding.forms import AddToBatchForm, ApplyForm, BatchForm
from dxpilot.funding.models import DisbursementBatch, Subsidy
from dxpilot.funding.services import disbursement as payouts
from dxpilot.funding.services import subsidy as services
from dxpilot.funding.views.acceptance import act_on
from dxpilot.programs.selectors import current_program
from dxpilot.projects.selectors import get_project_for_user

PAGE_SIZE = 50


# Subsidies ---------------------------------------------------------------------------------------


@login_required
@require_POST
def compute_subsidy(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    return act_on(
        request, project, "subsidy_form", ApplyForm({"confirm": "on"}),
        lambda form: services.compute_project_subsidy(project.pk, actor=acting(request)),
        _("奖补已核算，请核对后核定。"),
    )  # fmt: skip


@login_required
@require_POST
def approve_subsidy(request: HttpRequest, pk: int) -> HttpResponse:
    subsidy = reads.get_subsidy_for_user(request.user, pk)
    project = get_project_for_user(request.user, subsidy.project_id)
    return act_on(
        request, project, "subsidy_form", ApplyForm({"confirm": "on"}),
        lambda form: services.approve_subsidy(subsidy.pk, actor=acting(request)),
        _("奖补已核定，待财政拨付。"),
    )  # fmt: skip


def _require_money_role(request: HttpRequest) -> None:
    if scope_of(request.user).role not in reads.MONEY_ROLES:
        raise PermissionDenied(_("奖补信息仅对主管部门、财政部门和企业本身开放。"))


@login_required
@require_GET
def subsidy_list(request: HttpRequest) -> HttpResponse:
    _require_money_role(request)
    status, q = request.GET.get("status", "").strip(), request.GET.get("q", "").strip()
    page = Paginator(reads.subsidy_list(request.user, status, q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = reads.subsidy_counts(request.user)
    program = current_program()
    context = {
        "page_obj": page,
        "status": status,
        "q": q,
        "tabs": [("", _("全部"), counts["total"])]
        + [(v, label, counts[v]) for v, label in Subsidy.Status.choices],
        "totals": reads.fund_totals(program)
        if program and scope_of(request.user).programme_wide
        else None,
    }
    template = (
        "funding/partials/subsidy_rows.html" if is_htmx(request) else "funding/subsidy_list.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def subsidy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subsidy = reads.get_subsidy_for_user(request.user, pk)
    context = {
        "subsidy": subsidy,
        "disbursements": reads.subsidy_disbursements(subsidy),
        "perms_batches": scope_of(request.user).programme_wide,
    }
    return render(request, "funding/subsidy_detail.html", context)


@login_required
@require_GET
def finance_totals(request: HttpRequest) -> HttpResponse:
    """The fund totals card, loaded into the finance home (and any programme-wide page)."""
    if not scope_of(request.user).programme_wide:
        raise PermissionDenied(_("资金汇总仅对市级管理员和财政部门开放。"))
    program = current_program()
    return render(
        request,
        "funding/partials/finance_totals.html",
        {"totals": reads.fund_totals(program) if program else None},
    )


# Disbursement batches ----------------------------------------------------------------------------


def _require_finance_reader(request: HttpRequest) -> None:
    if not scope_of(request.user).programme_wide:
        raise PermissionDenied(_("拨付批次仅对财政部门和市级管理员开放。"))


@login_required
@require_http_methods(["GET", "POST"])
def batch_list(request: HttpRequest) -> HttpResponse:
    _require_finance_reader(request)
    program = current_program()
    stages = payouts.stages(program) if program else []
    form = BatchForm(request.POST or None, stages=stages)
    if request.method == "POST":
        if scope_of(request.user).role != Role.FINANCE_OFFICER:
            raise PermissionDenied(_("资金拨付由财政工作人员办理。"))
        if form.is_valid() and program is not None:
            try:
                batch = payouts.create_batch(
                    actor=acting(request), program=program, **form.cleaned_data
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("已创建拨付批次，请加入已核定的奖补。"))
                return redirect("funding:batch", pk=batch.pk)
    page = Paginator(reads.batch_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    names = {s["key"]: s["name"] for s in stages}
    for batch in page:
        batch.stage_name = names.get(batch.stage, batch.stage)  # type: ignore[attr-defined]
    context = {
        "page_obj": page,
        "form": form,
        "can_create": scope_of(request.user).role == Role.FINANCE_OFFICER,
        "totals": reads.fund_totals(program) if program else None,
    }
    return render(request, "funding/disbursement_list.html", context)


def _batch_context(request: HttpRequest, batch: DisbursementBatch, **extra: Any) -> dict[str, Any]:
    finance = scope_of(request.user).role == Role.FINANCE_OFFICER
    addable = (
        reads.addable_subsidies(batch)
        if finance and batch.status == DisbursementBatch.Status.DRAFT
        else []
    )
    stage = next((s for s in payouts.stages(batch.program) if s["key"] == batch.stage), None)
    context = {
        "batch": batch,
        "rows": reads.batch_rows(batch),
        "stage": stage,
        "finance": finance,
        "add_form": AddToBatchForm(subsidies=addable),
        "addable": addable,
        "errors": [],
    }
    context.update(extra)
    return context


@login_required
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = reads.get_batch_for_user(request.user, pk)
    return render(request, "funding/disbursement_detail.html", _batch_context(request, batch))


def _batch_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    batch = reads.get_batch_for_user(request.user, pk)
    try:
        if step == "add":
            addable = reads.addable_subsidies(batch)
            form = AddToBatchForm(request.POST, subsidies=addable)
            if not form.is_valid():
                context = _batch_context(request, batch, add_form=form)
                return render(request, "funding/disbursement_detail.html", context)
            payouts.add_to_batch(
                batch.pk, actor=acting(request), subsidy_ids=form.cleaned_data["subsidies"]
            )
            done = _("已加入批次。")
        elif step == "approve":
            payouts.approve_batch(batch.pk, actor=acting(request))
            done = _("批次已审批，可办理拨付。")
        else:
            payouts.pay_batch(batch.pk, actor=acting(request))
            done = _("批次已拨付，企业奖补状态已更新。")
    except ValidationError as exc:
        batch = reads.get_batch_for_user(request.user, pk)
        return render(
            request,
            "funding/disbursement_detail.html",
            _batch_context(request, batch, errors=exc.messages),
        )
    messages.success(request, done)
    return redirect("funding:batch", pk=batch.pk)


@login_required
@require_POST
def add_to_batch(request: HttpRequest, pk: int) -> HttpResponse:
    return _batch_step(request, pk, "add")


@login_required
@require_POST
def approve_batch(request: HttpRequest, pk: int) -> HttpResponse:
    return _batch_step(request, pk, "approve")


@login_required
@require_POST
def pay_batch(request: HttpRequest, pk: int) -> HttpResponse:
    return _batch_step(request, pk, "pay")
