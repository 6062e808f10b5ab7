from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from dxpilot.accounts.models import ApiToken, Role, User

DEMO_PASSWORD = "Demo-2024-pilot"  # noqa: S105 - the published demo password, shown only when DEBUG is on


def demo_logins() -> list[dict[str, Any]]:
    """One demo account per role, shown on the login page only when DEBUG is on."""
    users = User.objects.filter(username__startswith="demo-", is_active=True).order_by(
        "role", "username"
    )
    seen: dict[str, dict[str, Any]] = {}
    for user in users:
        seen.setdefault(
            user.role,
            {"username": user.username, "role": user.get_role_display(), "password": DEMO_PASSWORD},
        )
    return list(seen.values())


def token_owners() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True)
        .exclude(role=Role.ENTERPRISE)
        .order_by("role", "username")
    )


def api_tokens() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("user").order_by("-created_at")


def get_api_token(pk: int) -> ApiToken:
    return get_object_or_404(ApiToken, pk=pk)
