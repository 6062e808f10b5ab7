"""What a circular and an evaluation report say, computed once and stored as figures and codes.

- City-wide figures come from `dashboard.kpis.programme_kpis` (the KPI table of the dashboard).
- A division's figures are what a district officer of that division sees: each metric of the
  registry (`programs.metrics.measure`) computed over the division's scope (its enterprises, its
  training sessions), through `DivisionViewer`, so nothing is re-implemented here.
- A division's share of a count target is fixed in the programme file or, by default, its share
  of the programme's pilot enterprises now; a ratio target applies to each division as it is.
- Lagging items at the period's end: milestones planned by then and not done by then (overdue
  steps), and divisions whose mean completion is below the share §四's stages expect.
- Notable cases: the projects whose acceptance was decided "accepted" within the period.

KPI figures are those at generation (the metrics have no "as of" date); the document says so.
Queries: a fixed number per division and target, none per enterprise or project.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import Scope as AccessScope
from dxpilot.dashboard.kpis import Kpi, programme_kpis, programme_kpis_whole
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.funding.models import Acceptance
from dxpilot.programs.metrics import Scope, measure
from dxpilot.programs.models import Division, Program, Target
from dxpilot.projects.models import Milestone, ProjectStatus
from dxpilot.reporting import rules
from dxpilot.reporting.periods import Period

ZERO, ONE = Decimal(0), Decimal(1)
RATE = Decimal("0.0001")
# Lists kept in the stored content (the Excel annex shows them, the Word document the first
# DOC_ROWS); the totals are always complete.
ANNEX_LIMIT = 2000
DOC_ROWS = 20
CLOSED_STATES = (ProjectStatus.REFUSED, ProjectStatus.CLOSED)
# The list behind a KPI when its metric gives none (metric → URL name).
EVIDENCE_LISTS = {
    "pilot_enterprises_at_level": "assessment:levels",
    "above_scale_share_at_level": "assessment:levels",
    "trained_people": "training:home",
    "training_person_times": "training:home",
    "cloud_coverage": "platforms:list",
    "platform_system_20_80": "platforms:list",
    "new_national_platforms": "platforms:list",
    "listed_products": "providers:product-list",
    "excellent_products": "providers:product-list",
    "above_scale_transformation_coverage": "projects:list",
}


class DivisionViewer:
    """Reads like a district officer of one division (accounts.scope.scope_of reads the cached
    scope), so every selector and metric scopes exactly as for that officer."""

    is_authenticated = True
    is_active = True
    pk = None
    role = Role.DISTRICT_OFFICER

    def __init__(self, division_id: int) -> None:
        self._dxpilot_scope = AccessScope(
            role=Role.DISTRICT_OFFICER, division_ids=frozenset({division_id})
        )


def rate(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    if actual is None or not target:
        return None
    return (Decimal(actual) / Decimal(target)).quantize(RATE)


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def evidence_url(kpi: Kpi) -> str:
    if kpi.records_url:
        return kpi.records_url
    name = EVIDENCE_LISTS.get(kpi.target.metric)
    return reverse(name) if name else ""


def _kpis(user: Any, program: Program) -> list[Kpi]:
    return programme_kpis(user, program) if user is not None else programme_kpis_whole(program)


def _target_row(target: Target) -> dict[str, Any]:
    return {
        "key": target.key,
        "name": target.name,
        "unit": target.unit,
        "ratio": target.unit == "ratio",
        "value": str(target.value),
    }


def overview(kpis: list[Kpi]) -> list[dict[str, Any]]:
    return [
        {
            **_target_row(k.target),
            "actual": _s(k.actual),
            "rate": _s(rate(k.actual, k.target.value)),
            "url": evidence_url(k),
            "has_source": k.has_source,
        }
        for k in kpis
    ]


# --- divisions -------------------------------------------------------------------------------


def pilot_counts(program: Program) -> dict[int, int]:
    """Pilot enterprises per division and per zone (an enterprise counts in both)."""
    pilots = Enterprise.objects.filter(program=program, is_pilot=True)
    counts: dict[int, int] = {}
    for field in ("division_id", "zone_id"):
        for row in pilots.exclude(**{field: None}).values(field).annotate(n=Count("pk")):
            counts[row[field]] = counts.get(row[field], 0) + row["n"]
    return counts


def division_shares(
    program: Program, divisions: list[Division], pilots: dict[int, int]
) -> dict[int, Decimal]:
    """Each division's share of the count targets: fixed in the file, else its share of the
    programme's pilot enterprises (zones likewise, against the same total)."""
    fixed = rules.fixed_shares(program)
    if fixed is not None:
        return {d.pk: fixed.get(d.code, ZERO) for d in divisions}
    total = Enterprise.objects.filter(program=program, is_pilot=True).count()
    if not total:
        return {d.pk: ZERO for d in divisions}
    return {d.pk: (Decimal(pilots.get(d.pk, 0)) / total).quantize(RATE) for d in divisions}


