"""The city's side of acceptance: the expert review (score and opinion by an assessor with no
conflict of interest), the decision that locks the project record, and which of these steps a
user may take (pages show only those)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.selectors import serving_provider_ids
from dxpilot.funding import phrases
from dxpilot.funding.models import Acceptance
from dxpilot.projects.models import ProjectStatus, TransformationProject
from dxpilot.projects.services.events import log_event

if TYPE_CHECKING:
    from dxpilot.accounts.models import User
from dxpilot.funding.services.acceptance import (
    MAX_TEXT,
    OPEN,
    S,
    _detect_after_commit,
    _lock,
    _require_role,
    _require_state,
    clean_reasons,
    level_problem,
    post_assessment_for,
)

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
        message=phrases.EXPERT_ASSIGNED.say(),
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
        message=phrases.EXPERT_REVIEWED.say(),
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
        message=(phrases.ACCEPTED if accept else phrases.REFUSED).say(),
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
