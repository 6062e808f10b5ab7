"""One timeline per enterprise (DESIGN §3): application steps, assessments, every project event
(with its actor, reasons and document — acceptance and subsidy steps are project events too),
contract signings and milestones, oldest first. Five queries whatever the history's length."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.selectors import READERS as ASSESSMENT_READERS
from dxpilot.core.money import money
from dxpilot.enterprises.models import Enterprise
from dxpilot.projects.models import Contract, Milestone, ProjectEvent, ProjectStatus
from dxpilot.projects.selectors import visible_projects

try:  # applications may be absent in a trimmed installation
    from dxpilot.enterprises.models import ApplicationEvent, ApplicationStatus
except ImportError:  # pragma: no cover
    ApplicationEvent = None  # type: ignore[assignment,misc]
    ApplicationStatus = None  # type: ignore[assignment,misc]

# Roles that see the enterprise's whole history; a provider sees only the projects it serves.
WHOLE_HISTORY = frozenset(
    {Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.FINANCE_OFFICER, Role.ENTERPRISE}
)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    source: str  # application | assessment | project | contract | milestone
    title: str
    date_only: bool = False
    actor: str = ""
    status: str = ""  # the status reached, as a label
    reasons: list[str] = field(default_factory=list)
    evidence_id: int | None = None
    evidence_name: str = ""
    project_id: int | None = None
    url: str = ""

    @property
    def day(self) -> date:
        return timezone.localtime(self.at).date() if not self.date_only else self.at.date()


def _day(value: date) -> datetime:
    return timezone.make_aware(datetime.combine(value, time.min))


def _actor(user: Any) -> str:
    if user is None:
        return _("系统")
    role = Role(user.role).label if user.role in Role.values else ""
    return (
        f"{user.get_full_name() or user.get_username()}（{role}）" if role else user.get_username()
    )


def _application_entry(event: Any) -> TimelineEntry:
    status = event.to_status
    return TimelineEntry(
        at=event.at,
        source="application",
        title=_("申报 {batch}：{action}").format(
            batch=event.application.batch.name, action=event.get_action_display()
        ),
        actor=_actor(event.actor),
        status=str(ApplicationStatus(status).label) if status in ApplicationStatus.values else "",
        reasons=list(event.reasons or []) + ([event.comment] if event.comment else []),
        url=reverse("enterprises:application", args=[event.application_id]),
    )


def _assessment_entries(a: Assessment, *, linked: bool) -> list[TimelineEntry]:
    # The finance office sees the steps but opens no assessment (assessment.selectors.READERS).
    url = reverse("assessment:report", args=[a.pk]) if linked else ""
    values = {
        "kind": a.get_kind_display(),
        "total": a.total,
        "level": a.level_name,
    }
    entries = []
    if a.submitted_at is not None and a.kind == Assessment.Kind.SELF:
        title = _("提交{kind}：总分 {total}，{level}").format(**values)
        entries.append(TimelineEntry(a.submitted_at, "assessment", title, url=url))
    if a.locked_at is not None:
        title = _("{kind}锁定：总分 {total}，{level}").format(**values)
        entries.append(
            TimelineEntry(a.locked_at, "assessment", title, actor=_actor(a.assessor), url=url)
        )
    return entries


def _project_entry(event: ProjectEvent) -> TimelineEntry:
    return TimelineEntry(
        at=event.at,
        source="project",
        title=event.text,
        actor=_actor(event.actor),
        status=str(ProjectStatus(event.to_status).label)
        if event.to_status in ProjectStatus.values
        else "",
        reasons=list(event.reasons or []),
        evidence_id=event.evidence_id,
        evidence_name=event.evidence.original_name if event.evidence else "",
        project_id=event.project_id,
        url=reverse("projects:detail", args=[event.project_id]),
    )


def _contract_entry(contract: Contract) -> TimelineEntry:
    return TimelineEntry(
        at=_day(contract.signed_on),
        source="contract",
        title=_(
            "签订合同 {number}（{provider}），{amount} 元，工期 {start} 至 {end}{status}"
        ).format(
            number=contract.number,
            provider=contract.provider.name,
            amount=money(contract.amount),
            start=contract.starts_on,
            end=contract.ends_on,
            status=_("（已变更）") if contract.status == Contract.Status.SUPERSEDED else "",
        ),
        date_only=True,
        project_id=contract.project_id,
    )


def _milestone_entry(milestone: Milestone) -> TimelineEntry:
    if milestone.actual_on is not None:
        title = _("里程碑“{name}”完成（计划 {planned}）").format(
            name=milestone.name, planned=milestone.planned_on
        )
    else:
        title = _("里程碑“{name}”计划于此日完成").format(name=milestone.name)
    return TimelineEntry(
        at=_day(milestone.actual_on or milestone.planned_on),
        source="milestone",
        title=title,
        date_only=True,
        status=_("已完成") if milestone.actual_on is not None else _("计划"),
        project_id=milestone.project_id,
    )


def enterprise_timeline(user: Any, enterprise: Enterprise) -> list[TimelineEntry]:
    """The enterprise's history as `user` may see it (call with an enterprise already scoped):
    one query per source, five in all."""
    entries: list[TimelineEntry] = []
    role = scope_of(user).role
    if role in WHOLE_HISTORY:
        if ApplicationEvent is not None:
            events = (
                ApplicationEvent.objects.filter(application__enterprise=enterprise)
                .select_related("actor", "application__batch")
                .order_by("at", "pk")
            )
            entries.extend(_application_entry(event) for event in events)
        assessments = (
            Assessment.objects.filter(enterprise=enterprise)
            .exclude(status=Assessment.Status.DRAFT)
            .select_related("assessor")
            .order_by("submitted_at", "pk")
        )
        linked = role in ASSESSMENT_READERS
        entries.extend(e for a in assessments for e in _assessment_entries(a, linked=linked))
    projects = visible_projects(user).filter(enterprise=enterprise).values("pk")
    project_events = (
        ProjectEvent.objects.filter(project__in=projects)
        .select_related("actor", "evidence")
        .order_by("at", "pk")
    )
    entries.extend(_project_entry(event) for event in project_events)
    contracts = (
        Contract.objects.filter(project__in=projects)
        .select_related("provider")
        .order_by("signed_on", "pk")
    )
    entries.extend(_contract_entry(contract) for contract in contracts)
    milestones = Milestone.objects.filter(project__in=projects).order_by("planned_on", "pk")
    entries.extend(_milestone_entry(milestone) for milestone in milestones)
    entries.sort(key=lambda e: e.at)
    return entries
