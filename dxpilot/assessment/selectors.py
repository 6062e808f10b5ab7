"""Assessment reads and data scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.models import Assessment, AssessmentEvidence
from dxpilot.enterprises.models import Enterprise

# The roles that may open assessments (and their reports) at all; the rest see none.
READERS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.ASSESSOR, Role.ENTERPRISE})


def visible_assessments(user: Any) -> QuerySet[Assessment]:
    """City admin: all; district officer: their divisions' enterprises; assessor: assigned to
    them; enterprise: its own. The finance office sees levels through subsidies, not internals."""
    scope = scope_of(user)
    assessments = Assessment.objects.select_related("enterprise", "assessor")
    if scope.role not in READERS:
        return assessments.none()
    if scope.role == Role.CITY_ADMIN:
        return assessments
    if scope.role == Role.DISTRICT_OFFICER:
        return assessments.filter(
            Q(enterprise__division__in=scope.division_ids)
            | Q(enterprise__zone__in=scope.division_ids)
        )
    if scope.role == Role.ASSESSOR:
        return assessments.filter(assessor_id=scope.user_id)
    if scope.role == Role.ENTERPRISE and scope.enterprise_id is not None:
        return assessments.filter(enterprise_id=scope.enterprise_id)
    return assessments.none()


def get_assessment_for_user(user: Any, pk: int) -> Assessment:
    try:
        return (
            visible_assessments(user).select_related("enterprise__program", "reference").get(pk=pk)
        )
    except (Assessment.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该评测，或您无权查看。")) from None


def serving_provider_ids(enterprise: Enterprise) -> set[int]:
    """Providers that serve the enterprise: those holding a filed contract with it (through the
    relation names, so that assessment does not import the projects app above it)."""
    rows = enterprise.projects.filter(contracts__status="filed").values_list(
        "contracts__provider_id", flat=True
    )
    return set(rows)


def enterprise_assessments(enterprise: Enterprise) -> QuerySet[Assessment]:
    return enterprise.assessments.select_related("assessor").order_by("-created_at")


def assessor_assignments(user: Any) -> QuerySet[Assessment]:
    """The assessor's unfinished assessments: a locked one is done and is not listed as to do."""
    return (
        visible_assessments(user)
        .filter(assessor=user)
        .exclude(status=Assessment.Status.LOCKED)
        .select_related("enterprise__division")
        .order_by("status", "-created_at")
    )


def get_evidence_for_user(user: Any, pk: int) -> AssessmentEvidence:
    try:
        return AssessmentEvidence.objects.select_related("assessment").get(
            pk=pk, assessment__in=visible_assessments(user)
        )
    except (AssessmentEvidence.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该文件，或您无权查看。")) from None
