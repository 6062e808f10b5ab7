"""What each role's home page shows, aggregated in the database (constant queries at any scale)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.selectors import assessor_assignments
from dxpilot.dashboard.kpis import programme_kpis
from dxpilot.enterprises.selectors import (
    enterprise_counts,
    masked_contacts,
    visible_enterprises,
)
from dxpilot.finance.selectors import referral_counts
from dxpilot.programs.models import Program, Target
from dxpilot.providers.selectors import directory_providers, visible_providers


@dataclass(frozen=True)
class FundSplit:
    central_cap: Decimal
    enterprise_min: Decimal
    public_max: Decimal


def fund_split(program: Program) -> FundSplit:
    """财建〔2023〕117号: ≥80% of central funds go directly to enterprises, ≤20% to public services."""
    enterprise = (program.central_fund_cap * program.enterprise_share_min).quantize(Decimal("0.01"))
    return FundSplit(program.central_fund_cap, enterprise, program.central_fund_cap - enterprise)


def program_targets(program: Program) -> list[Target]:
    return list(program.targets.order_by("level", "pk"))


def chart_series(rows: list[dict[str, Any]], label_key: str) -> dict[str, list[Any]]:
    return {
        "labels": [row[label_key] or "—" for row in rows],
        "total": [row["total"] for row in rows],
        "pilots": [row["pilots"] for row in rows],
    }


def home_context(user: Any, program: Program | None) -> dict[str, Any]:
    scope = scope_of(user)
    context: dict[str, Any] = {"program": program, "role": scope.role}
    if program is None:
        return context
    if scope.role in (Role.CITY_ADMIN, Role.DISTRICT_OFFICER):
        context["counts"] = enterprise_counts(user)
        context["kpis"] = programme_kpis(user, program)
        context["provider_count"] = visible_providers(user).count()
        context["finance_counts"] = referral_counts(user)
    if scope.role == Role.DISTRICT_OFFICER:
        context["my_divisions"] = list(
            user.divisions.order_by("order").values_list("name", flat=True)
        )
    if scope.role == Role.FINANCE_OFFICER:
        context["fund"] = fund_split(program)
        context["subsidy_rule"] = program.subsidy_rule
        context["counts"] = enterprise_counts(user)
        context["finance_counts"] = referral_counts(user)
    if scope.role == Role.ENTERPRISE:
        enterprise = visible_enterprises(user).first()
        context["enterprise"] = enterprise
        context["contacts"] = masked_contacts(enterprise) if enterprise else {}
    if scope.role == Role.ASSESSOR:
        context["assignments"] = list(assessor_assignments(user)[:20])
    if scope.role == Role.PROVIDER:
        context["provider"] = visible_providers(user).prefetch_related("segments").first()
    if scope.role is None:
        context["public_counts"] = enterprise_counts_public(program)
    return context


def enterprise_counts_public(program: Program) -> dict[str, int]:
    """Public showcase: totals only, never names or personal data."""
    from django.db.models import Count, Q

    counts = program.enterprises.aggregate(pilots=Count("pk", filter=Q(is_pilot=True)))
    counts["providers"] = directory_providers().filter(program=program).count()
    counts["segments"] = program.segments.count()
    return counts
