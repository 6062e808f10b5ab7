"""Milestones (里程碑) of the implementation with planned and actual dates. The first milestone
done moves a contracted project to implementing (新乡: 备案审核 → 改造实施)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.projects import phrases
from dxpilot.projects.models import Milestone, ProjectStatus
from dxpilot.projects.services.events import lock_project, log_event, require_unlocked
from dxpilot.projects.services.project import DELIVERY_OPEN, WRITERS, require_role, require_status

if TYPE_CHECKING:
    from dxpilot.accounts.models import User


@transaction.atomic
def add_milestone(
    project_id: int, *, actor: User, name: str, planned_on: date, note: str = ""
) -> Milestone:
    require_role(actor, WRITERS, _("登记里程碑"))
    project = lock_project(actor, project_id)
    require_unlocked(project)
    require_status(project, DELIVERY_OPEN, _("登记里程碑"))
    errors: dict[str, list[str]] = {}
    name = name.strip()
    if not name:
        errors["name"] = [_("请填写里程碑名称。")]
    elif project.milestones.filter(name=name).exists():
        errors["name"] = [_("里程碑“{name}”已存在。").format(name=name)]
    if planned_on < project.program.starts_on or planned_on > project.program.ends_on:
        errors["planned_on"] = [
            _("计划日期 {date} 不在试点期 {start} 至 {end} 内。").format(
                date=planned_on, start=project.program.starts_on, end=project.program.ends_on
            )
        ]
    if errors:
        raise ValidationError(errors)
    order = (project.milestones.aggregate(n=Max("order"))["n"] or 0) + 1
    milestone = Milestone.objects.create(
        project=project, name=name, planned_on=planned_on, note=note.strip()[:200], order=order
    )
    log_event(
        project,
        actor=actor,
        kind="milestone_plan",
        message=phrases.MILESTONE_PLANNED.say(name=name, date=planned_on),
        changes={"milestone": milestone.pk, "planned_on": str(planned_on)},
    )
    return milestone


@transaction.atomic
def complete_milestone(milestone_id: int, *, actor: User, actual_on: date) -> Milestone:
    require_role(actor, WRITERS, _("登记里程碑完成"))
    project_id = (
        Milestone.objects.filter(pk=milestone_id).values_list("project_id", flat=True).first()
    )
    if project_id is None:
        raise ValidationError(_("没有找到该里程碑，或您无权操作。"), code="not_found")
    project = lock_project(actor, project_id)
    require_unlocked(project)
    require_status(
        project,
        (ProjectStatus.CONTRACTED, ProjectStatus.IMPLEMENTING),
        _("登记里程碑完成（请先备案合同）"),
    )
    milestone = Milestone.objects.get(pk=milestone_id)
    errors: dict[str, list[str]] = {}
    if milestone.actual_on is not None:
        errors["actual_on"] = [
            _("里程碑“{name}”已于 {date} 完成。").format(
                name=milestone.name, date=milestone.actual_on
            )
        ]
    if actual_on > timezone.localdate():
        errors.setdefault("actual_on", []).append(_("实际完成日期不能晚于今天。"))
    if errors:
        raise ValidationError(errors)
    milestone.actual_on = actual_on
    milestone.save(update_fields=["actual_on"])
    log_event(
        project,
        actor=actor,
        kind="milestone_done",
        message=phrases.MILESTONE_DONE.say(
            name=milestone.name, date=actual_on, planned=milestone.planned_on
        ),
        to_status=ProjectStatus.IMPLEMENTING if project.status == ProjectStatus.CONTRACTED else "",
        changes={"milestone": milestone.pk, "actual_on": [None, str(actual_on)]},
    )
    return milestone
