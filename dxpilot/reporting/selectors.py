"""Circular and evaluation reads and their data scope.

- Circulars: the city admin sees every circular, drafts included; a district officer sees the
  issued circulars whose scope (`Circular.divisions`) includes one of their divisions; nobody
  else sees any (§五.1: circulars go from the city to the 县（市）区 and 开发区).
- Evaluations: the city admin sees all, drafts included; the finance office (co-responsible for
  绩效评价, §三.9) and district officers the issued ones.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.reporting.models import Circular, PerformanceEvaluation, ReportStatus

CIRCULAR_READERS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})
EVALUATION_READERS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.FINANCE_OFFICER})


def visible_circulars(user: Any) -> QuerySet[Circular]:
    scope = scope_of(user)
    circulars = Circular.objects.select_related("program", "issued_by")
    if scope.role == Role.CITY_ADMIN:
        return circulars
    if scope.role == Role.DISTRICT_OFFICER:
        concerned = Circular.objects.filter(divisions__in=scope.division_ids).values("pk")
        return circulars.filter(status=ReportStatus.ISSUED, pk__in=concerned)
    return circulars.none()


def get_circular_for_user(user: Any, pk: int) -> Circular:
    try:
        return visible_circulars(user).get(pk=pk)
    except (Circular.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该通报，或您无权查看。")) from None


def visible_evaluations(user: Any) -> QuerySet[PerformanceEvaluation]:
    scope = scope_of(user)
    evaluations = PerformanceEvaluation.objects.select_related("program", "issued_by")
    if scope.role == Role.CITY_ADMIN:
        return evaluations
    if scope.role in EVALUATION_READERS:
        return evaluations.filter(status=ReportStatus.ISSUED)
    return evaluations.none()


def get_evaluation_for_user(user: Any, pk: int) -> PerformanceEvaluation:
    try:
        return visible_evaluations(user).get(pk=pk)
    except (PerformanceEvaluation.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该绩效评价报告，或您无权查看。")) from None


def circular_division_names(circulars: list[Circular]) -> dict[int, list[str]]:
    """The scope of each listed circular, in one query (list pages show it)."""
    through = Circular.divisions.through
    names: dict[int, list[str]] = {c.pk: [] for c in circulars}
    rows = (
        through.objects.filter(circular_id__in=list(names))
        .order_by("division__order")
        .values_list("circular_id", "division__short_name", "division__name")
    )
    for circular_id, short, name in rows:
        names[circular_id].append(short or name)
    return names


def circular_division_codes(circulars: list[Circular]) -> dict[int, list[str]]:
    """The division codes of each circular's scope, in one query (the API lists them)."""
    through = Circular.divisions.through
    codes: dict[int, list[str]] = {c.pk: [] for c in circulars}
    rows = (
        through.objects.filter(circular_id__in=list(codes))
        .order_by("division__order")
        .values_list("circular_id", "division__code")
    )
    for circular_id, code in rows:
        codes[circular_id].append(code)
    return codes
