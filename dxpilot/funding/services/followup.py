"""After acceptance: the enterprise rates its provider (厦门: the enterprise's satisfaction with
the provider is heard at acceptance; it feeds the provider's yearly evaluation), and a year
later the outcome is recorded (成效跟踪): revenue, 亩均效益 and the T2 level, so the programme can
show its +15% targets (合肥 "5522": 营业收入 and 亩均效益 of pilot enterprises up 15%).

亩均效益 = revenue (or tax) ÷ land in 亩; growth = after ÷ before − 1. The formulas are returned
with the figures so pages show how each number was obtained.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.models import Assessment
from dxpilot.funding import phrases
from dxpilot.funding.models import Acceptance, FollowUp
from dxpilot.funding.services.subsidy import ACCEPTED_STATUSES
from dxpilot.projects.models import Contract, ProjectStatus
from dxpilot.projects.services.events import lock_project, log_event

if TYPE_CHECKING:
    from dxpilot.accounts.models import User
    from dxpilot.projects.models import TransformationProject

RECORDERS = frozenset({Role.ENTERPRISE, Role.DISTRICT_OFFICER, Role.CITY_ADMIN})
FOUR = Decimal("0.0001")
TWO = Decimal("0.01")


# Rating the provider -----------------------------------------------------------------------------


def rating_subject(project: TransformationProject) -> str:
    """What a rating is about: one rating per provider and project."""
    return f"project:{project.pk}"


@transaction.atomic
def rate_project_provider(
    project_id: int, *, actor: User, provider_id: int, score: int, comment: str = ""
) -> Any:
    """After acceptance the enterprise rates (1–5) each provider it contracted on the project;
    the rating is stored by the providers app (rate_provider), which feeds the evaluation."""
    from dxpilot.providers.services.sanctions import rate_provider

    if scope_of(actor).role != Role.ENTERPRISE:
        raise PermissionDenied(_("只有企业本身可以评价为其服务的服务商。"))
    project = lock_project(actor, project_id)
    reasons: list[str] = []
    if project.status not in ACCEPTED_STATUSES:
        reasons.append(
            _("项目通过验收后才能评价服务商（当前状态：“{status}”）。").format(
                status=project.get_status_display()
            )
        )
    contracted = Contract.objects.filter(project=project, provider_id=provider_id).exists()
    if not contracted:
        reasons.append(_("该服务商没有与本项目签订合同，不能评价。"))
    if reasons:
        raise ValidationError({"__all__": reasons}, code="refused")
    rating = rate_provider(
        provider_id,
        actor=actor,
        enterprise_id=project.enterprise_id,
        score=score,
        comment=comment,
        subject=rating_subject(project),
    )
    log_event(
        project,
        actor=actor,
        kind="provider_rated",
        message=phrases.PROVIDER_RATED.say(provider=rating.provider.name, score=score),
        changes={"provider": provider_id, "score": score},
    )
    return rating


# The follow-up a year later ----------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpData:
    year: int
    revenue_before: Decimal  # 万元
    revenue_after: Decimal
    land_mu: Decimal
    tax_before: Decimal | None = None
    tax_after: Decimal | None = None


@dataclass(frozen=True)
class Growth:
    label: str
    before: Decimal | None
    after: Decimal | None
    rate: Decimal | None  # after ÷ before − 1
    formula: str


def growth_rate(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    if before is None or after is None or before <= 0:
        return None
    return (after / before - 1).quantize(FOUR, ROUND_HALF_UP)


def _pct(rate: Decimal | None) -> str:
    return "—" if rate is None else f"{rate * 100:+.1f}%"


def _num(value: Decimal | None) -> str:
    """Figures in formulas: two decimals with thousands separators, whatever the database gave."""
    return "—" if value is None else f"{Decimal(value):,.2f}"


def per_mu(value: Decimal | None, land: Decimal) -> Decimal | None:
    if value is None or land <= 0:
        return None
    return (value / land).quantize(TWO, ROUND_HALF_UP)


def outcome(
    revenue_before: Decimal,
    revenue_after: Decimal,
    land_mu: Decimal,
    tax_before: Decimal | None = None,
    tax_after: Decimal | None = None,
) -> list[Growth]:
    """Revenue growth and 亩均效益 (revenue and, when given, tax per 亩), each with its formula."""
    rows = []
    rate = growth_rate(revenue_before, revenue_after)
    rows.append(
        Growth(
            _("营业收入"),
            revenue_before,
            revenue_after,
            rate,
            _("({after} − {before}) ÷ {before} = {rate}").format(
                after=_num(revenue_after), before=_num(revenue_before), rate=_pct(rate)
            ),
        )
    )
    mu_before, mu_after = per_mu(revenue_before, land_mu), per_mu(revenue_after, land_mu)
    rate = growth_rate(mu_before, mu_after)
    rows.append(
        Growth(
            _("亩均营业收入（万元/亩）"),
            mu_before,
            mu_after,
            rate,
            _(
                "{before_rev} ÷ {land} 亩 = {before}；{after_rev} ÷ {land} 亩 = {after}；增长 {rate}"
            ).format(
                before_rev=_num(revenue_before),
                after_rev=_num(revenue_after),
                land=_num(land_mu),
                before=_num(mu_before),
                after=_num(mu_after),
                rate=_pct(rate),
            ),
        )
    )
    if tax_before is not None and tax_after is not None:
        mu_before, mu_after = per_mu(tax_before, land_mu), per_mu(tax_after, land_mu)
        rate = growth_rate(mu_before, mu_after)
        rows.append(
            Growth(
                _("亩均税收（万元/亩）"),
                mu_before,
                mu_after,
                rate,
                _(
                    "{before_tax} ÷ {land} 亩 = {before}；{after_tax} ÷ {land} 亩 = {after}；增长 {rate}"
                ).format(
                    before_tax=_num(tax_before),
                    after_tax=_num(tax_after),
                    land=_num(land_mu),
                    before=_num(mu_before),
                    after=_num(mu_after),
                    rate=_pct(rate),
                ),
            )
        )
    return rows


def followup_assessment_for(project: TransformationProject, after: Any) -> Assessment | None:
    """The latest locked follow-up assessment (T2) dated after the acceptance decision."""
    t2 = Assessment.objects.filter(
        enterprise_id=project.enterprise_id,
        kind=Assessment.Kind.FOLLOWUP,
        status=Assessment.Status.LOCKED,
    )
    if after is not None:
        t2 = t2.filter(assessed_on__gte=after)
    return t2.order_by("-locked_at", "-pk").first()


@transaction.atomic
def record_follow_up(project_id: int, *, actor: User, data: FollowUpData) -> FollowUp:
    """成效跟踪, once per project, for a year after the completion year and not in the future,
    with the T2 level of a locked follow-up assessment made after the acceptance decision."""
    if scope_of(actor).role not in RECORDERS:
        raise PermissionDenied(_("成效跟踪由企业或主管部门登记。"))
    project = lock_project(actor, project_id)
    errors: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if project.status not in ACCEPTED_STATUSES:
        fail(
            "__all__",
            _("项目通过验收后才能登记成效跟踪（当前状态：“{status}”）。").format(
                status=project.get_status_display()
            ),
        )
    if FollowUp.objects.filter(project=project).exists():
        fail("__all__", _("该项目已登记成效跟踪，不能重复登记。"))
    completed = project.completed_on.year if project.completed_on else None
    this_year = timezone.localdate().year
    if completed is not None and not completed < data.year <= this_year:
        fail(
            "year",
            _("跟踪年度应在改造完成年度（{done}）之后、且不晚于今年（{now}）。").format(
                done=completed, now=this_year
            ),
        )
    for name in ("revenue_before", "revenue_after", "land_mu"):
        if getattr(data, name) is None or getattr(data, name) <= 0:
            fail(name, _("应大于 0。"))
    for name in ("tax_before", "tax_after"):
        if getattr(data, name) is not None and getattr(data, name) < 0:
            fail(name, _("不能为负数。"))
    if (data.tax_before is None) != (data.tax_after is None):
        fail("tax_after", _("改造前和跟踪年度的税收请同时填写，或都留空。"))
    decided = (
        Acceptance.objects.filter(project=project, status=Acceptance.Status.ACCEPTED)
        .order_by("-round")
        .values_list("decided_at", flat=True)
        .first()
    )
    t2 = followup_assessment_for(project, timezone.localdate(decided) if decided else None)
    if t2 is None:
        fail("__all__", _("尚无验收后已锁定的跟踪评测（T2），请先安排跟踪评测。"))
    if errors or t2 is None:
        raise ValidationError(errors)
    follow_up = FollowUp.objects.create(
        project=project,
        year=data.year,
        revenue_before=data.revenue_before,
        revenue_after=data.revenue_after,
        land_mu=data.land_mu,
        tax_before=data.tax_before,
        tax_after=data.tax_after,
        followup_assessment=t2,
        recorded_by=actor,
    )
    rate = growth_rate(data.revenue_before, data.revenue_after)
    log_event(
        project,
        actor=actor,
        kind="follow_up",
        message=phrases.FOLLOWED_UP.say(year=data.year, rate=rate, level=t2.level or 0),
        to_status=ProjectStatus.CLOSED if project.status == ProjectStatus.SUBSIDISED else "",
        changes={
            "follow_up": follow_up.pk,
            "revenue": [str(data.revenue_before), str(data.revenue_after)],
            "land_mu": str(data.land_mu),
            "t2": t2.pk,
        },
    )
    return follow_up
