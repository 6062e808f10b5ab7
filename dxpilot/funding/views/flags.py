"""The flags page for officials: open and resolved signals in their scope, each resolved with a
note (HTMX swaps the row in place)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as acting
from dxpilot.core.http import is_htmx
from dxpilot.funding import selectors as reads
from dxpilot.funding.forms import ResolveFlagForm
from dxpilot.funding.models import Flag, FlagKind
from dxpilot.funding.services.flags import resolve_flag

PAGE_SIZE = 50


def _require_official(request: HttpRequest) -> None:
    if scope_of(request.user).role not in reads.FLAG_ROLES:
        raise PermissionDenied(_("风险提示仅对市级管理员和县区工作人员开放。"))


@login_required
@require_GET
def flag_list(request: HttpRequest) -> HttpResponse:
    _require_official(request)
    status = request.GET.get("status", Flag.Status.OPEN).strip()
    kind = request.GET.get("kind", "").strip()
    page = Paginator(reads.flag_list(request.user, status, kind), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "status": status,
        "kind": kind,
        "counts": reads.flag_counts(request.user),
        "kinds": FlagKind.choices,
        "statuses": [
            (Flag.Status.OPEN, _("待核查")),
            (Flag.Status.RESOLVED, _("已处理")),
            ("", _("全部")),
        ],
        "form": ResolveFlagForm(),
    }
    template = "funding/partials/flags_rows.html" if is_htmx(request) else "funding/flags_list.html"
    return render(request, template, context)


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    _require_official(request)
    flag = reads.get_flag_for_user(request.user, pk)
    form = ResolveFlagForm(request.POST)
    if form.is_valid():
        try:
            flag = resolve_flag(flag.pk, actor=acting(request), note=form.cleaned_data["note"])
        except ValidationError as exc:
            attach_errors(form, exc)
    errors = [message for messages in form.errors.values() for message in messages]
    if is_htmx(request) or errors:
        # The row alone for HTMX; without JavaScript a refusal shows the same row on its own page.
        template = (
            "funding/partials/flags_row.html" if is_htmx(request) else "funding/flags_resolve.html"
        )
        return render(
            request,
            template,
            {"flag": flag, "errors": errors, "note": request.POST.get("note", "")},
        )
    return redirect("funding:flags")
