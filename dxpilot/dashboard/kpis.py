"""Programme KPIs computed from data (one aggregate per metric, constant queries at any scale)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.programs.metrics import Scope, measure
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


def programme_kpis(user: Any, program: Program) -> list[Kpi]:
    """Every target of the programme with its measured value within the user's scope; each
    metric is computed by the app that registered it (dxpilot.programs.metrics)."""
    scope = Scope(
        program=program,
        enterprises=visible_enterprises(user).filter(program=program),
        user=user,
    )
    kpis: list[Kpi] = []
    for target in program.targets.order_by("level", "pk"):
        metric, value = measure(target, scope)
        basis = (
            str(metric.label)
            if metric is not None
            else _("平台内暂无该指标的数据来源，待相应模块上线后自动统计。")
        )
        kpis.append(Kpi(target=target, actual=value.actual, basis=basis, segments=value.segments))
    return kpis
