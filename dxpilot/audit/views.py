from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dxpilot.audit.forms import AuditSearchForm
from dxpilot.audit.presenting import present
from dxpilot.audit.selectors import search_audit_entries

PAGE_SIZE = 50


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_city_admin:  # type: ignore[union-attr]
        raise PermissionDenied(_("只有市级管理员可以查看审计日志。"))
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = search_audit_entries(request.user, **{k: v for k, v in filters.items() if v})  # type: ignore[arg-type]
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "entries": present(list(page)),
        "query": query.urlencode() + "&" if query else "",
    }
    template = (
        "audit/partials/audit_rows.html"
        if request.headers.get("HX-Request")
        else "audit/audit_list.html"
    )
    return render(request, template, context)
