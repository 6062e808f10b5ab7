"""Programme metrics computed from follow-ups (registered in FundingConfig.ready).

The population is the pilot enterprises in the viewer's scope; an enterprise counts through its
成效跟踪 follow-up records (one per project; an enterprise with two followed-up projects counts
once, its figures summed).

- 营业收入提高 (revenue_growth) is the growth of the **total**: Σ revenue_after ÷ Σ revenue_before − 1.
- 亩均效益平均提高 is the **mean of the enterprises' own growth**: for each enterprise
  (after ÷ 亩) ÷ (before ÷ 亩) − 1, then the arithmetic mean, so a large enterprise does not
  outweigh the others. Which 亩均 figure is programme configuration: the target names
  `tax_per_mu_growth` (亩均税收) or `revenue_per_mu_growth` (亩均营业收入).

Enterprises left out are said with their count: pilots without a follow-up, follow-ups without
a land area (亩 ≤ 0 or missing), and for 亩均税收 follow-ups without both tax figures. Every figure
is one aggregate query, whatever the number of enterprises.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dxpilot.funding.models import FollowUp
from dxpilot.programs.metrics import Entrant, Exclusion, Measure, Metric, Scope, growth, register
from dxpilot.programs.models import Target

FOUR = Decimal("0.0001")
HAS_LAND = Q(land_mu__gt=0)


def _pilots(scope: Scope) -> QuerySet[Any]:
    return scope.enterprises.filter(is_pilot=True)


def _follow_ups(scope: Scope) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(project__enterprise__in=_pilots(scope).values("pk"))


def _population(scope: Scope) -> tuple[int, int]:
    """(pilot enterprises in scope, of which followed up), one query."""
    followed = FollowUp.objects.filter(project__enterprise=OuterRef("pk"))
    counts = _pilots(scope).aggregate(
        total=Count("pk"), followed=Count("pk", filter=Q(Exists(followed)))
    )
    return counts["total"], counts["followed"]


def _entrants(follow_ups: QuerySet[FollowUp]) -> list[Entrant]:
    """Who recorded the follow-ups counted (one grouped query)."""
    rows = (
        follow_ups.values("recorded_by__display_name", "recorded_by__username")
        .annotate(n=Count("pk"))
        .order_by("-n", "recorded_by__username")
    )
    return [
        Entrant(row["recorded_by__display_name"] or row["recorded_by__username"], row["n"])
        for row in rows
    ]


def _no_follow_up(total: int, followed: int) -> Exclusion:
    return Exclusion(_("无成效跟踪记录的试点企业"), total - followed)


def revenue_growth(target: Target, scope: Scope) -> Measure:
    total, followed = _population(scope)
    follow_ups = _follow_ups(scope)
    sums = follow_ups.aggregate(rb=Sum("revenue_before"), ra=Sum("revenue_after"))
    return Measure(
        growth(sums["ra"], sums["rb"]),
        population=followed,
        excluded=[_no_follow_up(total, followed)],
        entered_by=_entrants(follow_ups),
        records_url=reverse("funding:followups"),
    )


def _per_mu_growth(scope: Scope, before: str, after: str) -> Measure:
    """Mean over enterprises of (Σafter ÷ 亩) ÷ (Σbefore ÷ 亩) − 1."""
    total, followed = _population(scope)
    has_figures = Q(**{f"{before}__gt": 0, f"{after}__isnull": False})
    follow_ups = _follow_ups(scope)
    gaps = follow_ups.aggregate(
        no_land=Count("project__enterprise", filter=~HAS_LAND, distinct=True),
        no_figures=Count("project__enterprise", filter=HAS_LAND & ~has_figures, distinct=True),
    )

    def per_mu(name: str) -> Any:
        return Cast(F(name), FloatField()) / Cast(F("land_mu"), FloatField())

    counted = follow_ups.filter(HAS_LAND & has_figures)
    mean = (
        counted.values("project__enterprise")
        .annotate(ratio=Sum(per_mu(after)) / Sum(per_mu(before)))
        .aggregate(mean=Avg("ratio"), counted=Count("project__enterprise"))
    )
    actual = None
    if mean["counted"]:
        actual = (Decimal(str(mean["mean"])) - 1).quantize(FOUR)
    excluded = [_no_follow_up(total, followed), Exclusion(_("未填写用地面积"), gaps["no_land"])]
    if before == "tax_before":
        excluded.append(Exclusion(_("缺少改造前或跟踪年度税收"), gaps["no_figures"]))
    else:
        excluded.append(Exclusion(_("缺少改造前营业收入"), gaps["no_figures"]))
    return Measure(
        actual,
        population=mean["counted"],
        excluded=excluded,
        entered_by=_entrants(counted),
        records_url=reverse("funding:followups"),
    )


def tax_per_mu_growth(target: Target, scope: Scope) -> Measure:
    return _per_mu_growth(scope, "tax_before", "tax_after")


def revenue_per_mu_growth(target: Target, scope: Scope) -> Measure:
    return _per_mu_growth(scope, "revenue_before", "revenue_after")


POPULATION = _("数据范围内、有成效跟踪记录的试点企业")


def register_metrics() -> None:
    register(
        Metric(
            "revenue_growth",
            _("已跟踪试点企业营业收入合计增长率"),
            revenue_growth,
            definition=_(
                "试点企业总营业收入的增长：跟踪年度营业收入合计相对改造前营业收入合计的增幅（合计的增长，不是各企业增幅的平均）。"
            ),
            formula=_("Σ 跟踪年度营业收入 ÷ Σ 改造前营业收入 − 1"),
            population=POPULATION,
        )
    )
    register(
        Metric(
            "tax_per_mu_growth",
            _("已跟踪试点企业亩均税收增幅的平均值"),
            tax_per_mu_growth,
            definition=_(
                "亩均效益按亩均税收计：先算每户企业自身的亩均税收增幅，再取各企业增幅的算术平均（不是合计的增长）。"
            ),
            formula=_(
                "平均值〔（跟踪年度税收 ÷ 用地面积）÷（改造前税收 ÷ 用地面积）− 1〕，按企业计"
            ),
            population=POPULATION,
        )
    )
    register(
        Metric(
            "revenue_per_mu_growth",
            _("已跟踪试点企业亩均营业收入增幅的平均值"),
            revenue_per_mu_growth,
            definition=_(
                "亩均效益按亩均营业收入计：先算每户企业自身的亩均营业收入增幅，再取各企业增幅的算术平均（不是合计的增长）。"
            ),
            formula=_(
                "平均值〔（跟踪年度营业收入 ÷ 用地面积）÷（改造前营业收入 ÷ 用地面积）− 1〕，按企业计"
            ),
            population=POPULATION,
        )
    )
