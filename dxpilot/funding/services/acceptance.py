"""Acceptance (验收): the enterprise applies, the district checks (县区初验), the city's expert
reviews (score and opinion), the city decides (accept / refuse / return with reasons).

Rules, all from the programme file (Program.acceptance_rule): the archive checklist for
"acceptance" is complete (昆明's eight materials, §6.6 of the requirements); the enterprise
applies within `apply_within_months` of completion (昆明: 3 months); the on-site post assessment
(T1, locked, dated on or after completion) reaches `min_level` (柳州: 二级 or above). The expert
is an assessor with no conflict of interest (their organisation serves no contract of the
enterprise). A decided acceptance locks the project record.

Every transition locks the project row, then the acceptance row, and re-checks the state, so
two officials deciding the same step at once are serialised: the second is refused with
"已由他人处理" and nothing changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.engine import level_name
from dxpilot.assessment.models import Assessment
from dxpilot.funding import phrases
from dxpilot.funding.models import Acceptance
from dxpilot.funding.rules import acceptance_deadline, apply_within_months, min_level
from dxpilot.funding.services.flags import detect_project_flags
from dxpilot.projects.checklist import missing_for
from dxpilot.projects.models import ProjectStatus, TransformationProject
from dxpilot.projects.selectors import visible_projects
from dxpilot.projects.services.events import lock_project, log_event, require_unlocked

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

S = Acceptance.Status
OPEN = (S.APPLIED, S.DISTRICT_CHECKED, S.EXPERT_REVIEWED)
DECIDED = (S.ACCEPTED, S.REFUSED)
MAX_REASONS = 10
MAX_TEXT = 2000


def post_assessment_for(project: TransformationProject) -> Assessment | None:
    """The latest locked on-site post assessment (T1) dated on or after completion."""
    t1 = Assessment.objects.filter(
        enterprise_id=project.enterprise_id,
        kind=Assessment.Kind.ONSITE_AFTER,
        status=Assessment.Status.LOCKED,
    )
    if project.completed_on is not None:
        t1 = t1.filter(assessed_on__gte=project.completed_on)
    return t1.order_by("-locked_at", "-pk").first()


def level_problem(project: TransformationProject, t1: Assessment | None) -> str | None:
    """Why the T1 result does not allow acceptance (None: it does)."""
    required = min_level(project)
    if t1 is None:
        return _("尚无已锁定的改造后现场评测（T1），请先安排现场评测。")
    if (t1.level or 0) < required:
        return _(
            "改造后现场评测（T1）结果为{level}，未达到验收要求的{required}，不能通过验收。"
        ).format(level=level_name(t1.level or 0), required=level_name(required))
    return None


# Shared checks -----------------------------------------------------------------------------------


def _require_role(actor: Any, roles: frozenset[str], message: str) -> None:
    if scope_of(actor).role not in roles:
        raise PermissionDenied(message)


def _lock(actor: User, acceptance_id: int) -> tuple[TransformationProject, Acceptance]:
    """Lock the project (scoped to the actor), then the acceptance row, in that order always."""
    project_id = (
        Acceptance.objects.filter(pk=acceptance_id, project__in=visible_projects(actor))
        .values_list("project_id", flat=True)
        .first()
    )
    if project_id is None:
        raise ValidationError(_("没有找到该验收申请，或您无权操作。"), code="not_found")
    # The scope was checked just above; the lock itself is taken on the bare row, because the
    # assessor's scope query is DISTINCT and PostgreSQL refuses FOR UPDATE with DISTINCT.
    project = (
        TransformationProject.objects.select_for_update(of=("self",))
        .select_related("program", "enterprise__segment", "enterprise__program")
        .get(pk=project_id)
    )
    acceptance = (
        Acceptance.objects.select_for_update(of=("self",))
        .select_related("post_assessment", "expert")
        .get(pk=acceptance_id)
    )
    return project, acceptance


def _require_state(acceptance: Acceptance, allowed: tuple[str, ...], verb: str) -> None:
    """The state re-check after the lock: a step already taken by someone else is refused."""
    if acceptance.status not in allowed:
        raise ValidationError(
            _(
                "该验收申请已由他人处理（当前状态：“{status}”），不能再{verb}。请刷新页面后查看。"
            ).format(status=acceptance.get_status_display(), verb=verb),
            code="stale",
        )


def clean_reasons(reasons: list[str] | tuple[str, ...]) -> list[str]:
    cleaned = [r.strip()[:500] for r in reasons if r and r.strip()]
    return cleaned[:MAX_REASONS]


def _detect_after_commit(project_id: int) -> None:
    transaction.on_commit(lambda: detect_project_flags(project_id))


# The enterprise applies --------------------------------------------------------------------------


@transaction.atomic
def apply_for_acceptance(project_id: int, *, actor: User) -> Acceptance:
    """The enterprise applies once the work is completed and the archive checklist is complete,
    within the programme's months after completion (the first time; a returned application may
    be filed again after it is put right). A T1 already below the minimum level is refused."""
    _require_role(actor, frozenset({Role.ENTERPRISE}), _("验收申请由企业本身提交。"))
    project = lock_project(actor, project_id)
    require_unlocked(project)
    reasons: list[str] = []
    if project.status != ProjectStatus.COMPLETED:
        reasons.append(
            _("项目当前状态为“{status}”，改造完成并登记完工日期后才能申请验收。").format(
                status=project.get_status_display()
            )
        )
    reasons += [item.message for item in missing_for(project, "acceptance")]
    previous = project.acceptances.count()
    deadline = acceptance_deadline(project)
    today = timezone.localdate()
    if previous == 0 and deadline is not None and today > deadline:
        reasons.append(
            _(
                "已超过验收申请期限：改造于 {completed} 完成，应在 {months} 个月内（{deadline} 前）申请验收。"
            ).format(
                completed=project.completed_on,
                months=apply_within_months(project),
                deadline=deadline,
            )
        )
    t1 = post_assessment_for(project)
    if t1 is not None and (problem := level_problem(project, t1)):
        reasons.append(problem)
    if reasons:
        raise ValidationError(reasons, code="refused")
    acceptance = Acceptance.objects.create(
        project=project, round=previous + 1, applied_by=actor, post_assessment=t1
    )
    log_event(
        project,
        actor=actor,
        kind="acceptance_apply",
        message=phrases.ACCEPTANCE_APPLIED.say(round=acceptance.round),
        to_status=ProjectStatus.ACCEPTANCE,
        changes={"acceptance": acceptance.pk, "round": acceptance.round},
    )
    _detect_after_commit(project.pk)
    return acceptance


# The district's preliminary check ----------------------------------------------------------------


@transaction.atomic
def pass_district_check(acceptance_id: int, *, actor: User, opinion: str = "") -> Acceptance:
    """县区初验: the district officer confirms the archive and the T1 result (≥ min level)."""
    _require_role(
        actor,
        frozenset({Role.DISTRICT_OFFICER}),
        _("县区初验由企业所在县区（开发区）的工作人员办理。"),
    )
    project, acceptance = _lock(actor, acceptance_id)
    _require_state(acceptance, (S.APPLIED,), _("通过初验"))
    t1 = post_assessment_for(project)
    problem = level_problem(project, t1)
    if problem or t1 is None:
        raise ValidationError({"__all__": [problem]}, code="level")
    acceptance.status = S.DISTRICT_CHECKED
    acceptance.post_assessment = t1
    acceptance.district_checked_by, acceptance.district_checked_at = actor, timezone.now()
    acceptance.district_opinion = opinion.strip()[:MAX_TEXT]
    acceptance.save(
        update_fields=[
            "status",
            "post_assessment",
            "district_checked_by",
            "district_checked_at",
            "district_opinion",
        ]
    )
    log_event(
        project,
        actor=actor,
        kind="acceptance_district_pass",
        message=phrases.DISTRICT_PASSED.say(level=t1.level or 0),
        changes={
            "acceptance": acceptance.pk,
            "acceptance_status": [S.APPLIED, S.DISTRICT_CHECKED],
            "t1": t1.pk,
        },
    )
    return acceptance


@transaction.atomic
def return_acceptance(acceptance_id: int, *, actor: User, reasons: list[str]) -> Acceptance:
    """Return the application to the enterprise with reasons: the district at its check, the
    city after it; the project goes back to "completed" so the archive can be put right."""
    role = scope_of(actor).role
    _require_role(
        actor,
        frozenset({Role.DISTRICT_OFFICER, Role.CITY_ADMIN}),
        _("只有县区工作人员（初验）和市级管理员（验收）可以退回验收申请。"),
    )
    project, acceptance = _lock(actor, acceptance_id)
    sources = (
        (S.APPLIED,) if role == Role.DISTRICT_OFFICER else (S.DISTRICT_CHECKED, S.EXPERT_REVIEWED)
    )
    _require_state(acceptance, sources, _("退回"))
    cleaned = clean_reasons(reasons)
    if not cleaned:
        raise ValidationError({"reasons": [_("请填写退回理由，企业将据此补正。")]}, code="reasons")
    before = acceptance.status
    acceptance.status, acceptance.decision_reasons = S.RETURNED, cleaned
    fields = ["status", "decision_reasons"]
    if role == Role.DISTRICT_OFFICER:
        acceptance.district_checked_by, acceptance.district_checked_at = actor, timezone.now()
        fields += ["district_checked_by", "district_checked_at"]
    else:
        acceptance.decided_by, acceptance.decided_at = actor, timezone.now()
        fields += ["decided_by", "decided_at"]
    acceptance.save(update_fields=fields)
    log_event(
        project,
        actor=actor,
        kind="acceptance_return",
        message=phrases.RETURNED.say(),
        to_status=ProjectStatus.COMPLETED,
        reasons=cleaned,
        changes={"acceptance": acceptance.pk, "acceptance_status": [before, S.RETURNED]},
    )
    return acceptance
