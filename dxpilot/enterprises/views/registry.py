from __future__ import annotations

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user
from dxpilot.enterprises import selectors, services
from dxpilot.enterprises.area import registry_warnings
from dxpilot.enterprises.forms import EnterpriseForm
from dxpilot.enterprises.panels import panels_for
from dxpilot.programs.selectors import current_program

PAGE_SIZE = 50
EDITORS = (Role.CITY_ADMIN, Role.DISTRICT_OFFICER)


@login_required
@require_GET
def enterprise_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_official:  # type: ignore[union-attr]
        raise PermissionDenied(_("企业名录仅对主管部门开放。"))
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "division", "segment", "pilot")}
    enterprises = selectors.search_enterprises(request.user, **filters)
    page = Paginator(enterprises, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page_obj": page,
        "filters": filters,
        "choices": selectors.filter_choices(request.user, current_program()),
        "query": query.urlencode() + "&" if query else "",
        "can_register": scope_of(request.user).role in EDITORS,
    }
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-Boosted")
    template = (
        "enterprises/partials/enterprise_rows.html"
        if partial
        else "enterprises/enterprise_list.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.get_enterprise_for_user(request.user, pk)
    context = {
        "enterprise": enterprise,
        "contacts": selectors.masked_contacts(enterprise),
        "can_reveal": scope_of(request.user).sees_personal_data,
        "can_edit": scope_of(request.user).role in EDITORS,
        "panels": panels_for(request.user, enterprise),
        "registry_warnings": registry_warnings(enterprise),
    }
    return render(request, "enterprises/enterprise_detail.html", context)


@login_required
@require_POST
def reveal_contacts(request: HttpRequest, pk: int) -> HttpResponse:
    """Showing unmasked contact data is a sensitive read: allowed by role, always audited."""
    enterprise = selectors.get_enterprise_for_user(request.user, pk)
    if not scope_of(request.user).sees_personal_data:
        raise PermissionDenied(_("您的角色不能查看完整的联系方式。"))
    contacts = services.reveal_enterprise_contacts(enterprise, actor=acting_user(request))
    return render(
        request,
        "enterprises/partials/contacts.html",
        {"contacts": contacts, "revealed": True, "enterprise": enterprise},
    )


@login_required
@require_GET
def my_enterprise(request: HttpRequest) -> HttpResponse:
    if scope_of(request.user).enterprise_id is None:
        raise Http404(_("您的账号没有绑定企业。"))
    return redirect("enterprises:detail", pk=scope_of(request.user).enterprise_id)


@login_required
@require_http_methods(["GET", "POST"])
def register_enterprise(request: HttpRequest) -> HttpResponse:
    program = current_program()
    if scope_of(request.user).role not in EDITORS or program is None:
        raise PermissionDenied(_("只有市级管理员和县区工作人员可以登记企业。"))
    form = EnterpriseForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.register_enterprise(
                program, form.to_data(), actor=acting_user(request)
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已登记企业 {name}。").format(name=enterprise.name))
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(request, "enterprises/enterprise_form.html", {"form": form, "enterprise": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit_enterprise(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.get_enterprise_for_user(request.user, pk)
    if scope_of(request.user).role not in EDITORS:
        raise PermissionDenied(_("只有市级管理员和县区工作人员可以修改企业信息。"))
    initial = asdict(selectors.enterprise_data(enterprise))
    form = EnterpriseForm(request.POST or None, initial=initial, program=enterprise.program)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_enterprise(enterprise.pk, form.to_data(), actor=acting_user(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(
        request, "enterprises/enterprise_form.html", {"form": form, "enterprise": enterprise}
    )
