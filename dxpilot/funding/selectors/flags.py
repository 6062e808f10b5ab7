"""Risk flags, for the city and the districts only."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.funding.models import (
    Flag,
)
from dxpilot.funding.selectors.common import (
    FLAG_ROLES,
    division_filter,
)
from dxpilot.projects.models import TransformationProject


def visible_flags(user: Any) -> QuerySet[Flag]:
    """Officials who can act on them (city, district in scope); never enterprises or providers."""
    scope = scope_of(user)
    if scope.role not in FLAG_ROLES:
        return Flag.objects.none()
    if scope.role == Role.DISTRICT_OFFICER:
        return Flag.objects.filter(division_filter("project__", scope.division_ids))
    return Flag.objects.all()


def flag_list(user: Any, status: str = "open", kind: str = "") -> QuerySet[Flag]:
    rows = visible_flags(user).select_related("project__enterprise__division", "resolved_by")
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-raised_at", "-pk")


def flag_counts(user: Any) -> dict[str, int]:
    rows = visible_flags(user).values("status", "kind").annotate(n=Count("pk")).order_by()
    counts: dict[str, int] = {"open": 0, "resolved": 0}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + row["n"]
        if row["status"] == Flag.Status.OPEN:
            counts[row["kind"]] = counts.get(row["kind"], 0) + row["n"]
    return counts


def get_flag_for_user(user: Any, pk: int) -> Flag:
    try:
        return visible_flags(user).select_related("project__enterprise", "resolved_by").get(pk=pk)
    except (Flag.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该风险提示，或您无权查看。")) from None


def project_flags(user: Any, project: TransformationProject) -> list[Flag]:
    return list(visible_flags(user).filter(project=project).order_by("status", "-raised_at"))
