"""Account writes: users, TOTP and API tokens, each audited."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime

import pyotp
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import ApiToken, Role, User
from dxpilot.audit.services import record


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    division_ids: Iterable[int] = (),
    enterprise_id: int | None = None,
    provider_id: int | None = None,
    organization: str = "",
    validate: bool = True,
) -> User:
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = [_("角色“{role}”无效。").format(role=role)]
    if User.objects.filter(username=username).exists():
        errors["username"] = [_("用户名“{username}”已存在。").format(username=username)]
    if role == Role.ENTERPRISE and enterprise_id is None:
        errors["enterprise"] = [_("企业用户必须绑定企业。")]
    if role == Role.PROVIDER and provider_id is None:
        errors["provider"] = [_("服务商用户必须绑定服务商。")]
    division_ids = list(division_ids)
    if role == Role.DISTRICT_OFFICER and not division_ids:
        errors["divisions"] = [_("县区工作人员必须绑定至少一个区划。")]
    user = User(
        username=username,
        role=role,
        display_name=display_name,
        enterprise_id=enterprise_id,
        provider_id=provider_id,
        organization=organization,
    )
    if validate:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    if division_ids:
        user.divisions.set(division_ids)
    record(actor=actor, action="user.create", target=user, changes={"role": [None, role]})
    return user


def record_password_change(user: User, *, actor: User) -> None:
    """Django's view saves the new hash; the change itself is audited here (never the value)."""
    record(actor=actor, action="user.change_password", target=user)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: User, secret: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=issuer)


def verify_totp(secret: str, code: str) -> bool:
    code = "".join(code.split())
    return bool(secret) and code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)


@transaction.atomic
def enable_totp(user: User, *, secret: str, code: str, actor: User) -> User:
    if not verify_totp(secret, code):
        raise ValidationError({"code": [_("动态口令不正确，请查看验证器应用中的6位数字后重试。")]})
    user.totp_secret, user.totp_enabled = secret, True
    user.save(update_fields=["totp_secret", "totp_enabled"])
    record(
        actor=actor, action="user.enable_totp", target=user, changes={"totp_enabled": [False, True]}
    )
    return user


@transaction.atomic
def disable_totp(user: User, *, code: str, actor: User) -> User:
    if not verify_totp(user.totp_secret, code):
        raise ValidationError({"code": [_("动态口令不正确，请查看验证器应用中的6位数字后重试。")]})
    user.totp_secret, user.totp_enabled = "", False
    user.save(update_fields=["totp_secret", "totp_enabled"])
    record(
        actor=actor,
        action="user.disable_totp",
        target=user,
        changes={"totp_enabled": [True, False]},
    )
    return user


@transaction.atomic
def issue_api_token(
    *,
    actor: User,
    owner: User,
    name: str,
    scopes: Iterable[str],
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Return the token and its secret; the secret is shown once and only its hash is stored."""
    scopes = sorted(set(scopes))
    errors: dict[str, list[str]] = {}
    unknown = [s for s in scopes if s not in ApiToken.Scope.values]
    if unknown:
        errors["scopes"] = [_("未知的权限范围：{scopes}。").format(scopes="、".join(unknown))]
    if not scopes:
        errors.setdefault("scopes", []).append(_("至少选择一个权限范围。"))
    if not name.strip():
        errors["name"] = [_("请填写令牌名称。")]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = [_("过期时间必须晚于现在。")]
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    secret = f"dxp_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=owner,
        name=name.strip(),
        prefix=prefix,
        token_hash=ApiToken.hash(secret),
        scopes=scopes,
        expires_at=expires_at,
    )
    record(actor=actor, action="api_token.issue", target=token, changes={"scopes": [None, scopes]})
    return token, secret


@transaction.atomic
def revoke_api_token(token_id: int, *, actor: User) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, action="api_token.revoke", target=token)
    return token
