"""The acceptance queue, deadline alerts and what a project's acceptance page shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.selectors import serving_provider_ids
from dxpilot.funding.models import (
    Acceptance,
)
from dxpilot.funding.rules import acceptance_deadline, add_months
from dxpilot.funding.selectors.common import (
    SOON_DAYS,
    TODO,
    S,
    division_filter,
)
from dxpilot.programs.selectors import current_program
from dxpilot.projects.models import Contract, ProjectStatus, TransformationProject
from dxpilot.projects.selectors import visible_projects


def visible_acceptances(user: Any) -> QuerySet[Acceptance]:
    """City admin and finance: all; district officer: their divisions' and zones' enterprises;
    enterprise: its own; assessor: the reviews assigned to them; provider: none."""
    scope = scope_of(user)
    acceptances = Acceptance.objects.all()
    if scope.programme_wide:
        return acceptances
    if scope.role == Role.DISTRICT_OFFICER:
        return acceptances.filter(division_filter("project__", scope.division_ids))
    if scope.role == Role.ENTERPRISE and scope.enterprise_id is not None:
        return acceptances.filter(project__enterprise_id=scope.enterprise_id)
    if scope.role == Role.ASSESSOR:
        return acceptances.filter(expert_id=scope.user_id)
    return acceptances.none()


def get_acceptance_for_user(user: Any, pk: int) -> Acceptance:
    try:
        return (
            visible_acceptances(user)
            .select_related("project__enterprise", "project__program")
            .get(pk=pk)
        )
    except (Acceptance.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该验收申请，或您无权查看。")) from None


def default_queue_status(user: Any) -> str:
    return "todo" if scope_of(user).role in TODO else ""


def acceptance_queue(user: Any, status: str = "todo", q: str = "") -> QuerySet[Acceptance]:
    """The acceptance queue, oldest application first, with everything a row shows joined."""
    role = scope_of(user).role
    rows = visible_acceptances(user).select_related(
        "project__enterprise__division", "project__enterprise__zone", "expert", "post_assessment"
    )
    if status == "todo":
        rows = rows.filter(status__in=TODO.get(role, ()))  # type: ignore[call-overload]
        if role == Role.CITY_ADMIN:
            # The city acts on checked and reviewed ones, and on applied ones without an expert.
            rows = rows.exclude(status=S.APPLIED, expert__isnull=False)
    elif status:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(
            Q(project__enterprise__name__icontains=q)
            | Q(project__enterprise__credit_code=q.upper())
        )
    return rows.order_by("applied_at", "pk")


def acceptance_counts(user: Any) -> dict[str, int]:
    """Count per status (and the total) of the user's acceptances, one query."""
    rows = visible_acceptances(user).values("status").annotate(n=Count("pk")).order_by()
    counts = dict.fromkeys(S.values, 0)
    for row in rows:
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts[s] for s in S.values)
    return counts


@dataclass(frozen=True)
class DeadlineAlert:
    project: TransformationProject
    deadline: date
    days_left: int  # negative: overdue by that many days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def deadline_alerts(user: Any, *, today: date | None = None, limit: int = 20) -> dict[str, Any]:
    """Completed projects that have never applied for acceptance: overdue ones, and those whose
    deadline falls within SOON_DAYS (counts, and the first `limit` of each, most urgent first)."""
    scope = scope_of(user)
    if scope.role not in (Role.CITY_ADMIN, Role.DISTRICT_OFFICER):
        return {"overdue": [], "soon": [], "overdue_count": 0, "soon_count": 0}
    today = today or timezone.localdate()
    program = current_program()
    if program is None:
        return {"overdue": [], "soon": [], "overdue_count": 0, "soon_count": 0}
    months = int((program.acceptance_rule or {}).get("apply_within_months", 3))
    overdue_before = add_months(today, -months)
    soon_before = add_months(today + timedelta(days=SOON_DAYS), -months)
    waiting = (
        visible_projects(user)
        # The programme first: the (program, status) index finds the completed projects.
        .filter(
            program=program,
            status=ProjectStatus.COMPLETED,
            completed_on__isnull=False,
            acceptances__isnull=True,
        )
        .select_related("program")
    )
    counts = waiting.aggregate(
        overdue=Count("pk", filter=Q(completed_on__lt=overdue_before)),
        soon=Count("pk", filter=Q(completed_on__gte=overdue_before, completed_on__lt=soon_before)),
    )

    def alerts(qs: QuerySet[TransformationProject]) -> list[DeadlineAlert]:
        found = []
        for project in qs.order_by("completed_on", "pk")[:limit]:
            deadline = acceptance_deadline(project) or today
            found.append(DeadlineAlert(project, deadline, (deadline - today).days))
        return found

    return {
        "overdue": alerts(waiting.filter(completed_on__lt=overdue_before)),
        "soon": alerts(
            waiting.filter(completed_on__gte=overdue_before, completed_on__lt=soon_before)
        ),
        "overdue_count": counts["overdue"],
        "soon_count": counts["soon"],
    }


def project_acceptances(project: TransformationProject) -> list[Acceptance]:
    return list(
        project.acceptances.select_related(
            "post_assessment", "expert", "applied_by", "district_checked_by", "decided_by"
        ).order_by("-round")
    )


def contracted_providers(project: TransformationProject) -> list[Any]:
    from dxpilot.providers.models import Provider

    ids = Contract.objects.filter(project=project).values("provider_id")
    return list(Provider.objects.filter(pk__in=ids).order_by("name"))


def project_ratings(project: TransformationProject) -> list[Any]:
    from dxpilot.funding.services.followup import rating_subject
    from dxpilot.providers.models import ProviderRating

    return list(
        ProviderRating.objects.filter(
            enterprise_id=project.enterprise_id, subject=rating_subject(project)
        ).select_related("provider")
    )


def assessor_choices(project: TransformationProject) -> list[Any]:
    """Active assessors without a conflict of interest with the enterprise (回避)."""
    from dxpilot.accounts.models import User

    serving = serving_provider_ids(project.enterprise)
    assessors = User.objects.filter(role=Role.ASSESSOR, is_active=True).order_by("username")
    return (
        list(assessors.exclude(provider_id__in=serving)[:200]) if serving else list(assessors[:200])
    )
