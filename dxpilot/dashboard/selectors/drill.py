"""The list behind every figure of the dashboard: the enterprises in the viewer's scope, narrowed
by the same filters the figure was computed with.

A figure and its drill-down share one definition: each funnel stage, level pair, provider, fund
status and alert is a set of enterprise ids (`stage_ids`, …) that the figure counts and the list
filters by, so the list always holds exactly the count the figure shows. Filters arrive as query
strings; every value is checked against what the viewer may see (a division outside a district
officer's scope is refused, never silently widened), and the base queryset is the viewer's scope
(`visible_enterprises`), so no filter can reach beyond it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.models import Assessment
from dxpilot.enterprises.models import Application, ApplicationStatus, Enterprise, SizeClass
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.funding.models import Acceptance, Flag, Subsidy
from dxpilot.programs.models import Program
from dxpilot.projects.models import Contract, Milestone, ProjectStatus

# The funnel, in order: each stage is "the enterprise has at least one such record".
STAGES: dict[str, Any] = {
    "applied": _("已申报"),
    "admitted": _("已入库"),
    "assessed": _("已完成改造前评测"),
    "contracted": _("已备案合同"),
    "accepted": _("已通过验收"),
    "subsidised": _("已核定奖补"),
}
SUBSIDY_STATUSES = tuple(Subsidy.Status.values)
ALERTS: dict[str, Any] = {
    "overdue": _("里程碑逾期未完成"),
    "flags": _("有待核查的异常线索"),
}
LEVELS = range(0, 5)
NONE = "none"  # a level filter for "no such assessment"
AFTER_KINDS = (Assessment.Kind.ONSITE_AFTER, Assessment.Kind.FOLLOWUP)
OPEN_PROJECT = ~Q(project__status__in=[ProjectStatus.REFUSED, ProjectStatus.CLOSED])


def latest_level(kinds: tuple[str, ...], enterprise: str = "pk") -> Subquery:
    """The level of an enterprise's latest locked assessment of these kinds (a subquery)."""
    latest = Assessment.objects.filter(
        enterprise=OuterRef(enterprise), status=Assessment.Status.LOCKED, kind__in=kinds
    ).order_by("-locked_at", "-pk")
    return Subquery(latest.values("level")[:1], output_field=IntegerField())


def with_levels(enterprises: QuerySet[Any]) -> QuerySet[Any]:
    """Annotate `t0` (latest locked on-site assessment before transformation) and `t1` (latest
    locked on-site assessment after transformation or follow-up assessment)."""
    annotated: QuerySet[Any] = enterprises.annotate(
        t0=latest_level((Assessment.Kind.ONSITE_BEFORE,)), t1=latest_level(AFTER_KINDS)
    )
    return annotated


def after_ids() -> QuerySet[Any]:
    """Enterprises with a locked assessment after transformation (the level migration's rows)."""
    return Assessment.objects.filter(status=Assessment.Status.LOCKED, kind__in=AFTER_KINDS).values(
        "enterprise_id"
    )


def stage_ids(stage: str) -> QuerySet[Any]:
    """The enterprise ids that reached a funnel stage (one subquery, no Python loop)."""
    if stage == "applied":
        return Application.objects.filter(submitted_at__isnull=False).values("enterprise_id")
    if stage == "admitted":
        return Application.objects.filter(status=ApplicationStatus.ADMITTED).values("enterprise_id")
    if stage == "assessed":
        return Assessment.objects.filter(
            status=Assessment.Status.LOCKED, kind=Assessment.Kind.ONSITE_BEFORE
        ).values("enterprise_id")
    if stage == "contracted":
        # Any filed contract, also one later superseded by its change (as the 规上 coverage KPI).
        return Contract.objects.values("project__enterprise_id")
    if stage == "accepted":
        return Acceptance.objects.filter(status=Acceptance.Status.ACCEPTED).values(
            "project__enterprise_id"
        )
    if stage == "subsidised":
        return Subsidy.objects.filter(
            status__in=[Subsidy.Status.APPROVED, Subsidy.Status.PAID]
        ).values("project__enterprise_id")
    raise KeyError(stage)


def alert_ids(alert: str, today: date) -> QuerySet[Any]:
    if alert == "overdue":
        return (
            Milestone.objects.filter(planned_on__lt=today, actual_on__isnull=True)
            .filter(OPEN_PROJECT)
            .values("project__enterprise_id")
        )
    if alert == "flags":
        return Flag.objects.filter(status=Flag.Status.OPEN).values("project__enterprise_id")
    raise KeyError(alert)


