"""Opening a transformation project (一企一案) and declaring it complete, plus who may do which
delivery step. Status flow owned here: planning → contracted → implementing → completed
(DESIGN §3); acceptance and later steps belong to the review services."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.matching.recommend import baseline_for
from dxpilot.projects import phrases
from dxpilot.projects.checklist import missing_for
from dxpilot.projects.models import (
    Contract,
    Evidence,
    EvidenceKind,
    InvestmentLine,
    ProjectStatus,
    TransformationProject,
)
from dxpilot.projects.services.events import lock_project, log_event, require_unlocked

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

# Who writes the delivery half: the enterprise itself and the officials of its division.
WRITERS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.ENTERPRISE})
# A contracted provider may add documents to the archive (DESIGN §1: "their project evidence").
UPLOADERS = WRITERS | {Role.PROVIDER}
# Statuses in which the plan, contracts, investments and milestones may still change.
DELIVERY_OPEN = (ProjectStatus.PLANNING, ProjectStatus.CONTRACTED, ProjectStatus.IMPLEMENTING)
# The archive stays open until the acceptance decision locks the record.
ARCHIVE_OPEN = (*DELIVERY_OPEN, ProjectStatus.COMPLETED, ProjectStatus.ACCEPTANCE)
CLOSED = (ProjectStatus.REFUSED, ProjectStatus.CLOSED)


def require_role(actor: Any, roles: frozenset[str], what: str) -> None:
    if scope_of(actor).role not in roles:
        raise PermissionDenied(_("您的角色不能{what}。").format(what=what))


def require_status(project: TransformationProject, allowed: tuple[str, ...], what: str) -> None:
    if project.status not in allowed:
        raise ValidationError(
            _("项目当前状态为“{status}”，不能{what}。").format(
                status=project.get_status_display(), what=what
            ),
            code="status",
        )


# Until the acceptance decision, the city may correct a filed completion date (with a reason).
CORRECTABLE = (ProjectStatus.COMPLETED, ProjectStatus.ACCEPTANCE)


def available_actions(user: Any, project: TransformationProject) -> set[str]:
    """The delivery steps the user may start on this project (pages show only these)."""
    role = scope_of(user).role
    if project.is_locked:
        return set()
    actions: set[str] = set()
    if role in WRITERS and project.status in DELIVERY_OPEN:
        actions |= {"plan", "contract", "investment", "milestone"}
        if project.status == ProjectStatus.IMPLEMENTING:
            actions.add("complete")
    if role in UPLOADERS and project.status in ARCHIVE_OPEN:
        actions |= {"upload", "submit_evidence"}
    if role == Role.CITY_ADMIN and project.status in CORRECTABLE:
        actions.add("correct_completion")
    return actions


def default_target(program: Any) -> int:
    return int((program.acceptance_rule or {}).get("min_level", 2))


@transaction.atomic
def open_project(
    enterprise_id: int, *, actor: User, title: str = "", target_level: int | None = None
) -> TransformationProject:
    """Open the enterprise's project. Only a pilot enterprise (入库) with a locked on-site
    baseline assessment (T0) qualifies (财建〔2023〕117号: diagnosis before transformation);
    one open project per enterprise (一企一案)."""
    require_role(actor, WRITERS, _("创建转型项目"))
    enterprise = (
        visible_enterprises(actor)
        .select_for_update(of=("self",))
        .select_related("program")
        .filter(pk=enterprise_id)
        .first()
    )
    if enterprise is None:
        raise ValidationError(_("没有找到该企业，或不在您的管辖范围。"), code="not_found")
    reasons: list[str] = []
    if not enterprise.is_pilot:
        reasons.append(
            _("“{name}”不是试点企业（尚未入库），不能创建转型项目。").format(name=enterprise.name)
        )
    baseline = baseline_for(enterprise)
    if baseline is None:
        reasons.append(
            _("“{name}”还没有已锁定的改造前现场评测（T0），请先安排现场评测并锁定结果。").format(
                name=enterprise.name
            )
        )
    current = enterprise.projects.exclude(status__in=CLOSED).first()
    if current is not None:
        reasons.append(
            _("该企业已有进行中的转型项目“{title}”（一企一案）。").format(title=current.title)
        )
    target = target_level or default_target(enterprise.program)
    if not 1 <= target <= 4:
        reasons.append(_("目标等级应为 1 到 4 级。"))
    if reasons or baseline is None:
        raise ValidationError(reasons, code="refused")
    project = TransformationProject.objects.create(
        program=enterprise.program,
        enterprise=enterprise,
        title=(title.strip() or _("{name}数字化改造项目").format(name=enterprise.name))[:120],
        baseline_assessment=baseline,
        target_level=target,
        created_by=actor,
    )
    log_event(
        project,
        actor=actor,
        kind="open",
        message=phrases.OPENED.say(level=baseline.level or 0, target=target),
        changes={
            "enterprise": enterprise.pk,
            "baseline_assessment": baseline.pk,
            "target_level": target,
        },
    )
    return project


def completion_date_problems(project: TransformationProject, completed_on: date) -> list[str]:
    """Why a completion date does not hold up against the archive's own dates.

    The completion year chooses the subsidy ratio (合肥: 50% for 2024, 40% for 2025), so the
    date must agree with the records: not in the future, not before the first filed contract,
    not before a milestone was done, and not in an earlier year than the last invoice or
    payment (work invoiced or paid in 2025 was not finished in 2024)."""
    problems: list[str] = []
    if completed_on > timezone.localdate():
        problems.append(_("完工日期不能晚于今天。"))
    first_signed = (
        Contract.objects.filter(project=project, status=Contract.Status.FILED)
        .order_by("signed_on")
        .values_list("signed_on", flat=True)
        .first()
    )
    if first_signed is not None and completed_on < first_signed:
        problems.append(
            _("完工日期 {date} 早于合同签订日期 {signed}。").format(
                date=completed_on, signed=first_signed
            )
        )
    last_milestone = (
        project.milestones.filter(actual_on__isnull=False)
        .order_by("-actual_on")
        .values_list("name", "actual_on")
        .first()
    )
    if last_milestone is not None and last_milestone[1] and completed_on < last_milestone[1]:
        problems.append(
            _("完工日期 {date} 早于里程碑“{name}”的完成日期 {done}。").format(
                date=completed_on, name=last_milestone[0], done=last_milestone[1]
            )
        )
    dates = InvestmentLine.objects.filter(project=project).aggregate(
        invoiced=Max("invoice_on"), paid=Max("paid_on")
    )
    for label, day in ((_("开票"), dates["invoiced"]), (_("付款"), dates["paid"])):
        if day is not None and day.year > completed_on.year:
            problems.append(
                _(
                    "完工日期 {date} 在 {year} 年，但最后一笔{what}在 {day}：完工年度决定奖补比例，"
                    "请按实际完工日期登记。"
                ).format(date=completed_on, year=completed_on.year, what=label, day=day)
            )
    return problems


@transaction.atomic
def complete_project(project_id: int, *, actor: User, completed_on: date) -> TransformationProject:
    """Declare the transformation finished: every milestone done and the completion report
    submitted (东莞: 完工报告 before acceptance); the date starts the acceptance deadline and,
    checked against the archive (`completion_date_problems`), decides the subsidy's year."""
    require_role(actor, WRITERS, _("登记改造完成"))
    project = lock_project(actor, project_id)
    require_unlocked(project)
    require_status(project, (ProjectStatus.IMPLEMENTING,), _("登记改造完成"))
    errors: dict[str, list[str]] = {}
    if problems := completion_date_problems(project, completed_on):
        errors["completed_on"] = problems
    reasons = [
        _("里程碑“{name}”尚未完成。").format(name=name)
        for name in project.milestones.filter(actual_on__isnull=True).values_list("name", flat=True)
    ]
    has_report = Evidence.objects.filter(
        project=project, kind=EvidenceKind.COMPLETION_REPORT, status=Evidence.Status.SUBMITTED
    ).exists()
    if not has_report:
        reasons.append(_("请先在档案中提交“项目完工/总结报告”。"))
    reasons += [item.message for item in missing_for(project, "completion")]
    if reasons:
        errors.setdefault("__all__", []).extend(reasons)
    if errors:
        raise ValidationError(errors)
    project.completed_on = completed_on
    project.save(update_fields=["completed_on", "updated_at"])
    log_event(
        project,
        actor=actor,
        kind="complete",
        message=phrases.COMPLETED.say(date=completed_on),
        to_status=ProjectStatus.COMPLETED,
        changes={"completed_on": [None, str(completed_on)]},
    )
    return project


