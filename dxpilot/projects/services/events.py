"""The timeline entry and audit record that every project transition writes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxpilot.audit.services import record
from dxpilot.projects.models import Evidence, ProjectEvent, TransformationProject
from dxpilot.projects.selectors import visible_projects
from dxpilot.projects.signals import project_records_changed

if TYPE_CHECKING:
    from dxpilot.accounts.models import User


def lock_project(actor: User, project_id: int) -> TransformationProject:
    """The project row, locked for this transaction, within the actor's scope (else refused)."""
    project = (
        visible_projects(actor)
        .select_for_update(of=("self",))
        .select_related("program", "enterprise__segment", "enterprise__program")
        .filter(pk=project_id)
        .first()
    )
    if project is None:
        raise ValidationError(_("没有找到该项目，或您无权操作。"), code="not_found")
    return project


def require_unlocked(project: TransformationProject) -> None:
    if project.is_locked:
        raise ValidationError(_("项目已完成验收决定，档案已锁定，不能再修改。"), code="locked")


def log_event(
    project: TransformationProject,
    *,
    actor: User | None,
    kind: str,
    message: dict[str, Any],
    to_status: str = "",
    reasons: list[str] | None = None,
    evidence: Evidence | None = None,
    changes: dict[str, Any] | None = None,
) -> ProjectEvent:
    """Append a timeline event; when `to_status` is given the project moves to it (saved here).

    `message` is a stored sentence (``PHRASE.say(...)``, see projects/phrases.py and
    funding/phrases.py): the timeline says it in the reader's language."""
    from_status = project.status
    if to_status and to_status != project.status:
        project.status = to_status
        project.save(update_fields=["status", "updated_at"])
    event = ProjectEvent.objects.create(
        project=project,
        kind=kind,
        message=message,
        from_status=from_status if to_status else "",
        to_status=to_status,
        reasons=reasons or [],
        actor=actor,
        evidence=evidence,
    )
    audit_changes = dict(changes or {})
    if to_status and to_status != from_status:
        audit_changes["status"] = [from_status, to_status]
    if reasons:
        audit_changes["reasons"] = reasons
    record(actor=actor, action=f"project.{kind}", target=project, changes=audit_changes)
    return event


def notify_records_changed(project_id: int) -> None:
    """Tell listeners (the funding app's fraud detectors) once this write has committed."""
    transaction.on_commit(
        lambda: project_records_changed.send(sender=TransformationProject, project_id=project_id)
    )
