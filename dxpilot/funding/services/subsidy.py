"""Subsidy (奖补): computed for an accepted project by the programme's rule, then approved.

合肥 (若干政策 2024-05-28): min(ratio(year finished) × eligible investment, cap(level reached)) —
50% (2024) / 40% (2025) of software, cloud and data-device spending, capped at 30/40/50万元 for
二/三/四级. The arithmetic is `subsidy_rule.compute_subsidy` (pure, hand-tested); this module
feeds it the T1 level of the acceptance, the completion year and the investment lines, stores the
line-by-line explanation, and refuses anything but an accepted project. Approved subsidies
together never exceed the programme's central fund (财建〔2023〕117号: 省会城市 ≤ 1.5亿元).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.core.money import money as money
from dxpilot.funding import phrases
from dxpilot.funding.models import Acceptance, Subsidy
from dxpilot.funding.subsidy_rule import Line, SubsidyRefusedError, compute_subsidy
from dxpilot.programs.evidence import EvidenceKind
from dxpilot.programs.models import Program
from dxpilot.projects.models import Evidence, InvestmentLine, ProjectStatus
from dxpilot.projects.services.events import lock_project, log_event

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

CENT = Decimal("0.01")
# Statuses in which the project holds an accepted acceptance (the subsidy may be computed).
ACCEPTED_STATUSES = (ProjectStatus.ACCEPTED, ProjectStatus.SUBSIDISED, ProjectStatus.CLOSED)


def _require_city_admin(actor: Any, message: str) -> None:
    if scope_of(actor).role != Role.CITY_ADMIN:
        raise PermissionDenied(message)


@transaction.atomic
def compute_project_subsidy(project_id: int, *, actor: User) -> Subsidy:
    """Compute (or, while not yet approved, recompute) the subsidy of an accepted project."""
    _require_city_admin(actor, _("奖补由市级管理员核算。"))
    project = lock_project(actor, project_id)
    acceptance = (
        Acceptance.objects.filter(project=project, status=Acceptance.Status.ACCEPTED)
        .select_related("post_assessment")
        .order_by("-round")
        .first()
    )
    if project.status not in ACCEPTED_STATUSES or acceptance is None:
        raise ValidationError(
            _("项目“{title}”尚未通过验收（当前状态：“{status}”），不能核算奖补。").format(
                title=project.title, status=project.get_status_display()
            ),
            code="not_accepted",
        )
    existing = Subsidy.objects.select_for_update().filter(project=project).first()
    if existing is not None and existing.status != Subsidy.Status.COMPUTED:
        raise ValidationError(
            _("该项目的奖补当前状态为“{status}”，不能重新核算。").format(
                status=existing.get_status_display()
            ),
            code="approved",
        )
    t1 = acceptance.post_assessment
    lines = [
        Line(line.category, line.description, line.amount, paid=line.paid_amount)
        for line in InvestmentLine.objects.filter(project=project).order_by("created_at", "pk")
    ]
    reasons: list[str] = []
    if t1 is None or t1.level is None:
        reasons.append(_("验收记录缺少改造后现场评测（T1）等级，不能核算奖补。"))
    if project.completed_on is None:
        reasons.append(_("项目缺少改造完成日期，不能确定奖补比例。"))
    # 投入 is what was paid: the invoices and the bank slips must be in the archive.
    filed = set(
        Evidence.objects.filter(project=project, status=Evidence.Status.SUBMITTED).values_list(
            "kind", flat=True
        )
    )
    reasons.extend(
        _("档案中没有已提交的“{kind}”，不能按实际支付核算投入。").format(kind=kind.label)
        for kind in (EvidenceKind.INVOICE, EvidenceKind.PAYMENT)
        if kind not in filed
    )
    if reasons:
        raise ValidationError(reasons, code="refused")
    try:
        result = compute_subsidy(
            project.program.subsidy_rule,
            level=int(t1.level),  # type: ignore[union-attr,arg-type]
            completion_year=project.completed_on.year,  # type: ignore[union-attr]
            lines=lines,
        )
    except SubsidyRefusedError as exc:
        raise ValidationError(exc.reasons, code="rule") from None
    values = {
        "completion_year": result.completion_year,
        "level": result.level,
        "eligible_investment": result.eligible_investment,
        "ratio": result.ratio,
        "cap": result.cap,
        "amount": result.amount,
        "explanation": result.explanation,
        "computed_by": actor,
        "computed_at": timezone.now(),
    }
    before = str(existing.amount) if existing else None
    if existing is None:
        subsidy = Subsidy.objects.create(project=project, **values)
    else:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save(update_fields=list(values))
        subsidy = existing
    log_event(
        project,
        actor=actor,
        kind="subsidy_computed",
        message=phrases.SUBSIDY_COMPUTED.say(
            amount=result.amount,
            eligible=result.eligible_investment,
            ratio=f"{result.ratio * 100:.0f}",
            cap=result.cap,
        ),
        changes={"subsidy": subsidy.pk, "amount": [before, str(result.amount)]},
    )
    return subsidy


def committed_total(program: Program) -> Decimal:
    """Approved and paid subsidies of the programme (what the fund is committed to)."""
    total = Subsidy.objects.filter(
        project__program=program, status__in=(Subsidy.Status.APPROVED, Subsidy.Status.PAID)
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


@transaction.atomic
def approve_subsidy(subsidy_id: int, *, actor: User) -> Subsidy:
    """核定: the city confirms the computed amount; the programme row is locked so that two
    approvals at once cannot together exceed the central fund."""
    _require_city_admin(actor, _("奖补由市级管理员核定。"))
    project_id = Subsidy.objects.filter(pk=subsidy_id).values_list("project_id", flat=True).first()
    if project_id is None:
        raise ValidationError(_("没有找到该奖补，或您无权操作。"), code="not_found")
    project = lock_project(actor, project_id)
    program = Program.objects.select_for_update().get(pk=project.program_id)
    subsidy = Subsidy.objects.select_for_update().get(pk=subsidy_id)
    if subsidy.status != Subsidy.Status.COMPUTED:
        raise ValidationError(
            _("该奖补已由他人处理（当前状态：“{status}”），请刷新页面。").format(
                status=subsidy.get_status_display()
            ),
            code="stale",
        )
    reasons: list[str] = []
    if subsidy.amount <= 0:
        reasons.append(_("奖补金额为 0 元（没有可计入奖补的投入），无需核定拨付。"))
    committed = committed_total(program)
    if committed + subsidy.amount > program.central_fund_cap:
        reasons.append(
            _(
                "核定后奖补合计 {total} 元将超过中央财政资金上限 {cap} 元（已核定 {committed} 元）。"
            ).format(
                total=money(committed + subsidy.amount),
                cap=money(program.central_fund_cap),
                committed=money(committed),
            )
        )
    if reasons:
        raise ValidationError(reasons, code="refused")
    subsidy.status = Subsidy.Status.APPROVED
    subsidy.save(update_fields=["status"])
    log_event(
        project,
        actor=actor,
        kind="subsidy_approved",
        message=phrases.SUBSIDY_APPROVED.say(amount=subsidy.amount),
        changes={
            "subsidy": subsidy.pk,
            "subsidy_status": [Subsidy.Status.COMPUTED, Subsidy.Status.APPROVED],
        },
    )
    return subsidy
