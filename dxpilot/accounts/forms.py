from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from dxpilot.accounts.models import ApiToken, User
from dxpilot.accounts.services import verify_totp


class LoginForm(AuthenticationForm):
    otp = forms.CharField(
        label=_("动态口令"),
        required=False,
        max_length=8,
        help_text=_("已启用动态口令的账号请填写验证器中的6位数字。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        "invalid_login": _("用户名或密码不正确。请注意：连续多次失败后账号将被临时锁定。"),
        "inactive": _("该账号已停用，请联系管理员。"),
        "otp": _("动态口令不正确或缺失。"),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if user.totp_enabled and not verify_totp(
            user.totp_secret, self.cleaned_data.get("otp", "")
        ):
            # A wrong second factor counts as a failed login for the lockout.
            user_login_failed.send(
                sender=__name__, credentials={"username": user.username}, request=self.request
            )
            raise forms.ValidationError(self.error_messages["otp"], code="otp")


class TotpForm(forms.Form):
    code = forms.CharField(label=_("动态口令"), max_length=8)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=80)
    owner: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("代表的账号"),
        queryset=User.objects.none(),
        help_text=_("令牌沿用该账号的数据范围。"),
    )
    scopes = forms.MultipleChoiceField(
        label=_("权限范围"), choices=ApiToken.Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    expires_at = forms.DateTimeField(
        label=_("过期时间"),
        required=False,
        help_text=_("可留空（长期有效）。格式：2026-12-31 18:00。"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
