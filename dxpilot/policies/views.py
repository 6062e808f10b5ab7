"""Policy documents: the public list and search, a detail page, officials' publishing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor_of
from dxpilot.core.http import is_htmx
from dxpilot.enterprises.models import SizeClass, SrdiTier
from dxpilot.policies import selectors, services
from dxpilot.policies.forms import AttachmentForm, PolicyForm, WithdrawForm
from dxpilot.policies.models import Policy, PolicyKind, PolicyLevel
from dxpilot.programs.models import Program
from dxpilot.programs.selectors import current_program
from dxpilot.projects import storage

FIELD_MAP = {"divisions": "division_codes", "segments": "segment_keys"}


def _program() -> Program:
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    return program


def _require_editor(request: HttpRequest) -> None:
    if scope_of(request.user).role not in selectors.EDITORS:
        raise PermissionDenied(_("只有市级管理员和县区工作人员可以发布政策文件。"))


@require_GET
def policy_list(request: HttpRequest) -> HttpResponse:
    """Public: anyone may search the published policies (no login)."""
    values = {k: request.GET.get(k, "").strip()[:100] for k in ("q", "level", "kind", "validity")}
    filters = selectors.Filters(**values)
    result = selectors.search_policies(
        request.user, current_program(), filters, request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "result": result,
        "page_obj": result.page,
        "query": query.urlencode() + "&" if query else "",
        "levels": PolicyLevel.choices,
        "kinds": PolicyKind.choices,
        "can_publish": scope_of(request.user).role in selectors.EDITORS,
    }
    template = "policies/partials/policy_rows.html" if is_htmx(request) else "policies/list.html"
    return render(request, template, context)


def _detail(request: HttpRequest, policy: Policy, **extra: object) -> HttpResponse:
    context = {
        "policy": policy,
        "attachments": list(policy.attachments.all()),
        "size_labels": [
            str(SizeClass(v).label) for v in policy.size_classes if v in SizeClass.values
        ],
        "srdi_labels": [str(SrdiTier(v).label) for v in policy.srdi_tiers if v in SrdiTier.values],
        "can_edit": selectors.may_edit(request.user, policy) and not policy.is_withdrawn,
        "withdraw_form": extra.pop("withdraw_form", WithdrawForm()),
        "attachment_form": extra.pop("attachment_form", AttachmentForm()),
        **extra,
    }
    return render(request, "policies/detail.html", context)


@require_GET
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.get_policy_for_user(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def policy_new(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    program = _program()
    form = PolicyForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.publish_policy(program, form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc, FIELD_MAP)
        else:
            messages.success(request, _("已发布政策文件。"))
            return redirect("policies:detail", pk=policy.pk)
    return render(request, "policies/form.html", {"form": form, "policy": None})


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    policy = selectors.get_policy_for_user(request.user, pk)
    if not selectors.may_edit(request.user, policy):
        raise PermissionDenied(_("您只能修改本区划发布的县区级政策。"))
    form = PolicyForm(
        request.POST or None, initial=PolicyForm.initial_for(policy), program=policy.program
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_policy(policy.pk, form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc, FIELD_MAP)
        else:
            messages.success(request, _("已保存。"))
            return redirect("policies:detail", pk=policy.pk)
    return render(request, "policies/form.html", {"form": form, "policy": policy})


@login_required
@require_POST
def policy_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    policy = selectors.get_policy_for_user(request.user, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_policy(
                policy.pk, reason=form.cleaned_data["reason"], actor=actor_of(request)
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已撤回政策文件。"))
            return redirect("policies:detail", pk=policy.pk)
    return _detail(request, policy, withdraw_form=form)


@login_required
@require_POST
def policy_attach(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    policy = selectors.get_policy_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_file(policy.pk, form.cleaned_data["file"], actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已上传附件。"))
            return redirect("policies:detail", pk=policy.pk)
    return _detail(request, policy, attachment_form=form)


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Public documents: the attachment of a published policy downloads without login."""
    attachment = selectors.get_attachment_for_user(request.user, pk)
    response = FileResponse(
        storage.open_blob(attachment.storage_name),
        as_attachment=True,
        filename=attachment.original_name,
    )
    response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
