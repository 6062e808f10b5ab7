"""Programme KPIs computed from data (one aggregate per metric, constant queries at any scale).

Each KPI explains itself for an auditor: the metric's definition, formula and population, the
size of the population counted, what was excluded and how many, when it was computed and, for
record-based metrics, who entered the records (with a link to their list)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.programs.metrics import (
    PLANNED,
    Entrant,
    Exclusion,
    Measure,
    Metric,
    Scope,
    measure,
    param,
)
from dxpilot.programs.models import Program, Target

HUNDRED = Decimal(100)


@dataclass
class Kpi:
    target: Target
    actual: Decimal | None
    basis: str
    segments: list[dict[str, Any]] = field(default_factory=list)
    metric: Metric | None = None
    value: Measure = field(default_factory=lambda: Measure(actual=None))
    computed_at: datetime = field(default_factory=timezone.now)

    @property
    def is_ratio(self) -> bool:
        return self.target.unit == "ratio"

    @property
    def unit(self) -> str:
        return "" if self.is_ratio else self.target.unit

    @property
    def has_source(self) -> bool:
        return self.metric is not None

    @property
    def progress(self) -> int | None:
        """Percent of the target reached, capped at 100 (None without data)."""
        if self.actual is None or not self.target.value:
            return None
        return int(min(HUNDRED, self.actual / self.target.value * HUNDRED))

    @property
    def actual_percent(self) -> Decimal | None:
        return None if self.actual is None else (self.actual * HUNDRED).quantize(Decimal("0.1"))

    @property
    def definition(self) -> str:
        return str(self.metric.definition) if self.metric and self.metric.definition else ""

    @property
    def formula(self) -> str:
        return str(self.metric.formula) if self.metric and self.metric.formula else ""

    @property
    def population_label(self) -> str:
        return str(self.metric.population) if self.metric and self.metric.population else ""

    @property
    def population(self) -> int | None:
        return self.value.population

    @property
    def excluded(self) -> list[Exclusion]:
        return self.value.excluded

    @property
    def entered_by(self) -> list[Entrant]:
        return self.value.entered_by

    @property
    def records_url(self) -> str:
        return self.value.records_url

    @property
    def drill_url(self) -> str:
        """The list behind the figure: the dashboard's drill-down for the metrics it can narrow
        to (KPI_DRILLS), else the records list the metric names, else nothing."""
        drill = KPI_DRILLS.get(self.target.metric)
        if drill is not None and self.has_source:
            return f"{reverse('dashboard:drill')}?{drill(self.target)}"
        return self.records_url


# Metrics whose counted enterprises the drill-down list can select with its own filters (the
# numerator of a share): metric key -> query string of dashboard.selectors.drill.
KPI_DRILLS: dict[str, Callable[[Target], str]] = {
    "pilot_enterprises_at_level": lambda t: f"pilot=1&t1_min={param(t, 'min_level')}",
    "above_scale_transformation_coverage": lambda t: "above=1&stage=contracted",
}


def _basis(target: Target, metric: Metric | None) -> str:
    if metric is not None:
        return str(metric.label)
    planned = PLANNED.get(target.metric)
    if planned is not None:
        return _("平台内暂无该指标的数据来源，待相应模块上线后自动统计：{metric}。").format(
            metric=planned
        )
    return _("平台内暂无该指标的数据来源，待相应模块上线后自动统计。")


def programme_kpis(user: Any, program: Program) -> list[Kpi]:
    """Every target of the programme with its measured value within the user's scope; each
    metric is computed by the app that registered it (dxpilot.programs.metrics)."""
    enterprises = visible_enterprises(user).filter(program=program)
    return _compute(Scope(program=program, enterprises=enterprises, user=user))


def programme_kpis_whole(program: Program) -> list[Kpi]:
    """The whole programme, for the command line (no viewer: every enterprise of the programme)."""
    enterprises = Enterprise.objects.filter(program=program)
    return _compute(Scope(program=program, enterprises=enterprises, user=None))


def _compute(scope: Scope) -> list[Kpi]:
    program = scope.program
    kpis: list[Kpi] = []
    for target in program.targets.order_by("level", "pk"):
        metric, value = measure(target, scope)
        kpis.append(
            Kpi(
                target=target,
                actual=value.actual,
                basis=_basis(target, metric),
                segments=value.segments,
                metric=metric,
                value=value,
                computed_at=timezone.now(),
            )
        )
    return kpis


def kpi_row(kpi: Kpi) -> dict[str, Any]:
    """One KPI as plain data (the `kpis --json` command and GET /api/v1/kpis)."""
    return {
        "key": kpi.target.key,
        "name": kpi.target.name,
        "metric": kpi.target.metric,
        "target": float(kpi.target.value),
        "actual": None if kpi.actual is None else float(kpi.actual),
        "unit": kpi.target.unit,
        "level": kpi.target.level,
        "per_year": kpi.target.per_year,
        "per_segment": kpi.target.per_segment,
        "has_source": kpi.has_source,
        "definition": kpi.definition or kpi.basis,
        "formula": kpi.formula,
        "population": kpi.population_label,
        "population_count": kpi.population,
        "excluded": [{"reason": str(e.reason), "count": e.count} for e in kpi.excluded],
        "entered_by": [{"name": e.name, "count": e.count} for e in kpi.entered_by],
        "computed_at": kpi.computed_at.isoformat(),
    }
