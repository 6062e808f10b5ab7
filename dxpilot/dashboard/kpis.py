"""Programme KPIs computed from data (one aggregate per metric, constant queries at any scale)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.programs.metrics import METRIC_PARAMS, METRICS
from dxpilot.programs.models import Program, Target

HUNDRED = Decimal(100)


@dataclass
class Kpi:
    target: Target
    actual: Decimal | None
    basis: str
    segments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_ratio(self) -> bool:
        return self.target.unit == "ratio"

    @property
    def progress(self) -> int | None:
        """Percent of the target reached, capped at 100 (None without data)."""
        if self.actual is None or not self.target.value:
            return None
        return int(min(HUNDRED, self.actual / self.target.value * HUNDRED))

    @property
    def actual_percent(self) -> Decimal | None:
        return None if self.actual is None else (self.actual * HUNDRED).quantize(Decimal("0.1"))


def _param(target: Target, name: str) -> int:
    return int(target.params.get(name, METRIC_PARAMS.get(target.metric, {}).get(name, 0)))


def _growth(after: Decimal | None, before: Decimal | None) -> Decimal | None:
    if not after or not before:
        return None
    return (Decimal(after) / Decimal(before) - 1).quantize(Decimal("0.0001"))


def programme_kpis(user: Any, program: Program) -> list[Kpi]:
    """Every target of the programme with its measured value within the user's scope."""
    from dxpilot.funding.models import FollowUp
    from dxpilot.providers.models import Product

    enterprises = visible_enterprises(user).filter(program=program)
    kpis: list[Kpi] = []
    for target in program.targets.order_by("level", "pk"):
        metric = target.metric
        basis = str(
            METRICS.get(metric, _("平台内暂无该指标的数据来源，待相应模块上线后自动统计。"))
        )
        actual: Decimal | None = None
        segments: list[dict[str, Any]] = []
        if metric == "pilot_enterprises_at_level":
            actual = Decimal(
                enterprises.filter(is_pilot=True, level__gte=_param(target, "min_level")).count()
            )
        elif metric == "above_scale_share_at_level":
            level = _param(target, "min_level")
            rows = (
                enterprises.filter(above_scale=True, segment__isnull=False)
                .values("segment__name")
                .annotate(total=Count("pk"), reached=Count("pk", filter=Q(level__gte=level)))
                .order_by("segment__order")
            )
            for row in rows:
                share = (
                    Decimal(row["reached"]) / Decimal(row["total"]) if row["total"] else Decimal(0)
                )
                segments.append(
                    {
                        **row,
                        "share": (share * HUNDRED).quantize(Decimal("0.1")),
                        "met": share >= target.value,
                    }
                )
            reached = sum(r["reached"] for r in segments)
            total = sum(r["total"] for r in segments)
            actual = (
                (Decimal(reached) / Decimal(total)).quantize(Decimal("0.0001")) if total else None
            )
        elif metric in ("listed_products", "excellent_products"):
            products = Product.objects.filter(status="listed", provider__program=program)
            if metric == "excellent_products":
                products = products.filter(is_excellent=True)
            actual = Decimal(products.count())
        elif metric in ("revenue_growth", "output_per_mu_growth"):
            followups = FollowUp.objects.filter(project__enterprise__in=enterprises)
            sums = followups.aggregate(
                rb=Sum("revenue_before"), ra=Sum("revenue_after"),
                tb=Sum("tax_before", filter=Q(tax_before__isnull=False, tax_after__isnull=False)),
                ta=Sum("tax_after", filter=Q(tax_before__isnull=False, tax_after__isnull=False)),
            )  # fmt: skip
            # 亩均效益 is measured as 亩均税收 (tax ÷ 亩, land unchanged between the two years).
            actual = (
                _growth(sums["ra"], sums["rb"])
                if metric == "revenue_growth"
                else _growth(sums["ta"], sums["tb"])
            )
        kpis.append(Kpi(target=target, actual=actual, basis=basis, segments=segments))
    return kpis
