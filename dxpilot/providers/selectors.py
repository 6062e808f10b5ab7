"""Provider reads and their data scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.providers.models import Provider


def visible_providers(user: Any) -> QuerySet[Provider]:
    """Officials see every provider; a provider user sees its own record; the public directory
    (approved providers, no personal data) is `directory_providers`."""
    scope = scope_of(user)
    providers = Provider.objects.select_related("kind")
    if scope.role in (Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.FINANCE_OFFICER):
        return providers
    if scope.role == Role.PROVIDER and scope.provider_id is not None:
        return providers.filter(pk=scope.provider_id)
    return providers.none()


def directory_providers() -> QuerySet[Provider]:
    return Provider.objects.select_related("kind").filter(status=Provider.Status.APPROVED)