def share_target(target: Target, share: Decimal) -> Decimal:
    if target.unit == "ratio":
        return target.value
    return (target.value * share).quantize(Decimal("0.01"))


def _division_rows(
    program: Program,
    division: Division,
    targets: list[Target],
    share: Decimal,
) -> tuple[list[dict[str, Any]], Decimal | None]:
    viewer = DivisionViewer(division.pk)
    scope = Scope(
        program=program,
        enterprises=visible_enterprises(viewer).filter(program=program),
        user=viewer,
    )
    rows, rates = [], []
    for target in targets:
        _metric, value = measure(target, scope)
        goal = share_target(target, share)
        r = rate(value.actual, goal)
        if r is not None:
            rates.append(min(r, ONE))
        rows.append(
            {"key": target.key, "target": str(goal), "actual": _s(value.actual), "rate": _s(r)}
        )
    score = (sum(rates, ZERO) / len(rates)).quantize(RATE) if rates else None
    return rows, score


def _rank(entries: list[dict[str, Any]]) -> None:
    """Rank by mean completion (ties share a rank); a division without any figure is unranked."""
    scored = sorted(
        (e for e in entries if e["score"] is not None),
        key=lambda e: (-Decimal(e["score"]), e["code"]),
    )
    previous, rank = None, 0
    for n, entry in enumerate(scored, start=1):
        if entry["score"] != previous:
            rank, previous = n, entry["score"]
        entry["rank"] = rank
    for entry in entries:
        entry.setdefault("rank", None)


def overdue_milestones(program: Program, ends_on: date) -> QuerySet[Milestone]:
    """Steps planned by the period's end and not done by then, on projects still open."""
    return (
        Milestone.objects.filter(project__program=program, planned_on__lte=ends_on)
        .filter(Q(actual_on__isnull=True) | Q(actual_on__gt=ends_on))
        .exclude(project__status__in=CLOSED_STATES)
    )


