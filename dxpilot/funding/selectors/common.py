"""Roles and filters shared by the funding reads."""

from __future__ import annotations

from django.db.models import Q

from dxpilot.accounts.models import Role
from dxpilot.funding.models import (
    Acceptance,
)

S = Acceptance.Status
QUEUE_ROLES = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.ASSESSOR})
MONEY_ROLES = frozenset(
    {Role.CITY_ADMIN, Role.FINANCE_OFFICER, Role.DISTRICT_OFFICER, Role.ENTERPRISE}
)
FLAG_ROLES = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})
# What "to do" means in the acceptance queue for each role.
TODO = {
    Role.DISTRICT_OFFICER: (S.APPLIED,),
    Role.CITY_ADMIN: (S.APPLIED, S.DISTRICT_CHECKED, S.EXPERT_REVIEWED),
    Role.ASSESSOR: (S.DISTRICT_CHECKED,),
}
SOON_DAYS = 30


def division_filter(prefix: str, division_ids: frozenset[int]) -> Q:
    return Q(**{f"{prefix}enterprise__division__in": division_ids}) | Q(
        **{f"{prefix}enterprise__zone__in": division_ids}
    )
