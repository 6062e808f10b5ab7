"""Project reads and their data scope (the same for pages, exports and the API)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.projects.models import Contract, Evidence, TransformationProject


def visible_projects(user: Any) -> QuerySet[TransformationProject]:
    """City admin and finance office: all; district officer: their divisions' enterprises;
    enterprise: its own; provider: projects it holds a filed contract for; assessor: projects
    whose acceptance review is assigned to them."""
    scope = scope_of(user)
    projects = TransformationProject.objects.select_related("enterprise", "enterprise__division")
    if scope.programme_wide:
        return projects
    if scope.role == Role.DISTRICT_OFFICER:
        return projects.filter(
            Q(enterprise__division__in=scope.division_ids)
            | Q(enterprise__zone__in=scope.division_ids)
        )
    if scope.role == Role.ENTERPRISE and scope.enterprise_id is not None:
        return projects.filter(enterprise_id=scope.enterprise_id)
    if scope.role == Role.PROVIDER and scope.provider_id is not None:
        contracted = Contract.objects.filter(provider_id=scope.provider_id).values("project_id")
        return projects.filter(pk__in=contracted)
    if scope.role == Role.ASSESSOR:
        return projects.filter(acceptances__expert_id=scope.user_id).distinct()
    return projects.none()


def get_project_for_user(user: Any, pk: int) -> TransformationProject:
    """404 whether the project is missing or out of scope."""
    try:
        return visible_projects(user).select_related("program", "enterprise__segment").get(pk=pk)
    except (TransformationProject.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该项目，或您无权查看。")) from None


def visible_evidence(user: Any) -> QuerySet[Evidence]:
    return Evidence.objects.filter(project__in=visible_projects(user))


def provider_ids_serving(enterprise_id: int) -> set[int]:
    """Providers holding a filed contract with the enterprise (conflict of interest for assessors)."""
    return set(
        Contract.objects.filter(
            project__enterprise_id=enterprise_id, status=Contract.Status.FILED
        ).values_list("provider_id", flat=True)
    )
