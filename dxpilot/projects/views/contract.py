"""Contract filing and changes (合同备案) and investment lines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor
from dxpilot.projects import rules
from dxpilot.projects import selectors as pages
from dxpilot.projects.checklist import checklist_for
from dxpilot.projects.forms import ContractForm, InvestmentForm
from dxpilot.projects.models import Contract, TransformationProject
from dxpilot.projects.selectors import get_project_for_user
from dxpilot.projects.services import contract as contract_services
from dxpilot.projects.services.project import WRITERS, require_role
from dxpilot.projects.views.projects import render_page

FIELD_MAP = {"provider_id": "provider"}


def _form_page(
    request: HttpRequest, project: TransformationProject, form: ContractForm, old: Contract | None
) -> HttpResponse:
    context = {
        "project": project,
        "enterprise": project.enterprise,
        "form": form,
        "old": old,
        "checklist": checklist_for(project, "contract"),
        "window": rules.window(project.program, "contract"),
    }
    return render(request, "projects/contract_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def file_contract(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    require_role(request.user, WRITERS, _("备案合同"))
    form = ContractForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            contract_services.file_contract(
                project.pk, actor=actor(request), data=form.data_object()
            )
        except ValidationError as exc:
            attach_errors(form, exc, FIELD_MAP)
        else:
            messages.success(request, _("合同已备案。"))
            return redirect("projects:detail", pk=project.pk)
    return _form_page(request, project, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def change_contract(request: HttpRequest, pk: int) -> HttpResponse:
    old = pages.get_contract_for_user(request.user, pk)
    project = get_project_for_user(request.user, old.project_id)
    require_role(request.user, WRITERS, _("变更合同"))
    form = ContractForm(
        request.POST or None, project=project, initial=ContractForm.initial_from(old)
    )
    if request.method == "POST" and form.is_valid():
        try:
            contract_services.change_contract(old.pk, actor=actor(request), data=form.data_object())
        except ValidationError as exc:
            attach_errors(form, exc, FIELD_MAP)
        else:
            messages.success(request, _("合同变更已备案，原合同保留为“已变更”。"))
            return redirect("projects:detail", pk=project.pk)
    return _form_page(request, project, form, old)


@login_required
@require_POST
def add_investment(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    form = InvestmentForm(request.POST, project=project, contracts=pages.project_contracts(project))
    if form.is_valid():
        try:
            contract_services.add_investment(
                project.pk, actor=actor(request), data=form.data_object()
            )
        except ValidationError as exc:
            attach_errors(form, exc, {"contract_id": "contract", "product_id": "product"})
        else:
            messages.success(request, _("投入明细已登记。"))
            return redirect("projects:detail", pk=project.pk)
    return render_page(request, project, investment_form=form)
