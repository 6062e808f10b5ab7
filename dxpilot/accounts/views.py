from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dxpilot.accounts import selectors, services
from dxpilot.accounts.forms import ApiTokenForm, LoginForm, TotpForm
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = acting_user(self.request)
        services.record_password_change(user, actor=user)
        messages.success(self.request, _("密码已修改。"))
        return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["demo_logins"] = selectors.demo_logins() if settings.DEBUG else []
        return context


@login_required
@require_http_methods(["GET", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = TotpForm(request.POST or None)
    pending = request.session.get("totp_pending") or services.new_totp_secret()
    if request.method == "POST" and form.is_valid():
        try:
            if user.totp_enabled:
                services.disable_totp(user, code=form.cleaned_data["code"], actor=user)
                messages.success(request, _("已停用动态口令。"))
            else:
                services.enable_totp(
                    user, secret=pending, code=form.cleaned_data["code"], actor=user
                )
                request.session.pop("totp_pending", None)
                messages.success(request, _("已启用动态口令，下次登录时请输入验证器中的6位数字。"))
            return redirect("accounts:security")
        except ValidationError as exc:
            attach_errors(form, exc)
    request.session["totp_pending"] = pending
    context = {
        "form": form,
        "secret": pending,
        "otpauth_uri": services.totp_uri(user, pending, settings.SITE_NAME),
        "otp_required": settings.OTP_REQUIRED_FOR_OFFICIALS and user.is_official,
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    if not request.user.is_city_admin:  # type: ignore[union-attr]
        raise PermissionDenied(_("只有市级管理员可以管理接口令牌。"))
    form = ApiTokenForm(request.POST or None, owners=selectors.token_owners())
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = services.issue_api_token(
                actor=acting_user(request),
                owner=form.cleaned_data["owner"],
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.cleaned_data["expires_at"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            # Redirect after POST so a reload cannot issue a second token; the secret is shown
            # once, from the session, and then forgotten.
            request.session["new_token_secret"] = secret
            return redirect("accounts:tokens")
    secret = request.session.pop("new_token_secret", None)
    context = {"form": form, "secret": secret, "tokens": selectors.api_tokens()}
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_city_admin:  # type: ignore[union-attr]
        raise PermissionDenied(_("只有市级管理员可以管理接口令牌。"))
    token = selectors.get_api_token(pk)
    services.revoke_api_token(token.pk, actor=acting_user(request))
    messages.success(request, _("令牌 {name} 已吊销。").format(name=token.name))
    return redirect("accounts:tokens")
