"""Technical-upgrade project writes: keyword-only `actor`, one transaction, an audit entry, and
refusals as a ValidationError naming every problem (nothing written).

The city admin records projects of any enterprise of the programme, a district officer those of
the enterprises of their divisions (技改项目摸排, Hefei plan §三.5). An enterprise outside the
actor's scope is refused with the same words as an unknown one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.scope import scope_of
from dxpilot.audit.services import Event, record, record_many, snapshot
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.programs.models import Program
from dxpilot.upgrades.models import UpgradeProject
from dxpilot.upgrades.rules import UpgradeData, upgrade_problems
from dxpilot.upgrades.selectors import WRITERS

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

FIELDS = (
    "enterprise_id", "name", "total_investment", "equipment_investment", "category", "status",
    "start_on", "end_on",
)  # fmt: skip
AUDITED = tuple(f.removesuffix("_id") if f == "enterprise_id" else f for f in FIELDS)


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(
            {name: [ValidationError(m, code="invalid") for m in ms] for name, ms in errors.items()}
        )


def require_writer(actor: User) -> None:
    if scope_of(actor).role not in WRITERS:
        raise PermissionDenied(_("只有市级管理员和县区工作人员可以维护技改项目清单。"))


def unknown_enterprise_message() -> str:
    return _("没有找到该企业，或该企业不在您的管辖范围内。")


def _check(
    program: Program, data: UpgradeData, actor: User, exclude_pk: int = 0
) -> dict[str, list[str]]:
    errors = upgrade_problems(data, timezone.localdate())
    in_scope = visible_enterprises(actor).filter(pk=data.enterprise_id, program=program).exists()
    if not in_scope:
        errors.setdefault("enterprise", []).append(unknown_enterprise_message())
    elif (
        data.name
        and UpgradeProject.objects.filter(enterprise_id=data.enterprise_id, name=data.name)
        .exclude(pk=exclude_pk)
        .exists()
    ):
        errors.setdefault("name", []).append(
            _("该企业已有名为“{name}”的技改项目。").format(name=data.name)
        )
    return errors


@transaction.atomic
def create_upgrade_project(program: Program, data: UpgradeData, *, actor: User) -> UpgradeProject:
    """Add a project to the list (§三.5 "形成项目清单")."""
    require_writer(actor)
    _raise_if(_check(program, data, actor))
    project = UpgradeProject.objects.create(
        program=program, created_by=actor, **{name: getattr(data, name) for name in FIELDS}
    )
    changes = {k: [None, v] for k, v in snapshot(project, AUDITED).items()}
    record(actor=actor, action="upgrades.create", target=project, changes=changes)
    return project


@transaction.atomic
def update_upgrade_project(project_id: int, data: UpgradeData, *, actor: User) -> UpgradeProject:
    """Correct a project or move it on (planned → under construction → completed)."""
    require_writer(actor)
    project = (
        UpgradeProject.objects.select_for_update().select_related("program").get(pk=project_id)
    )
    if not visible_enterprises(actor).filter(pk=project.enterprise_id).exists():
        raise PermissionDenied(_("该技改项目不在您的管辖范围内。"))
    _raise_if(_check(project.program, data, actor, exclude_pk=project.pk))
    before = snapshot(project, AUDITED)
    for name in FIELDS:
        setattr(project, name, getattr(data, name))
    project.save(update_fields=[*FIELDS, "updated_at"])
    after = snapshot(project, AUDITED)
    changes = {k: [before[k], after[k]] for k in AUDITED if before[k] != after[k]}
    record(actor=actor, action="upgrades.update", target=project, changes=changes)
    return project


@transaction.atomic
def import_upgrade_projects(
    program: Program, rows: Sequence[tuple[int | None, UpgradeData]], *, actor: User
) -> list[tuple[UpgradeProject, str]]:
    """The Excel import's write: (existing project id or None, data) per row, all or nothing;
    returns each row's project and outcome (created, updated or unchanged).
    Every row is judged again by the same rules (the file was checked before); new rows are
    inserted in bulk and the audit entries appended under one chain lock."""
    require_writer(actor)
    ids = [pk for pk, _data in rows if pk is not None]
    existing = {p.pk: p for p in UpgradeProject.objects.select_for_update().filter(pk__in=ids)}
    in_scope = set(
        visible_enterprises(actor)
        .filter(program=program, pk__in={d.enterprise_id for _pk, d in rows})
        .values_list("pk", flat=True)
    )
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    for n, (pk, data) in enumerate(rows, start=1):
        problems = upgrade_problems(data, today)
        if data.enterprise_id not in in_scope:
            problems.setdefault("enterprise", []).append(unknown_enterprise_message())
        if pk is not None and pk not in existing:
            problems.setdefault("name", []).append(_("该技改项目已被删除或移动。"))
        for name, messages in problems.items():
            errors.setdefault(name, []).extend(f"#{n}: {m}" for m in messages)
    _raise_if(errors)
    events: list[Event] = []
    created: list[UpgradeProject] = []
    saved: list[tuple[UpgradeProject, str]] = []
    for pk, data in rows:
        if pk is None:
            project = UpgradeProject(
                program=program, created_by=actor, **{f: getattr(data, f) for f in FIELDS}
            )
            created.append(project)
            saved.append((project, "created"))
            continue
        project = existing[pk]
        before = snapshot(project, AUDITED)
        for name in FIELDS:
            setattr(project, name, getattr(data, name))
        after = snapshot(project, AUDITED)
        changes = {k: [before[k], after[k]] for k in AUDITED if before[k] != after[k]}
        if changes:
            project.save(update_fields=[*FIELDS, "updated_at"])
            events.append(Event("upgrades.update", project, changes))
        saved.append((project, "updated" if changes else "unchanged"))
    UpgradeProject.objects.bulk_create(created, batch_size=1000)
    events.extend(
        Event("upgrades.create", p, {k: [None, v] for k, v in snapshot(p, AUDITED).items()})
        for p in created
    )
    record_many(actor=actor, events=events)
    return saved
