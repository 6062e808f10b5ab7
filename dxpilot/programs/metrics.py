"""The KPI metrics a programme target may name, contributed by the apps that hold the data.

A target of the programme file names a metric (`metric: pilot_enterprises_at_level`); the app
that owns the underlying records registers how to compute it, in its AppConfig.ready():

    metrics.register(Metric("listed_products", _("已上架的“小快轻准”产品数"), compute=...))

so the programme app knows no higher app and the dashboard has no `if metric == …` chain. A
target whose metric no app provides has no data source in the platform yet and is shown as such,
never typed in by hand (DESIGN §2 dashboard: "KPIs computed from data").

Metrics whose app is still being built are *declared* here (`PLANNED`): the programme file may
name them and loads (a typo is still refused), the dashboard says "no data source" until the app
that owns the data registers the key. Each metric explains itself to an auditor: a definition,
a formula, the population it counts; its Measure adds the counted population, the exclusions
with their counts and, for record-based metrics, who entered the records and where they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

    from dxpilot.programs.models import Program, Target


@dataclass(frozen=True)
class Scope:
    """What a metric is computed over: the programme and the enterprises the viewer may see."""

    program: Program
    enterprises: QuerySet[Any]
    user: Any


@dataclass(frozen=True)
class Exclusion:
    """Units of the population left out of the figure, and why (shown with their count)."""

    reason: _StrOrPromise
    count: int


@dataclass(frozen=True)
class Entrant:
    """Who entered the records a record-based metric counts, and how many."""

    name: str
    count: int


@dataclass
class Measure:
    actual: Decimal | None
    segments: list[dict[str, Any]] = field(default_factory=list)
    # How many units the figure is computed over (enterprises, records), when it is countable.
    population: int | None = None
    excluded: list[Exclusion] = field(default_factory=list)
    # Record-based metrics: who entered the underlying records and the list that shows them.
    entered_by: list[Entrant] = field(default_factory=list)
    records_url: str = ""


@dataclass(frozen=True)
class Metric:
    key: str
    label: _StrOrPromise
    compute: Callable[[Target, Scope], Measure]
    # Parameters a target may give, with their defaults.
    params: dict[str, int] = field(default_factory=dict)
    # For the auditor: what is counted, how it is computed, over which population.
    definition: _StrOrPromise = ""
    formula: _StrOrPromise = ""
    population: _StrOrPromise = ""


REGISTRY: dict[str, Metric] = {}
# Derived views the programme file's validation reads (kept in step by `register`).
METRICS: dict[str, _StrOrPromise] = {}
METRIC_PARAMS: dict[str, dict[str, int]] = {}


# Metric keys that apps being built will register (the owner in the label); a target may name
# them today and shows "no data source" until then.
PLANNED: dict[str, _StrOrPromise] = {
    "chain_cases": _("“链式”数字化转型典型案例数（“4+N”服务模块）"),
    "showcase_projects": _("数智化样板项目数（“4+N”服务模块）"),
}
METRICS.update(PLANNED)


def register(metric: Metric) -> Metric:
    """Add a metric; registering the same key twice is a programming error."""
    existing = REGISTRY.get(metric.key)
    if existing is not None and existing.compute is not metric.compute:
        raise ValueError(f"metric {metric.key!r} is already registered")
    REGISTRY[metric.key] = metric
    METRICS[metric.key] = metric.label
    if metric.params:
        METRIC_PARAMS[metric.key] = dict(metric.params)
    return metric


def param(target: Target, name: str) -> int:
    """A target's parameter, else the metric's default."""
    metric = REGISTRY.get(target.metric)
    default = metric.params.get(name, 0) if metric else 0
    return int(target.params.get(name, default))


def measure(target: Target, scope: Scope) -> tuple[Metric | None, Measure]:
    """The registered metric of a target and its value (no metric: no value)."""
    metric = REGISTRY.get(target.metric)
    if metric is None:
        return None, Measure(actual=None)
    return metric, metric.compute(target, scope)


def growth(after: Decimal | None, before: Decimal | None) -> Decimal | None:
    """after ÷ before − 1, four decimals; None when either side is missing or zero."""
    if not after or not before:
        return None
    return (Decimal(after) / Decimal(before) - 1).quantize(Decimal("0.0001"))


__all__ = [
    "METRICS",
    "METRIC_PARAMS",
    "PLANNED",
    "Entrant",
    "Exclusion",
    "Measure",
    "Metric",
    "Scope",
    "measure",
    "param",
    "register",
]