def provider_client_ids(provider_id: int) -> QuerySet[Any]:
    return Contract.objects.filter(status=Contract.Status.FILED, provider_id=provider_id).values(
        "project__enterprise_id"
    )


def subsidy_ids(status: str) -> QuerySet[Any]:
    return Subsidy.objects.filter(status=status).values("project__enterprise_id")


def batch_ids(batch_id: int) -> QuerySet[Any]:
    return Application.objects.filter(status=ApplicationStatus.ADMITTED, batch_id=batch_id).values(
        "enterprise_id"
    )


@dataclass(frozen=True)
class Choices:
    """What the viewer may filter by (ids and codes within their scope)."""

    divisions: dict[int, str]
    zones: dict[int, str]
    segments: dict[int, str]
    batches: dict[int, str]


def filter_choices(user: Any, program: Program) -> Choices:
    """Two small queries: the divisions (scoped for a district officer), segments and batches."""
    scope = scope_of(user)
    divisions: dict[int, str] = {}
    zones: dict[int, str] = {}
    reachable: set[int] = set(scope.division_ids)
    if scope.role == Role.DISTRICT_OFFICER:
        # An officer of a zone also sees its enterprises' districts (and the reverse): the
        # divisions and zones its enterprises belong to are its to filter by, no others.
        pairs = scoped_enterprises(user, program).order_by().values_list("division_id", "zone_id")
        for division_id, zone_id in pairs.distinct():
            reachable.update(pk for pk in (division_id, zone_id) if pk is not None)
    rows = program.divisions.order_by("order", "pk").values_list("pk", "name", "kind")
    for pk, name, kind in rows:
        if scope.role == Role.DISTRICT_OFFICER and pk not in reachable:
            continue
        (zones if kind == "zone" else divisions)[pk] = name
    segments = dict(program.segments.order_by("order", "pk").values_list("pk", "name"))
    batches = dict(program.batches.order_by("number").values_list("pk", "name"))
    return Choices(divisions, zones, segments, batches)


@dataclass
class Filters:
    """Validated drill-down filters; `errors` names each refused value (in Chinese)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def query(self, **extra: str) -> str:
        from urllib.parse import urlencode

        merged = {**self.values, **extra}
        return urlencode({k: v for k, v in merged.items() if v != ""})


FILTER_NAMES = (
    "division", "zone", "segment", "batch", "size", "above", "pilot", "stage", "t0", "t1",
    "t1_min", "provider", "subsidy", "alert",
)  # fmt: skip


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def parse_filters(params: Mapping[str, str], choices: Choices) -> Filters:
    """Check each filter value; a value outside the viewer's choices is refused with a reason."""
    filters = Filters()
    for name in FILTER_NAMES:
        raw = (params.get(name) or "").strip()
        if not raw:
            continue
        ok = False
        if name in ("division", "zone", "segment", "batch"):
            allowed = getattr(choices, {"batch": "batches"}.get(name, name + "s"))
            ok = _int(raw) in allowed
        elif name == "size":
            ok = raw in SizeClass.values
        elif name in ("above", "pilot"):
            ok = raw in ("0", "1")
        elif name == "stage":
            ok = raw in STAGES
        elif name in ("t0", "t1"):
            ok = raw == NONE or (_int(raw) is not None and _int(raw) in LEVELS)
        elif name == "t1_min":
            ok = _int(raw) is not None and _int(raw) in LEVELS
        elif name == "provider":
            ok = _int(raw) is not None
        elif name == "subsidy":
            ok = raw in SUBSIDY_STATUSES
        elif name == "alert":
            ok = raw in ALERTS
        if ok:
            filters.values[name] = raw
        else:
            filters.errors.append(
                str(_("筛选条件“{name}”的取值“{value}”无效或超出您的数据范围。")).format(
                    name=FILTER_LABELS[name], value=raw[:40]
                )
            )
    return filters


def scoped_enterprises(user: Any, program: Program) -> QuerySet[Enterprise]:
    return visible_enterprises(user).filter(program=program)


