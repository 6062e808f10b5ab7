"""Programme metrics computed from follow-ups (registered in FundingConfig.ready)."""

from __future__ import annotations

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from dxpilot.funding.models import FollowUp
from dxpilot.programs.metrics import Measure, Metric, Scope, growth, register
from dxpilot.programs.models import Target


def _sums(scope: Scope) -> dict[str, object]:
    both_taxes = Q(tax_before__isnull=False, tax_after__isnull=False)
    return FollowUp.objects.filter(project__enterprise__in=scope.enterprises).aggregate(
        rb=Sum("revenue_before"),
        ra=Sum("revenue_after"),
        tb=Sum("tax_before", filter=both_taxes),
        ta=Sum("tax_after", filter=both_taxes),
    )


def revenue_growth(target: Target, scope: Scope) -> Measure:
    sums = _sums(scope)
    return Measure(growth(sums["ra"], sums["rb"]))  # type: ignore[arg-type]


def output_per_mu_growth(target: Target, scope: Scope) -> Measure:
    # 亩均效益 is measured as 亩均税收 (tax ÷ 亩, land unchanged between the two years).
    sums = _sums(scope)
    return Measure(growth(sums["ta"], sums["tb"]))  # type: ignore[arg-type]


def register_metrics() -> None:
    register(Metric("revenue_growth", _("已跟踪试点企业营业收入合计增长率"), revenue_growth))
    register(
        Metric("output_per_mu_growth", _("已跟踪试点企业亩均营业收入增长率"), output_per_mu_growth)
    )
