"""Follow-up outcomes (成效跟踪) and their totals."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.funding.models import (
    FollowUp,
)
from dxpilot.projects.selectors import visible_projects


def visible_followups(user: Any) -> QuerySet[FollowUp]:
    scope = scope_of(user)
    if scope.role not in (Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.ENTERPRISE):
        return FollowUp.objects.none()
    return FollowUp.objects.filter(project__in=visible_projects(user))


def followup_list(user: Any) -> QuerySet[FollowUp]:
    return (
        visible_followups(user)
        .select_related(
            "project__enterprise__division", "project__baseline_assessment", "followup_assessment"
        )
        .order_by("-year", "project__enterprise__name")
    )


def followup_totals(user: Any) -> dict[str, Any]:
    """Sums over the user's follow-ups (one query): programme revenue growth and 亩均效益 are
    ratios of sums, so large and small enterprises weigh by their size."""
    taxed = Q(tax_before__isnull=False, tax_after__isnull=False)
    return visible_followups(user).aggregate(
        n=Count("pk"),
        sum_revenue_before=Sum("revenue_before"),
        sum_revenue_after=Sum("revenue_after"),
        sum_land=Sum("land_mu"),
        sum_tax_before=Sum("tax_before", filter=taxed),
        sum_tax_after=Sum("tax_after", filter=taxed),
        sum_land_taxed=Sum("land_mu", filter=taxed),
        reached_l2=Count("pk", filter=Q(followup_assessment__level__gte=2)),
    )