def drill_enterprises(
    user: Any, program: Program, filters: Filters, *, today: date | None = None
) -> QuerySet[Any]:
    """The enterprises behind a figure. A refused filter gives an empty list, never a wider one."""
    enterprises: QuerySet[Any] = scoped_enterprises(user, program)
    if filters.errors:
        return enterprises.none()
    today = today or timezone.localdate()
    v = filters.values
    for name in ("division", "zone", "segment"):
        if name in v:
            enterprises = enterprises.filter(**{f"{name}_id": int(v[name])})
    if "size" in v:
        enterprises = enterprises.filter(size_class=v["size"])
    if "above" in v:
        enterprises = enterprises.filter(above_scale=v["above"] == "1")
    if "pilot" in v:
        enterprises = enterprises.filter(is_pilot=v["pilot"] == "1")
    if "batch" in v:
        enterprises = enterprises.filter(pk__in=batch_ids(int(v["batch"])))
    if "stage" in v:
        enterprises = enterprises.filter(pk__in=stage_ids(v["stage"]))
    if "provider" in v:
        enterprises = enterprises.filter(pk__in=provider_client_ids(int(v["provider"])))
    if "subsidy" in v:
        enterprises = enterprises.filter(pk__in=subsidy_ids(v["subsidy"]))
    if "alert" in v:
        enterprises = enterprises.filter(pk__in=alert_ids(v["alert"], today))
    if "t0" in v or "t1" in v or "t1_min" in v:
        enterprises = with_levels(enterprises)
        if "t1" in v or "t1_min" in v:
            enterprises = enterprises.filter(pk__in=after_ids())
        for name in ("t0", "t1"):
            if name in v:
                level = (
                    Q(**{f"{name}__isnull": True}) if v[name] == NONE else Q(**{name: int(v[name])})
                )
                enterprises = enterprises.filter(level)
        if "t1_min" in v:
            enterprises = enterprises.filter(t1__gte=int(v["t1_min"]))
    return enterprises


def drill_rows(enterprises: QuerySet[Enterprise]) -> QuerySet[Any]:
    """The columns of the list and of its Excel file (one query per page, levels and subsidy
    amounts as subqueries)."""
    subsidy = (
        Subsidy.objects.filter(project__enterprise=OuterRef("pk"))
        .values("project__enterprise")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    rows = (
        with_levels(enterprises.order_by())
        if "t0" not in enterprises.query.annotations
        else enterprises
    )
    return (
        rows.annotate(subsidy_amount=Subquery(subsidy[:1]))
        .order_by("division__order", "name", "pk")
        .values(
            "pk", "credit_code", "name", "division__name", "zone__name", "segment__name",
            "size_class", "above_scale", "is_pilot", "t0", "t1", "subsidy_amount",
        )
    )  # fmt: skip


FILTER_LABELS: dict[str, Any] = {
    "division": _("行政区划"),
    "zone": _("开发区"),
    "segment": _("细分行业"),
    "batch": _("批次"),
    "size": _("企业规模"),
    "above": _("规上/规下"),
    "pilot": _("试点企业"),
    "stage": _("推进环节"),
    "t0": _("改造前等级"),
    "t1": _("改造后等级"),
    "t1_min": _("改造后等级不低于"),
    "provider": _("服务商"),
    "subsidy": _("奖补状态"),
    "alert": _("预警"),
}


def describe_filters(filters: Filters, choices: Choices) -> list[tuple[str, str]]:
    """The filters in words, for the list's heading (provider names come with the rows)."""
    from dxpilot.assessment import engine

    def level(value: str) -> str:
        return str(_("无")) if value == NONE else engine.level_name(int(value))

    words: list[tuple[str, str]] = []
    sizes = dict(SizeClass.choices)
    subsidies = dict(Subsidy.Status.choices)
    for name, value in filters.values.items():
        if name in ("division", "zone", "segment", "batch"):
            text = getattr(choices, {"batch": "batches"}.get(name, name + "s"))[int(value)]
        elif name == "size":
            text = str(sizes[value])
        elif name == "above":
            text = str(_("规上") if value == "1" else _("规下"))
        elif name == "pilot":
            text = str(_("是") if value == "1" else _("否"))
        elif name == "stage":
            text = str(STAGES[value])
        elif name in ("t0", "t1", "t1_min"):
            text = level(value)
        elif name == "subsidy":
            text = str(subsidies[value])
        elif name == "alert":
            text = str(ALERTS[value])
        else:
            text = value
        words.append((str(FILTER_LABELS[name]), text))
    return words
