"""Platform registry, an enterprise's cloud adoption and the officials' coverage page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor_of
from dxpilot.core.http import is_htmx
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.selectors import get_enterprise_for_user
from dxpilot.platforms import selectors, services
from dxpilot.platforms.forms import AdoptionForm, GrantForm, PlatformForm
from dxpilot.platforms.models import Platform, PlatformKind, PlatformLevel
from dxpilot.programs.models import Program
from dxpilot.programs.selectors import current_program


def _program() -> Program:
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    return program


def _require(request: HttpRequest, roles: frozenset[str], message: str) -> None:
    if scope_of(request.user).role not in roles:
        raise PermissionDenied(message)


@login_required
@require_GET
def platform_list(request: HttpRequest) -> HttpResponse:
    _require(request, selectors.REGISTRY_READERS, _("平台名录仅对主管部门和企业开放。"))
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "kind", "level")}
    platforms = selectors.search_platforms(request.user, current_program(), **filters)
    context = {
        "platforms": platforms,
        "filters": filters,
        "kinds": PlatformKind.choices,
        "levels": PlatformLevel.choices,
        "is_admin": scope_of(request.user).role == Role.CITY_ADMIN,
    }
    template = (
        "platforms/partials/platform_rows.html"
        if is_htmx(request)
        else "platforms/platform_list.html"
    )
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def platform_new(request: HttpRequest) -> HttpResponse:
    _require(request, frozenset({Role.CITY_ADMIN}), _("只有市级管理员可以维护平台名录。"))
    program = _program()
    form = PlatformForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            platform = services.register_platform(program, form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc, {"segments": "segment_keys"})
        else:
            messages.success(request, _("已登记平台“{name}”。").format(name=platform.name))
            return redirect("platforms:detail", pk=platform.pk)
    return render(request, "platforms/platform_form.html", {"form": form, "platform": None})


@login_required
@require_http_methods(["GET", "POST"])
def platform_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, frozenset({Role.CITY_ADMIN}), _("只有市级管理员可以维护平台名录。"))
    platform = selectors.get_platform_for_user(request.user, pk)
    form = PlatformForm(
        request.POST or None, initial=PlatformForm.initial_for(platform), program=platform.program
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_platform(platform.pk, form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc, {"segments": "segment_keys"})
        else:
            messages.success(request, _("已保存。"))
            return redirect("platforms:detail", pk=platform.pk)
    return render(request, "platforms/platform_form.html", {"form": form, "platform": platform})


@login_required
@require_GET
def platform_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, selectors.OFFICIALS, _("平台详情仅对主管部门开放。"))
    platform = selectors.get_platform_for_user(request.user, pk)
    return render(request, "platforms/platform_detail.html", _detail_context(request, platform))


def _detail_context(request: HttpRequest, platform: Platform, **extra: Any) -> dict[str, Any]:
    names = selectors.scene_names(platform.program)
    adoptions = selectors.visible_adoptions(request.user).filter(platform=platform)
    return {
        "platform": platform,
        "adoptions": [
            (a, [names.get(c, c) for c in a.scenes]) for a in adoptions.order_by("enterprise__name")
        ],
        "served_count": selectors.served_enterprises(platform).count(),
        "is_admin": scope_of(request.user).role == Role.CITY_ADMIN,
        "secret": request.session.pop("platform_token_secret", None),
        **extra,
    }


@login_required
@require_POST
def platform_token(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, frozenset({Role.CITY_ADMIN}), _("只有市级管理员可以为平台签发接口令牌。"))
    platform = selectors.get_platform_for_user(request.user, pk)
    _token, secret = services.issue_platform_token(platform.pk, actor=actor_of(request))
    # Shown once after the redirect, as the tokens page does; only its hash is stored.
    request.session["platform_token_secret"] = secret
    messages.success(request, _("已签发接口令牌，请立即复制保存，离开本页后将无法再次查看。"))
    return redirect("platforms:detail", pk=platform.pk)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope.role != Role.ENTERPRISE or scope.enterprise_id is None:
        raise PermissionDenied(_("只有企业用户有本企业的上云上平台页面。"))
    return redirect("platforms:enterprise", pk=scope.enterprise_id)


def _enterprise_context(
    request: HttpRequest, enterprise: Enterprise, **extra: Any
) -> dict[str, Any]:
    scope = scope_of(request.user)
    names = selectors.scene_names(enterprise.program)
    grants = selectors.enterprise_grants(enterprise)
    is_own = scope.role == Role.ENTERPRISE and scope.enterprise_id == enterprise.pk
    can_record = is_own or scope.role in selectors.RECORDING_OFFICIALS
    return {
        "enterprise": enterprise,
        "adoptions": [
            (a, [names.get(c, c) for c in a.scenes])
            for a in selectors.enterprise_adoptions(enterprise)
        ],
        "grants": grants,
        "is_own": is_own,
        "form": extra.pop("form", AdoptionForm(program=enterprise.program)) if can_record else None,
        "grant_form": extra.pop(
            "grant_form",
            GrantForm(program=enterprise.program, exclude={g.platform_id for g in grants}),
        )
        if is_own
        else None,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_page(request: HttpRequest, pk: int) -> HttpResponse:
    """An enterprise's 上云上平台 records; the enterprise or an official in scope records one."""
    _require(request, selectors.REGISTRY_READERS, _("上云上平台记录仅对主管部门和企业开放。"))
    enterprise = get_enterprise_for_user(request.user, pk)
    form = None
    if request.method == "POST":
        form = AdoptionForm(request.POST, program=enterprise.program)
        if form.is_valid():
            try:
                services.record_adoption(enterprise.pk, form.to_data(), actor=actor_of(request))
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("已登记上云上平台记录。"))
                return redirect("platforms:enterprise", pk=enterprise.pk)
    extra = {"form": form} if form is not None else {}
    return render(
        request, "platforms/enterprise.html", _enterprise_context(request, enterprise, **extra)
    )


@login_required
@require_POST
def grant(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_enterprise_for_user(request.user, pk)
    if scope_of(request.user).role != Role.ENTERPRISE:
        raise PermissionDenied(_("只有企业本身可以授权平台推送本企业的上云记录。"))
    grants = {g.platform_id for g in selectors.enterprise_grants(enterprise)}
    form = GrantForm(request.POST, program=enterprise.program, exclude=grants)
    if form.is_valid():
        try:
            done = services.authorise_platform(
                enterprise.pk, form.cleaned_data["platform"], actor=actor_of(request)
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                _("已授权平台“{platform}”推送本企业的上云记录。").format(
                    platform=done.platform.name
                ),
            )
            return redirect("platforms:enterprise", pk=enterprise.pk)
    context = _enterprise_context(request, enterprise, grant_form=form)
    return render(request, "platforms/enterprise.html", context)


@login_required
@require_POST
def revoke_grant(request: HttpRequest, pk: int) -> HttpResponse:
    grant = selectors.get_grant_for_user(request.user, pk)
    services.revoke_platform_grant(grant.pk, actor=actor_of(request))
    messages.success(
        request, _("已撤销对平台“{platform}”的授权。").format(platform=grant.platform.name)
    )
    return redirect("platforms:enterprise", pk=grant.enterprise_id)


@login_required
@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    _require(request, selectors.OFFICIALS, _("上云上平台覆盖情况仅对主管部门开放。"))
    program = _program()
    target = program.targets.filter(metric="cloud_coverage").values_list("value", flat=True).first()
    context = {"coverage": selectors.coverage(request.user, program), "target": target}
    return render(request, "platforms/coverage.html", context)