@transaction.atomic
def correct_completion_date(
    project_id: int, *, actor: User, completed_on: date, reason: str
) -> TransformationProject:
    """Once filed, the completion date changes only by a recorded decision of the city: an
    official's reason, the same checks against the archive, a timeline entry and an audit
    entry; and only before the acceptance decision (the archive is then locked) and before a
    subsidy is approved on it."""
    if scope_of(actor).role != Role.CITY_ADMIN:
        raise PermissionDenied(_("只有市级管理员可以更正完工日期。"))
    project = lock_project(actor, project_id)
    require_unlocked(project)
    require_status(project, CORRECTABLE, _("更正完工日期"))
    errors: dict[str, list[str]] = {}
    reason = reason.strip()
    if not reason:
        errors["reason"] = [_("请写明更正完工日期的理由和依据。")]
    old = project.completed_on
    if old == completed_on:
        errors.setdefault("completed_on", []).append(_("新的完工日期与原日期相同。"))
    elif problems := completion_date_problems(project, completed_on):
        errors.setdefault("completed_on", []).extend(problems)
    if errors:
        raise ValidationError(errors)
    project.completed_on = completed_on
    project.save(update_fields=["completed_on", "updated_at"])
    log_event(
        project,
        actor=actor,
        kind="completion_corrected",
        message=phrases.COMPLETION_CORRECTED.say(old=old, new=completed_on),
        reasons=[reason],
        changes={"completed_on": [str(old), str(completed_on)], "reason": reason},
    )
    return project
