"""API authentication: bearer tokens with named scopes, or the browser session.

A token acts with its owner's data scope (the same selectors as the UI); its scopes limit which
endpoints it may call. A logged-in browser session may call every endpoint its role reaches.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, django_auth

from dxpilot.accounts.models import ApiToken

TOUCH_INTERVAL_SECONDS = 60


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = (
            ApiToken.objects.select_related("user").filter(token_hash=ApiToken.hash(token)).first()
        )
        if api_token is None or not api_token.is_usable() or not api_token.user.is_active:
            return None
        now = timezone.now()
        if (
            api_token.last_used_at is None
            or (now - api_token.last_used_at).total_seconds() > TOUCH_INTERVAL_SECONDS
        ):
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


AUTH = [TokenAuth(), django_auth]


def require_scope(request: HttpRequest, scope: str) -> None:
    token = getattr(request, "api_token", None)
    if token is not None and scope not in token.scopes:
        raise PermissionDenied(_("令牌没有“{scope}”权限范围。").format(scope=scope))
