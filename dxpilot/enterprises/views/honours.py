"""Honours of an enterprise: the section of the enterprise page, the form, the list behind the
honour KPIs and the audited evidence download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dxpilot.audit.services import record
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user
from dxpilot.enterprises import selectors, services
from dxpilot.enterprises.forms import HonourForm
from dxpilot.enterprises.models import Enterprise, HonourKind
from dxpilot.enterprises.panels import Panel

PAGE_SIZE = 50
PANEL_ROWS = 50


def honour_panel(user: Any, enterprise: Enterprise) -> Panel | None:
    """The 荣誉与认定 section of the enterprise page, for officials (with the form if they record)."""
    if not getattr(user, "is_official", False):
        return None
    return Panel(
        "enterprises/partials/honour_panel.html",
        {
            "honours": list(selectors.enterprise_honours(enterprise.pk)[:PANEL_ROWS]),
            "can_record": services.may_record_honours(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_honour(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.get_enterprise_for_user(request.user, pk)
    if not services.may_record_honours(request.user):
        raise PermissionDenied(_("只有市级或县区主管部门可以登记企业荣誉。"))
    form = HonourForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_honour(
                enterprise.pk,
                form.data_for_service(),
                actor=acting_user(request),
                evidence=form.cleaned_data.get("evidence"),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已登记企业荣誉。"))
            return redirect("enterprises:detail", pk=enterprise.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "enterprises/honour_form.html",
        {"enterprise": enterprise, "form": form},
        status=status,
    )


@login_required
@require_GET
def honour_list(request: HttpRequest) -> HttpResponse:
    """Every honour in the official's scope; a KPI row links here with its kinds."""
    if not request.user.is_official:  # type: ignore[union-attr]
        raise PermissionDenied(_("企业荣誉清单仅对主管部门开放。"))
    kinds = request.GET.getlist("kind")
    recorded_by = request.GET.get("recorded_by", "").strip()
    honours = selectors.search_honours(request.user, kinds=kinds, recorded_by=recorded_by)
    page = Paginator(honours, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page_obj": page,
        "kinds": [(value, label, value in kinds) for value, label in HonourKind.choices],
        "query": query.urlencode() + "&" if query else "",
    }
    return render(request, "enterprises/honour_list.html", context)


@login_required
@require_GET
def honour_file(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence of an honour: scoped like its enterprise, the download audited."""
    honour = selectors.get_honour_for_user(request.user, pk)
    if not request.user.is_official:  # type: ignore[union-attr]
        raise PermissionDenied(_("企业荣誉佐证材料仅对主管部门开放。"))
    record(actor=acting_user(request), action="enterprise.honour_download", kind="read",
           target=honour.enterprise, changes={"honour": honour.pk, "sha256": honour.sha256})  # fmt: skip
    response = FileResponse(
        honour.evidence.open("rb"), as_attachment=True, filename=honour.original_name
    )
    response["Content-Type"] = honour.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
