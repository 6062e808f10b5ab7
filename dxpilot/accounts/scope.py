"""Data scope, decided in one place (DESIGN §1).

`scope_of(user)` says which rows a user reaches; each app's selectors turn it into one
`visible_<model>(user)` query that every view, export and API endpoint uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dxpilot.accounts.models import Role

# Roles that see every enterprise of the programme (the finance office pays all of them).
PROGRAMME_WIDE_ROLES = frozenset({Role.CITY_ADMIN, Role.FINANCE_OFFICER})
# Roles that see personal contact data and bank accounts of the enterprises in their scope.
PERSONAL_DATA_ROLES = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.ENTERPRISE})


@dataclass(frozen=True)
class Scope:
    role: str | None
    user_id: int | None = None
    division_ids: frozenset[int] = frozenset()
    enterprise_id: int | None = None
    provider_id: int | None = None

    @property
    def programme_wide(self) -> bool:
        return self.role in PROGRAMME_WIDE_ROLES

    @property
    def sees_personal_data(self) -> bool:
        return self.role in PERSONAL_DATA_ROLES


ANONYMOUS = Scope(role=None)


def scope_of(user: Any) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_dxpilot_scope", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    division_ids: frozenset[int] = frozenset()
    if user.role == Role.DISTRICT_OFFICER:
        division_ids = frozenset(user.divisions.values_list("pk", flat=True))
    scope = Scope(
        role=user.role,
        user_id=user.pk,
        division_ids=division_ids,
        enterprise_id=user.enterprise_id if user.role == Role.ENTERPRISE else None,
        provider_id=user.provider_id if user.role in (Role.PROVIDER, Role.ASSESSOR) else None,
    )
    user._dxpilot_scope = scope
    return scope
