"""The provider list and full profile (officials and the provider itself), sanctions,
evaluations, appeals and attachment downloads."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor_of
from dxpilot.core.http import is_htmx
from dxpilot.programs.selectors import current_program
from dxpilot.providers import selectors, services
from dxpilot.providers.forms import DecisionForm, EvaluationForm, ReasonsForm
from dxpilot.providers.models import Provider, ProviderDecision

PAGE_SIZE = 50
SANCTIONS = {
    "warn": services.warn_provider,
    "suspend": services.suspend_provider,
    "reinstate": services.reinstate_provider,
    "remove": services.remove_provider,
}


@login_required
@require_GET
def provider_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_official:  # type: ignore[union-attr]
        raise PermissionDenied(_("服务商名录（含审核状态）仅对主管部门开放。"))
    program = current_program()
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "status", "kind", "segment")}
    page = Paginator(selectors.search_providers(request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page_obj": page,
        "filters": filters,
        "statuses": Provider.Status.choices,
        "kinds": list(program.provider_kinds.all()) if program else [],
        "segments": list(program.segments.all()) if program else [],
        "quota": selectors.quota_table(program) if program else [],
        # Pending appeals are the city admin's to decide (decide_appeal): nobody else's to-do.
        "appeals": list(selectors.open_appeals(program))
        if program and scope_of(request.user).role == Role.CITY_ADMIN
        else [],
        "query": query.urlencode() + "&" if query else "",
    }
    template = (
        "providers/partials/provider_rows.html"
        if is_htmx(request)
        else "providers/provider_list.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    provider = selectors.get_provider_for_user(request.user, pk)
    scope = scope_of(request.user)
    context = {
        **selectors.provider_profile(request.user, provider),
        "is_admin": scope.role == Role.CITY_ADMIN,
        "is_own": scope.role == Role.PROVIDER and scope.provider_id == provider.pk,
        "sanction_form": DecisionForm(initial={"revision": provider.revision}),
    }
    return render(request, "providers/provider_detail.html", context)


@login_required
@require_POST
def sanction(request: HttpRequest, pk: int) -> HttpResponse:
    """Warn, suspend, reinstate or remove — each with reasons, refused on a stale page."""
    provider = selectors.get_provider_for_user(request.user, pk)
    if scope_of(request.user).role != Role.CITY_ADMIN:
        raise PermissionDenied(_("只有市级管理员可以作出该决定。"))
    form = DecisionForm(request.POST)
    action = SANCTIONS.get(request.POST.get("decision", ""))
    if action is None:
        raise Http404
    if form.is_valid():
        try:
            action(provider.pk, actor=actor_of(request), reasons=form.cleaned_data["reasons"],
                   expected_revision=form.cleaned_data["revision"])  # fmt: skip
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request, _("已记录对服务商“{name}”的决定。").format(name=provider.name)
            )
            return redirect("providers:detail", pk=provider.pk)
    context = {
        **selectors.provider_profile(request.user, provider),
        "is_admin": True,
        "is_own": False,
        "sanction_form": form,
    }
    return render(request, "providers/provider_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    provider = selectors.get_provider_for_user(request.user, pk)
    if scope_of(request.user).role != Role.CITY_ADMIN:
        raise PermissionDenied(_("只有市级管理员可以进行年度评价。"))
    form = EvaluationForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.evaluate_provider(provider.pk, actor=actor_of(request), year=form.cleaned_data["year"],
                                                    scores=form.scores(), notes=form.cleaned_data["notes"])  # fmt: skip
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                _("已评价：{total} 分，{stars} 星。").format(
                    total=evaluation.total, stars=evaluation.stars
                ),
            )
            return redirect("providers:detail", pk=provider.pk)
    return render(
        request,
        "providers/evaluate.html",
        {"provider": provider, "form": form, "bands": services.STAR_BANDS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    provider = selectors.get_provider_for_user(request.user, pk)
    decision = provider.decisions.filter(pk=decision_pk).first()
    if decision is None:
        raise Http404
    scope = scope_of(request.user)
    if scope.role != Role.PROVIDER or scope.provider_id != provider.pk:
        raise PermissionDenied(_("只有服务商本身可以对该决定提出申诉。"))
    form = ReasonsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_decision(
                decision.pk, actor=actor_of(request), reasons=form.cleaned_data["reasons"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("申诉已提交，市级主管部门处理后将在此显示结果。"))
            return redirect("providers:detail", pk=provider.pk)
    return render(
        request, "providers/appeal.html", {"provider": provider, "decision": decision, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide_appeal(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    provider = selectors.get_provider_for_user(request.user, pk)
    appeal_row = (
        provider.decisions.filter(pk=decision_pk, kind=ProviderDecision.Kind.APPEAL)
        .select_related("appeal_of")
        .first()
    )
    if appeal_row is None:
        raise Http404
    if scope_of(request.user).role != Role.CITY_ADMIN:
        raise PermissionDenied(_("只有市级管理员可以处理申诉。"))
    form = ReasonsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        upheld = request.POST.get("outcome") == "upheld"
        try:
            services.decide_appeal(
                appeal_row.pk,
                actor=actor_of(request),
                upheld=upheld,
                reasons=form.cleaned_data["reasons"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("申诉已处理。"))
            return redirect("providers:detail", pk=provider.pk)
    return render(
        request,
        "providers/decide_appeal.html",
        {"provider": provider, "appeal": appeal_row, "form": form},
    )


@login_required
@require_GET
def download_attachment(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.get_attachment_for_user(request.user, pk)
    services.record_attachment_download(attachment, actor=actor_of(request))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("文件已不在存储中，请联系管理员。")) from None
    content_type = (
        attachment.content_type
        or mimetypes.guess_type(attachment.original_name)[0]
        or "application/octet-stream"
    )
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=content_type
    )