def _overdue_counts(milestones: QuerySet[Milestone]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for field in ("division_id", "zone_id"):
        lookup = f"project__enterprise__{field}"
        for row in milestones.exclude(**{lookup: None}).values(lookup).annotate(n=Count("pk")):
            counts[row[lookup]] = counts.get(row[lookup], 0) + row["n"]
    return counts


def _in_divisions(division_ids: list[int], prefix: str) -> Q:
    return Q(**{f"{prefix}division_id__in": division_ids}) | Q(
        **{f"{prefix}zone_id__in": division_ids}
    )


def _overdue_list(
    milestones: QuerySet[Milestone], ends_on: date, division_ids: list[int]
) -> tuple[int, list[dict[str, Any]]]:
    rows = milestones.filter(_in_divisions(division_ids, "project__enterprise__"))
    total = rows.count()
    listed = rows.order_by("planned_on", "pk").values(
        "pk",
        "name",
        "planned_on",
        "project_id",
        "project__title",
        "project__enterprise__name",
        "project__enterprise__division__name",
    )[:ANNEX_LIMIT]
    return total, [
        {
            "project_id": r["project_id"],
            "project": r["project__title"],
            "enterprise": r["project__enterprise__name"],
            "division": r["project__enterprise__division__name"] or "",
            "milestone": r["name"],
            "planned_on": r["planned_on"].isoformat(),
            "days": (ends_on - r["planned_on"]).days,
        }
        for r in listed
    ]


def _window(period_start: date, period_end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(period_start, time.min, tzinfo=tz)
    end = datetime.combine(period_end, time.max, tzinfo=tz)
    return start, end


def accepted_projects(
    program: Program, starts_on: date, ends_on: date, division_ids: list[int]
) -> tuple[int, list[dict[str, Any]]]:
    """Notable cases: projects accepted within the period, with their level before and after."""
    start, end = _window(starts_on, ends_on)
    rows = Acceptance.objects.filter(
        project__program=program,
        status=Acceptance.Status.ACCEPTED,
        decided_at__gte=start,
        decided_at__lte=end,
    ).filter(_in_divisions(division_ids, "project__enterprise__"))
    total = rows.count()
    listed = rows.order_by(
        F("project__post_assessment__level").desc(nulls_last=True), "decided_at", "pk"
    ).values(
        "project_id",
        "project__title",
        "project__enterprise__name",
        "project__enterprise__division__name",
        "project__baseline_assessment__level",
        "project__post_assessment__level",
        "decided_at",
    )[:ANNEX_LIMIT]
    return total, [
        {
            "project_id": r["project_id"],
            "project": r["project__title"],
            "enterprise": r["project__enterprise__name"],
            "division": r["project__enterprise__division__name"] or "",
            "before": r["project__baseline_assessment__level"],
            "after": r["project__post_assessment__level"],
            "accepted_on": timezone.localdate(r["decided_at"]).isoformat(),
        }
        for r in listed
    ]


@dataclass(frozen=True)
class CircularInput:
    program: Program
    period: Period
    divisions: list[Division]


def circular_content(data: CircularInput, *, user: Any) -> dict[str, Any]:
    program, period = data.program, data.period
    targets_all = list(program.targets.order_by("level", "pk"))
    keys = rules.circular_target_keys(program, [t.key for t in targets_all])
    targets = [t for t in targets_all if t.key in keys]
    stages = list(program.stages.order_by("starts_on"))
    expected = rules.expected_share(program, stages, period.ends_on)
    pilots = pilot_counts(program)
    shares = division_shares(program, data.divisions, pilots)
    milestones = overdue_milestones(program, period.ends_on)
    overdue = _overdue_counts(milestones)
    entries = []
    for division in data.divisions:
        rows, score = _division_rows(program, division, targets, shares[division.pk])
        entries.append(
            {
                "id": division.pk,
                "code": division.code,
                "name": str(division),
                "zone": division.is_zone,
                "pilots": pilots.get(division.pk, 0),
                "share": str(shares[division.pk]),
                "rows": rows,
                "score": _s(score),
                "lagging": score is not None and score < expected,
                "overdue": overdue.get(division.pk, 0),
            }
        )
    _rank([e for e in entries if not e["zone"]])
    _rank([e for e in entries if e["zone"]])
    ids = [d.pk for d in data.divisions]
    overdue_total, overdue_rows = _overdue_list(milestones, period.ends_on, ids)
    cases_total, cases = accepted_projects(program, period.starts_on, period.ends_on, ids)
    return {
        "period": period.key,
        "as_of": timezone.localtime().isoformat(timespec="minutes"),
        "expected": str(expected),
        "shares": "fixed" if rules.fixed_shares(program) is not None else "pilots",
        "overview": overview(_kpis(user, program)),
        "targets": [_target_row(t) for t in targets],
        "divisions": entries,
        "overdue_total": overdue_total,
        "overdue": overdue_rows,
        "cases_total": cases_total,
        "cases": cases,
    }


def evaluation_content(
    program: Program, stage: rules.EvaluationStage, *, user: Any
) -> dict[str, Any]:
    """The indicator table of a 绩效评价 stage: plan value, the stage's due value (the plan's
    figure times the share §四 expects by the stage's end; ratios as they are), actual,
    completion rate and the list behind each figure."""
    stages = list(program.stages.order_by("starts_on"))
    expected = rules.expected_share(program, stages, stage.ends_on)
    kpis = _kpis(user, program)
    keys = rules.indicator_keys(program, [k.target.key for k in kpis])
    rows = []
    for kpi in (k for k in kpis if k.target.key in keys):
        due = share_target(kpi.target, expected)
        rows.append(
            {
                **_target_row(kpi.target),
                "due": str(due),
                "actual": _s(kpi.actual),
                "rate": _s(rate(kpi.actual, due)),
                "url": evidence_url(kpi),
                "has_source": kpi.has_source,
                "definition": kpi.definition or kpi.basis,
                "population": kpi.population,
                "source": kpi.target.source,
            }
        )
    return {
        "stage": stage.key,
        "as_of": timezone.localtime().isoformat(timespec="minutes"),
        "expected": str(expected),
        "indicators": rows,
    }
