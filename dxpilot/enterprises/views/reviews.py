"""Officials' pages on applications: the district review, return, admission and refusal, the
queue, the counts and an enterprise's eligibility."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.core.http import acting_user as _user
from dxpilot.core.http import is_htmx as _is_htmx
from dxpilot.enterprises import selectors, services
from dxpilot.enterprises.forms import (
    AdmitForm,
    DecisionForm,
    ReasonsForm,
)
from dxpilot.enterprises.models import Application, ApplicationStatus
from dxpilot.enterprises.selectors import get_enterprise_for_user
from dxpilot.programs.selectors import current_program

if TYPE_CHECKING:
    pass
from dxpilot.enterprises.views.applications import PAGE_SIZE, _decide


@login_required
@require_POST
def pass_application(request: HttpRequest, pk: int) -> HttpResponse:
    def act(application: Application, form: DecisionForm) -> Any:
        return services.pass_district_review(
            application.pk,
            actor=_user(request),
            comment=form.cleaned_data["comment"],
            expected_version=form.expected_version(),
        )

    return _decide(
        request,
        pk,
        "pass_form",
        DecisionForm(request.POST),
        act,
        _("已通过县区初审，报送市级审核。"),
    )


@login_required
@require_POST
def return_application(request: HttpRequest, pk: int) -> HttpResponse:
    def act(application: Application, form: ReasonsForm) -> Any:
        return services.return_application(
            application.pk,
            actor=_user(request),
            reasons=form.reasons(),
            expected_version=form.expected_version(),
        )

    form = ReasonsForm(request.POST, prefix="return")
    return _decide(request, pk, "return_form", form, act, _("已退回企业修改。"))


@login_required
@require_POST
def admit_application(request: HttpRequest, pk: int) -> HttpResponse:
    def act(application: Application, form: AdmitForm) -> Any:
        return services.admit_application(
            application.pk, actor=_user(request), comment=form.cleaned_data["comment"],
            replaces_id=form.cleaned_data["replaces"], expected_version=form.expected_version(),
        )  # fmt: skip

    application = selectors.get_application_for_user(request.user, pk)
    form = AdmitForm(
        request.POST, replaceable=selectors.replaceable_applications(application.batch)
    )
    return _decide(request, pk, "admit_form", form, act, _("已审核通过，企业入库。"))


@login_required
@require_POST
def reject_application(request: HttpRequest, pk: int) -> HttpResponse:
    def act(application: Application, form: ReasonsForm) -> Any:
        return services.reject_application(
            application.pk,
            actor=_user(request),
            reasons=form.reasons(),
            expected_version=form.expected_version(),
        )

    form = ReasonsForm(request.POST, prefix="reject")
    return _decide(request, pk, "reject_form", form, act, _("已作不通过处理。"))


# Officials' queue and counts --------------------------------------------------------------------


def _require_official(request: HttpRequest) -> None:
    if scope_of(request.user).role not in selectors.QUEUE_ROLES:
        raise PermissionDenied(_("申报审核仅对主管部门开放。"))


@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    _require_official(request)
    status = request.GET.get("status", selectors.default_status(request.user)).strip()
    filters = selectors.QueueFilters(
        batch=request.GET.get("batch", "").strip(), status=status,
        division=request.GET.get("division", "").strip(), q=request.GET.get("q", "").strip(),
    )  # fmt: skip
    page = Paginator(selectors.application_queue(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    query["status"] = status
    partial = _is_htmx(request)
    context = {
        "page_obj": page,
        "filters": filters,
        "tabs": selectors.status_tabs(request.user, selectors.status_counts(request.user, filters)),
        "choices": {} if partial else selectors.queue_choices(request.user, current_program()),
        "query": query.urlencode() + "&",
        "oob": partial,  # the counts in the tabs are refreshed out of band with the rows
    }
    template = (
        "enterprises/partials/application_rows.html"
        if partial
        else "enterprises/application_list.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def application_stats(request: HttpRequest) -> HttpResponse:
    _require_official(request)
    batch = request.GET.get("batch", "").strip()
    by_batch = selectors.counts_by_batch(request.user)
    by_division = selectors.counts_by_division(request.user, batch)
    context = {
        "by_batch": by_batch,
        "by_batch_total": selectors.counts_total(by_batch),
        "by_division": by_division,
        "by_division_total": selectors.counts_total(by_division),
        "by_zone": selectors.counts_by_zone(request.user, batch),
        "batch": batch,
        "choices": selectors.queue_choices(request.user, current_program()),
        "statuses": ApplicationStatus.choices,
    }
    return render(request, "enterprises/application_stats.html", context)


@login_required
@require_GET
def enterprise_eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    """The eligibility check of one enterprise, for the enterprise itself and its reviewers."""
    enterprise = get_enterprise_for_user(request.user, pk)
    if scope_of(request.user).role not in (*selectors.QUEUE_ROLES, Role.ENTERPRISE):
        raise PermissionDenied(_("申报资格仅对企业本身和主管部门开放。"))
    applications = selectors.enterprise_applications(request.user, enterprise)
    context = {
        "enterprise": enterprise,
        "eligibility": selectors.declared_eligibility(enterprise, applications),
        "applications": applications,
        "next_batch": selectors.next_or_last_batch(enterprise.program),
        "open_batches": selectors.open_batches(enterprise.program),
    }
    return render(request, "enterprises/application_eligibility.html", context)
