from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment import services
from dxpilot.assessment.forms import AssignForm
from dxpilot.assessment.selectors import visible_assessments
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user
from dxpilot.enterprises.selectors import get_enterprise_for_user


@login_required
@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    """The assessments the user reaches: an enterprise's own, an assessor's assignments, or a
    district's/the city's, newest first."""
    scope = scope_of(request.user)
    if scope.role in (Role.FINANCE_OFFICER, Role.PROVIDER, Role.API_CLIENT):
        raise PermissionDenied(_("您的角色不查看评测明细。"))
    assessments = (
        visible_assessments(request.user)
        .select_related("enterprise__division")
        .order_by("status", "-created_at")
    )
    status = request.GET.get("status", "")
    if status:
        assessments = assessments.filter(status=status)
    page = Paginator(assessments, 50).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "role": scope.role,
        "status": status,
        "query": f"status={status}&" if status else "",
    }
    return render(request, "assessment/assessment_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_enterprise_for_user(request.user, enterprise_pk)
    if scope_of(request.user).role not in (Role.CITY_ADMIN, Role.DISTRICT_OFFICER):
        raise PermissionDenied(_("只有市级管理员和县区工作人员可以安排现场评测。"))
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assign_assessor(
                enterprise.pk,
                kind=form.cleaned_data["kind"],
                assessor_id=form.cleaned_data["assessor"].pk,
                actor=acting_user(request),
            )
        except ValidationError as exc:
            attach_errors(form, exc, {"enterprise": "__all__"})
        else:
            messages.success(
                request,
                _("已指派 {assessor} 进行{kind}。").format(
                    assessor=assessment.assessor, kind=assessment.get_kind_display()
                ),
            )
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(request, "assessment/assign.html", {"form": form, "enterprise": enterprise})
