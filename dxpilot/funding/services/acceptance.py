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

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.engine import level_name
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.selectors import serving_provider_ids
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
        title=_("提交第 {round} 轮验收申请。").format(round=acceptance.round),
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
        title=_("县区初验通过（改造后评测{level}），报送市级验收。").format(
            level=level_name(t1.level or 0)
        ),
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
        title=_("验收申请被退回补正。"),
        to_status=ProjectStatus.COMPLETED,
        reasons=cleaned,
        changes={"acceptance": acceptance.pk, "acceptance_status": [before, S.RETURNED]},
    )
    return acceptance


# The city's expert review ------------------------------------------------------------------------


@transaction.atomic
def assign_expert(acceptance_id: int, *, actor: User, expert_id: int) -> Acceptance:
    """The city assigns the review expert: an active assessor whose organisation serves none of
    the enterprise's contracts (回避)."""
    from dxpilot.accounts.models import User as UserModel

    _require_role(actor, frozenset({Role.CITY_ADMIN}), _("验收评审专家由市级管理员指派。"))
    project, acceptance = _lock(actor, acceptance_id)
    _require_state(acceptance, (S.APPLIED, S.DISTRICT_CHECKED), _("指派专家"))
    expert = UserModel.objects.filter(pk=expert_id, role=Role.ASSESSOR, is_active=True).first()
    if expert is None:
        raise ValidationError({"expert": [_("请选择一位在册的评测专家。")]}, code="expert")
    if expert.provider_id is not None and expert.provider_id in serving_provider_ids(
        project.enterprise
    ):
        raise ValidationError(
            {
                "expert": [
                    _("评测专家 {name} 所在单位为该企业提供服务，须回避。").format(name=expert)
                ]
            },
            code="conflict",
        )
    before = acceptance.expert_id
    acceptance.expert = expert
    acceptance.save(update_fields=["expert"])
    log_event(
        project,
        actor=actor,
        kind="acceptance_expert",
        title=_("已指派市级验收评审专家。"),
        changes={"acceptance": acceptance.pk, "expert": [before, expert.pk]},
    )
    return acceptance


def _score(value: Any) -> Decimal | None:
    try:
        score = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None
    return score if Decimal(0) <= score <= Decimal(100) else None


@transaction.atomic
def review_acceptance(acceptance_id: int, *, actor: User, score: Any, opinion: str) -> Acceptance:
    """The assigned expert scores (0–100) and gives an opinion, after the district check."""
    _require_role(actor, frozenset({Role.ASSESSOR}), _("验收评审由被指派的评测专家完成。"))
    project, acceptance = _lock(actor, acceptance_id)
    if acceptance.expert_id != actor.pk:
        raise PermissionDenied(_("只有被指派的评测专家可以评审该验收申请。"))
    _require_state(acceptance, (S.DISTRICT_CHECKED,), _("评审"))
    errors: dict[str, list[str]] = {}
    value = _score(score)
    if value is None:
        errors["score"] = [_("评分应为 0 到 100 之间的数字。")]
    if not opinion.strip():
        errors["opinion"] = [_("请填写专家意见。")]
    if actor.provider_id is not None and actor.provider_id in serving_provider_ids(
        project.enterprise
    ):
        errors["__all__"] = [_("您所在单位为该企业提供服务，须回避，不能评审。")]
    if errors:
        raise ValidationError(errors, code="invalid")
    acceptance.status = S.EXPERT_REVIEWED
    acceptance.expert_score, acceptance.expert_opinion = value, opinion.strip()[:MAX_TEXT]
    acceptance.expert_reviewed_at = timezone.now()
    acceptance.save(
        update_fields=["status", "expert_score", "expert_opinion", "expert_reviewed_at"]
    )
    log_event(
        project,
        actor=actor,
        kind="acceptance_expert_review",
        title=_("市级验收专家评审完成。"),
        changes={
            "acceptance": acceptance.pk,
            "acceptance_status": [S.DISTRICT_CHECKED, S.EXPERT_REVIEWED],
            "score": str(value),
        },
    )
    return acceptance


# The city decides --------------------------------------------------------------------------------


@transaction.atomic
def decide_acceptance(
    acceptance_id: int, *, actor: User, accept: bool, reasons: list[str] | None = None
) -> Acceptance:
    """市级验收 decision. Accepting needs the expert review and a T1 at the minimum level;
    refusing needs reasons and may happen at any open step (e.g. a 一级 T1). Either way the
    project record is locked: nothing in its archive changes any more."""
    _require_role(actor, frozenset({Role.CITY_ADMIN}), _("验收决定由市级管理员作出。"))
    project, acceptance = _lock(actor, acceptance_id)
    cleaned = clean_reasons(reasons or [])
    if accept:
        _require_state(acceptance, (S.EXPERT_REVIEWED,), _("作出验收通过决定"))
        t1 = acceptance.post_assessment or post_assessment_for(project)
        problem = level_problem(project, t1)
        if problem:
            raise ValidationError({"__all__": [problem]}, code="level")
    else:
        _require_state(acceptance, OPEN, _("作出验收不通过决定"))
        if not cleaned:
            raise ValidationError({"reasons": [_("请填写验收不通过的理由。")]}, code="reasons")
        t1 = acceptance.post_assessment or post_assessment_for(project)
    before, now = acceptance.status, timezone.now()
    acceptance.status = S.ACCEPTED if accept else S.REFUSED
    acceptance.decided_by, acceptance.decided_at, acceptance.decision_reasons = actor, now, cleaned
    acceptance.post_assessment = t1
    acceptance.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reasons", "post_assessment"]
    )
    project.locked_at, project.post_assessment = now, t1
    project.save(update_fields=["locked_at", "post_assessment", "updated_at"])
    log_event(
        project,
        actor=actor,
        kind="acceptance_decision",
        title=_("验收通过，项目档案已锁定。") if accept else _("验收不通过，项目档案已锁定。"),
        to_status=ProjectStatus.ACCEPTED if accept else ProjectStatus.REFUSED,
        reasons=cleaned,
        changes={
            "acceptance": acceptance.pk,
            "acceptance_status": [before, acceptance.status],
            "locked_at": str(now),
            "t1": t1.pk if t1 else None,
        },
    )
    _detect_after_commit(project.pk)
    return acceptance


# What a user may do (pages show only these) ------------------------------------------------------


def acceptance_actions(
    user: Any, project: TransformationProject, acceptance: Acceptance | None
) -> set[str]:
    role = scope_of(user).role
    actions: set[str] = set()
    if (
        role == Role.ENTERPRISE
        and project.status == ProjectStatus.COMPLETED
        and not project.is_locked
    ):
        actions.add("apply")
    if acceptance is None:
        return actions
    status = acceptance.status
    if role == Role.DISTRICT_OFFICER and status == S.APPLIED:
        actions |= {"district_pass", "return"}
    if role == Role.CITY_ADMIN:
        if status in (S.APPLIED, S.DISTRICT_CHECKED):
            actions.add("assign_expert")
        if status in (S.DISTRICT_CHECKED, S.EXPERT_REVIEWED):
            actions.add("return")
        if status == S.EXPERT_REVIEWED:
            actions.add("accept")
        if status in OPEN:
            actions.add("refuse")
    if role == Role.ASSESSOR and status == S.DISTRICT_CHECKED and acceptance.expert_id == user.pk:
        actions.add("review")
    return actions
