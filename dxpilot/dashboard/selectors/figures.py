"""The figures of the city and district dashboard, each aggregated in the database within the
viewer's scope, with the drill-down filters of every bar, cell and row (selectors.drill holds
the definitions both use). Every function costs a fixed number of queries at any scale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, FloatField, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.assessment import engine
from dxpilot.assessment.models import Assessment
from dxpilot.dashboard.kpis import Kpi
from dxpilot.dashboard.selectors.drill import (
    AFTER_KINDS,
    ALERTS,
    STAGES,
    after_ids,
    alert_ids,
    latest_level,
    scoped_enterprises,
    stage_ids,
    with_levels,
)
from dxpilot.dashboard.selectors.home import fund_split
from dxpilot.enterprises.models import Application, ApplicationStatus, SizeClass
from dxpilot.funding.models import Disbursement, Subsidy
from dxpilot.programs.models import Program
from dxpilot.projects.models import Contract
from dxpilot.providers.models import ProviderRating

HUNDRED = Decimal(100)
# A division lags when its completion share is below this fraction of the scope's share.
LAGGING_RATIO = Decimal("0.8")
LAGGING_LEVEL = 2
LEAGUE_SIZE = 15


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    query: str  # drill-down filters (urlencoded)
    pilots: int = 0


# ---------------------------------------------------------------- timeline (§四 推进计划)


@dataclass(frozen=True)
class StageRow:
    name: str
    starts_on: date
    ends_on: date
    state: str  # done | current | next


@dataclass(frozen=True)
class Timeline:
    stages: list[StageRow]
    today: date
    implementation_ends: date
    expected: Decimal  # 0..1: where the programme should be by now

    @property
    def expected_percent(self) -> int:
        return int(self.expected * HUNDRED)


def timeline(program: Program, today: date | None = None) -> Timeline:
    """Hefei plan §四: the pilot enterprises are transformed and accepted in stages one and two
    (2024, 2025-01…09); the last stage (2025-10…12) is the performance evaluation. So every target
    should be reached by the end of the last-but-one stage; where the programme should be today is
    read linearly from the programme start to that date."""
    today = today or timezone.localdate()
    stages = list(program.stages.order_by("starts_on", "pk"))
    rows = [
        StageRow(
            s.name,
            s.starts_on,
            s.ends_on,
            "done" if s.ends_on < today else ("current" if s.starts_on <= today else "next"),
        )
        for s in stages
    ]
    ends = stages[-2].ends_on if len(stages) >= 2 else program.ends_on
    span = (ends - program.starts_on).days or 1
    elapsed = (today - program.starts_on).days
    expected = max(Decimal(0), min(Decimal(1), Decimal(elapsed) / Decimal(span)))
    return Timeline(rows, today, ends, expected.quantize(Decimal("0.0001")))


def kpi_bars(kpis: list[Kpi], line: Timeline) -> dict[str, Any]:
    """Targets vs progress vs the timeline: per KPI with data, the progress (% of target) and
    where it should be by now (the same for every cumulative target; an annual target is due
    within its year, so it is expected in full once the year is over)."""
    labels, progress, expected, links = [], [], [], []
    for kpi in kpis:
        if kpi.progress is None:
            continue
        labels.append(kpi.target.name)
        progress.append(kpi.progress)
        expected.append(100 if kpi.target.per_year else line.expected_percent)
        links.append(kpi.drill_url)
    return {"labels": labels, "progress": progress, "expected": expected, "links": links}


# ---------------------------------------------------------------- breakdowns


BREAKDOWN_KEYS = ("division", "zone", "segment", "size", "scale")


def breakdowns(user: Any, program: Program) -> dict[str, list[Bar]]:
    """Enterprises and pilots by division, zone, 细分行业, size and 规上/规下 — one grouped scan of
    the scope (the groups are the programme's categories, so their number does not grow with
    the data), summed per dimension here — and admitted pilots by batch (one query)."""
    base = scoped_enterprises(user, program).order_by()
    rows = (
        base.values("division_id", "zone_id", "segment_id", "size_class", "above_scale")
        .annotate(total=Count("pk"), pilots=Count("pk", filter=Q(is_pilot=True)))
        .order_by()
    )
    names = dict(program.divisions.values_list("pk", "name"))
    order = dict(program.divisions.values_list("pk", "order"))
    segments = dict(program.segments.values_list("pk", "name"))
    segment_order = dict(program.segments.values_list("pk", "order"))
    sizes = dict(SizeClass.choices)
    sums: dict[str, dict[Any, list[int]]] = {key: {} for key in BREAKDOWN_KEYS}
    for row in rows:
        for key, value in (
            ("division", row["division_id"]),
            ("zone", row["zone_id"]),
            ("segment", row["segment_id"]),
            ("size", row["size_class"]),
            ("scale", int(row["above_scale"])),
        ):
            if key == "zone" and value is None:
                continue  # an enterprise outside any zone is not a zone's
            total = sums[key].setdefault(value, [0, 0])
            total[0] += row["total"]
            total[1] += row["pilots"]

    def bars(key: str, label: Any, param: str, sort: Any) -> list[Bar]:
        return [
            Bar(
                str(label(value)) if value is not None else "—",
                n[0],
                f"{param}={value}" if value is not None else "",
                n[1],
            )
            for value, n in sorted(sums[key].items(), key=lambda item: sort(item[0]))
        ]

    def last_if_none(ranks: dict[Any, int]) -> Any:
        return lambda value: (value is None, ranks.get(value, 0), value or 0)

    size_rank = {code: n for n, code in enumerate(SizeClass.values)}
    batches = (
        Application.objects.filter(
            status=ApplicationStatus.ADMITTED, enterprise__in=base.values("pk")
        )
        .values("batch_id", "batch__name", "batch__number")
        .annotate(total=Count("enterprise", distinct=True))
        .order_by("batch__number")
    )
    return {
        "division": bars("division", names.get, "division", last_if_none(order)),
        "zone": bars("zone", names.get, "zone", last_if_none(order)),
        "segment": bars("segment", segments.get, "segment", last_if_none(segment_order)),
        "batch": [
            Bar(r["batch__name"], r["total"], f"batch={r['batch_id']}", r["total"]) for r in batches
        ],
        "size": bars("size", lambda v: sizes.get(v, v), "size", lambda v: size_rank.get(v, 99)),
        "scale": bars("scale", lambda v: _("规上") if v else _("规下"), "above", lambda v: -v),
    }


# ---------------------------------------------------------------- funnel, migration


def funnel(user: Any, program: Program) -> list[Bar]:
    """applied → admitted → assessed → contracted → accepted → subsidised: enterprises of the
    scope that reached each stage (one query per stage, driven by the stage's own records)."""
    base = scoped_enterprises(user, program).order_by()
    return [
        Bar(str(label), base.filter(pk__in=stage_ids(key)).count(), f"stage={key}")
        for key, label in STAGES.items()
    ]


@dataclass(frozen=True)
class Migration:
    levels: list[str]  # row/column labels: "—" (no T0) then 0…4 in words
    cells: list[list[int]]  # cells[t0][t1]
    queries: list[list[str]]
    total: int
    improved: int

    @property
    def rows(self) -> list[tuple[str, list[tuple[int, str]]]]:
        return [
            (label, list(zip(self.cells[i], self.queries[i], strict=True)))
            for i, label in enumerate(self.levels)
        ]

    @property
    def column_labels(self) -> list[str]:
        return self.levels[1:]


def migration(user: Any, program: Program) -> Migration:
    """T0 → T1: enterprises with a locked assessment after transformation, by their latest T0
    level (or none) and latest T1/T2 level (one grouped query)."""
    base = scoped_enterprises(user, program).order_by().filter(pk__in=after_ids())
    rows = with_levels(base).values("t0", "t1").annotate(n=Count("pk")).order_by()
    keys = ["none", *[str(level) for level in range(5)]]
    labels = ["—", *[engine.level_name(level) for level in range(5)]]
    cells = [[0] * 5 for _ in keys]
    queries = [[f"t0={t0}&t1={t1}" for t1 in range(5)] for t0 in keys]
    total = improved = 0
    for row in rows:
        if row["t1"] is None:
            continue
        i = 0 if row["t0"] is None else row["t0"] + 1
        cells[i][row["t1"]] += row["n"]
        total += row["n"]
        if row["t0"] is not None and row["t1"] > row["t0"]:
            improved += row["n"]
    return Migration(labels, cells, queries, total, improved)


# ---------------------------------------------------------------- funds


@dataclass(frozen=True)
class Funds:
    central_cap: Decimal
    enterprise_min: Decimal
    public_max: Decimal
    by_status: list[tuple[str, Decimal, int, str]]  # label, amount, subsidies, drill query
    committed: Decimal  # approved + paid
    disbursed: Decimal

    @property
    def committed_percent(self) -> Decimal:
        if not self.enterprise_min:
            return Decimal(0)
        return (self.committed / self.enterprise_min * HUNDRED).quantize(Decimal("0.1"))

    @property
    def disbursed_percent(self) -> Decimal:
        if not self.enterprise_min:
            return Decimal(0)
        return (self.disbursed / self.enterprise_min * HUNDRED).quantize(Decimal("0.1"))


def funds(user: Any, program: Program) -> Funds:
    """Subsidies of the scope by status and the amounts disbursed, against the enterprise share
    of the central fund (财建〔2023〕117号: ≥80% directly to enterprises). Two queries."""
    split = fund_split(program)
    base = scoped_enterprises(user, program).values("pk")
    subsidies = Subsidy.objects.filter(project__enterprise__in=base, project__program=program)
    rows: dict[str, dict[str, Any]] = {
        r["status"]: dict(r)
        for r in subsidies.values("status").annotate(amount=Sum("amount"), n=Count("pk")).order_by()
    }
    labels = dict(Subsidy.Status.choices)
    by_status: list[tuple[str, Decimal, int, str]] = []
    for status in Subsidy.Status.values:
        row = rows.get(status) or {"amount": Decimal(0), "n": 0}
        by_status.append(
            (str(labels[status]), row["amount"] or Decimal(0), int(row["n"]), f"subsidy={status}")
        )
    committed = sum(
        (row["amount"] or Decimal(0) for s, row in rows.items() if s != Subsidy.Status.COMPUTED),
        Decimal(0),
    )
    disbursed = Disbursement.objects.filter(
        subsidy__in=subsidies.values("pk"), batch__status="paid"
    ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return Funds(
        split.central_cap, split.enterprise_min, split.public_max, by_status, committed, disbursed
    )


# ---------------------------------------------------------------- providers


@dataclass(frozen=True)
class LeagueRow:
    provider_id: int
    name: str
    clients: int
    verified: int  # clients with both a T0 and a T1 level
    uplift: Decimal | None  # mean T1 − T0 over the verified clients
    rating: Decimal | None
    ratings: int

    @property
    def query(self) -> str:
        return f"provider={self.provider_id}"


def provider_league(user: Any, program: Program) -> list[LeagueRow]:
    """Providers by the verified level uplift of their clients (T1 − T0 of the latest locked
    on-site assessments), then by their rating: two grouped queries, whatever the number of
    contracts (a client counts once per provider: one filed contract per project)."""
    base = scoped_enterprises(user, program).order_by().values("pk")
    contracts = Contract.objects.filter(status=Contract.Status.FILED, project__enterprise__in=base)
    verified = Q(t0__isnull=False, t1__isnull=False)
    grouped = (
        contracts.annotate(
            t0=latest_level((Assessment.Kind.ONSITE_BEFORE,), "project__enterprise_id"),
            t1=latest_level(AFTER_KINDS, "project__enterprise_id"),
        )
        .values("provider_id", "provider__name")
        .annotate(
            clients=Count("project__enterprise_id", distinct=True),
            verified=Count("project__enterprise_id", distinct=True, filter=verified),
            uplift=Avg(F("t1") - F("t0"), filter=verified, output_field=FloatField()),
        )
        .order_by()
    )
    rows: list[dict[str, Any]] = [dict(row) for row in grouped]
    ratings = {
        r["provider_id"]: r
        for r in ProviderRating.objects.filter(
            provider_id__in=[r["provider_id"] for r in rows], enterprise__in=base
        )
        .values("provider_id")
        .annotate(avg=Avg("score"), n=Count("pk"))
        .order_by()
    }
    league = []
    for row in rows:
        rating = ratings.get(row["provider_id"])
        league.append(
            LeagueRow(
                row["provider_id"],
                row["provider__name"],
                row["clients"],
                row["verified"],
                None
                if row["uplift"] is None
                else Decimal(str(row["uplift"])).quantize(Decimal("0.01")),
                Decimal(str(rating["avg"])).quantize(Decimal("0.1")) if rating else None,
                rating["n"] if rating else 0,
            )
        )
    league.sort(
        key=lambda r: (
            r.uplift is None,
            -(r.uplift or 0),
            r.rating is None,
            -(r.rating or 0),
            r.name,
        )
    )
    return league[:LEAGUE_SIZE]


# ---------------------------------------------------------------- alerts


@dataclass(frozen=True)
class Alert:
    label: str
    count: int
    query: str


@dataclass(frozen=True)
class Lagging:
    division_id: int
    name: str
    pilots: int
    reached: int
    share: Decimal

    @property
    def query(self) -> str:
        return f"division={self.division_id}&pilot=1"

    @property
    def percent(self) -> Decimal:
        return (self.share * HUNDRED).quantize(Decimal("0.1"))


def alerts(
    user: Any, program: Program, today: date | None = None
) -> tuple[list[Alert], list[Lagging], Decimal]:
    """Overdue milestones and open fraud flags (enterprises concerned), and the divisions whose
    share of pilots at 二级 or above after transformation is below 80% of the scope's share."""
    today = today or timezone.localdate()
    base = scoped_enterprises(user, program).order_by()
    found = [
        Alert(str(label), base.filter(pk__in=alert_ids(key, today)).count(), f"alert={key}")
        for key, label in ALERTS.items()
    ]
    rows = (
        with_levels(base.filter(is_pilot=True))
        .values("division_id", "division__name", "division__order")
        .annotate(pilots=Count("pk"), reached=Count("pk", filter=Q(t1__gte=LAGGING_LEVEL)))
        .order_by("division__order")
    )
    rows = list(rows)
    pilots = sum(r["pilots"] for r in rows)
    reached = sum(r["reached"] for r in rows)
    overall = Decimal(reached) / Decimal(pilots) if pilots else Decimal(0)
    lagging = []
    for r in rows:
        share = Decimal(r["reached"]) / Decimal(r["pilots"]) if r["pilots"] else Decimal(0)
        if r["division_id"] is not None and share < overall * LAGGING_RATIO:
            lagging.append(
                Lagging(r["division_id"], r["division__name"], r["pilots"], r["reached"], share)
            )
    return found, lagging, (overall * HUNDRED).quantize(Decimal("0.1"))
