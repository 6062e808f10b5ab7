"""Reads for the diagnosis report (page and Word export) and the city-level level overview.

Everything comes from the stored score result (DESIGN §5), never from re-scoring, and the peer
benchmark and level overview aggregate in the database: a report costs the same number of queries
whether the city has 200 enterprises or 200 000 (DESIGN §7).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment import engine
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.selectors import visible_assessments
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.programs.models import Program, Target

LEVELS = (0, 1, 2, 3, 4)
# Fewer peers than this and the benchmark says 样本不足: the figures would mean little and would
# come close to revealing single enterprises' results.
MIN_PEERS = 5
BUCKET_WIDTH = 10
BUCKETS = 10  # 0–10, 10–20, … 90–100 (100 falls in the last one)
TARGET_KEY = "above-scale-l2-share"
HISTORY_LIMIT = 12


def _condition_label(condition: str) -> str:
    return {
        "score": _("总分"),
        "scenes": _("达到该级及以上的场景数"),
        "constraint_scenes": _("其中约束性场景数"),
    }.get(condition, condition)


def _pct(part: Decimal | int, whole: Decimal | int) -> int:
    """Whole percent, half up; 0 when there is no whole."""
    if not whole:
        return 0
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _signed(value: Decimal) -> str:
    return f"{value:+.2f}"


def _local_date(assessment: Assessment) -> Any:
    if assessment.assessed_on:
        return assessment.assessed_on
    when = assessment.submitted_at or assessment.created_at
    return timezone.localdate(when)


# --- rows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleRow:
    condition: str
    label: str
    required: str
    actual: str
    met: bool
    message: str


@dataclass(frozen=True)
class LevelRules:
    level: int
    level_name: str
    rows: list[RuleRow]

    @property
    def met(self) -> bool:
        return all(row.met for row in self.rows)


@dataclass(frozen=True)
class Decision:
    level: int
    level_name: str
    total: str
    max_score: str
    levels: list[LevelRules]  # ascending
    next_level: LevelRules | None  # the level above, with the conditions that held it back

    @property
    def blocking(self) -> list[RuleRow]:
        return [row for row in self.next_level.rows if not row.met] if self.next_level else []


@dataclass(frozen=True)
class ScoreRow:
    name: str
    score: Decimal
    max_score: Decimal
    pct: int
    parts: list[ScoreRow] = field(default_factory=list)


@dataclass(frozen=True)
class SceneRow:
    name: str
    group: str
    level: int
    level_name: str
    constraint: bool
    description: str  # the standard's wording of the level reached ("" at level 0)
    pct: int


@dataclass(frozen=True)
class HistoryRow:
    pk: int
    kind: str
    onsite: bool
    date: Any
    total: Decimal
    level: int
    level_name: str
    dimensions: list[Decimal]
    change: str  # total against the row before ("" for the first)
    level_change: int | None
    current: bool


@dataclass(frozen=True)
class Bucket:
    label: str
    count: int
    mine: bool


@dataclass(frozen=True)
class PeerBenchmark:
    segment: str
    size_class: str
    peers: int
    enough: bool
    below: int = 0
    equal: int = 0
    above: int = 0
    percentile: int | None = None
    levels: list[tuple[int, str, int, int]] = field(default_factory=list)  # level, name, count, %
    buckets: list[Bucket] = field(default_factory=list)
    no_segment: bool = False


@dataclass(frozen=True)
class Gap:
    kind: str
    label: str
    message: str
    constraint: bool = False
    points: str = ""


@dataclass(frozen=True)
class NextSteps:
    target_level: int | None
    target_level_name: str
    questions: list[Gap]
    scenes: list[Gap]
    points: str  # points the question changes add


@dataclass(frozen=True)
class OverrideRow:
    item: str
    self_value: str
    value: str
    reason: str
    by: str
    at: Any


@dataclass(frozen=True)
class EvidenceRow:
    pk: int
    item: str
    name: str
    size: int
    uploaded_by: str
    uploaded_at: Any


@dataclass
class Report:
    assessment: Assessment
    enterprise: Enterprise
    kind: str
    date: Any
    assessor: str
    edition_title: str
    decision: Decision
    dimensions: list[ScoreRow]
    scenes: list[SceneRow]
    scene_groups: list[tuple[str, list[SceneRow]]]
    history: list[HistoryRow]
    dimension_names: list[str]
    peers: PeerBenchmark
    next_steps: NextSteps
    overrides: list[OverrideRow]
    evidence: list[EvidenceRow]
    charts: dict[str, Any]

    @property
    def filename(self) -> str:
        name = re.sub(r'[\\/:*?"<>|\s]+', "", self.enterprise.name) or str(self.enterprise.pk)
        return _("诊断报告-{name}-{date}.docx").format(name=name, date=self.date.isoformat())


# --- pieces ----------------------------------------------------------------------------------


def _decision(result: dict[str, Any]) -> Decision:
    by_level: dict[int, list[RuleRow]] = {}
    names: dict[int, str] = {}
    for rule in result.get("rules", []):
        level = int(rule["level"])
        names[level] = rule["level_name"]
        by_level.setdefault(level, []).append(
            RuleRow(
                condition=rule["condition"],
                label=_condition_label(rule["condition"]),
                required=str(rule["required"]),
                actual=str(rule["actual"]),
                met=bool(rule["met"]),
                message=rule["message"],
            )
        )
    levels = [LevelRules(n, names[n], rows) for n, rows in sorted(by_level.items())]
    level = int(result["level"])
    following = next((lv for lv in levels if lv.level == level + 1), None)
    return Decision(
        level,
        result["level_name"],
        result["total"],
        result.get("max_score", "100.00"),
        levels,
        following,
    )


def _dimensions(iset: engine.IndicatorSet, result: dict[str, Any]) -> list[ScoreRow]:
    dims, subs = result.get("dimensions", {}), result.get("subdimensions", {})
    rows = []
    for dim in iset.dimensions:
        parts = []
        for sub in dim.subdimensions:
            score = Decimal(subs.get(sub.name, "0"))
            parts.append(ScoreRow(sub.name, score, sub.max_score, _pct(score, sub.max_score)))
        score = Decimal(dims.get(dim.name, "0"))
        rows.append(ScoreRow(dim.name, score, dim.max_score, _pct(score, dim.max_score), parts))
    return rows


def _scenes(iset: engine.IndicatorSet, result: dict[str, Any]) -> list[SceneRow]:
    levels, constraint = result.get("scenes", {}), set(result.get("constraint_scenes", []))
    rows = []
    for scene in iset.scenes:
        level = int(levels.get(scene.name, 0))
        description = scene.levels[level - 1] if 1 <= level <= len(scene.levels) else ""
        rows.append(
            SceneRow(
                name=scene.name,
                group=scene.group.name,
                level=level,
                level_name=engine.level_name(level),
                constraint=scene.name in constraint,
                description=description,
                pct=_pct(level, iset.max_scene_level),
            )
        )
    return rows


def _history(user: Any, assessment: Assessment) -> list[Assessment]:
    """Earlier submitted or locked assessments of the enterprise the user may see (plus the
    self-assessment an on-site one started from), oldest first; one query."""
    moment = assessment.submitted_at or assessment.created_at
    earlier = (
        Assessment.objects.filter(
            enterprise_id=assessment.enterprise_id,
            status__in=(Assessment.Status.SUBMITTED, Assessment.Status.LOCKED),
            submitted_at__lte=moment,
        )
        .exclude(pk=assessment.pk)
        .filter(
            Q(pk__in=visible_assessments(user).values("pk")) | Q(pk=assessment.reference_id or 0)
        )
        .order_by("-submitted_at", "-pk")[:HISTORY_LIMIT]
    )
    return [*reversed(list(earlier)), assessment]


def _history_rows(items: list[Assessment], dims: list[str], current_pk: int) -> list[HistoryRow]:
    rows: list[HistoryRow] = []
    previous: Assessment | None = None
    for item in items:
        result = item.result or {}
        total = item.total if item.total is not None else Decimal(0)
        level = item.level or 0
        change, level_change = "", None
        if previous is not None and previous.total is not None:
            change = _signed(total - previous.total)
            level_change = level - (previous.level or 0)
        rows.append(
            HistoryRow(
                pk=item.pk,
                kind=item.get_kind_display(),
                onsite=item.is_onsite,
                date=_local_date(item),
                total=total,
                level=level,
                level_name=engine.level_name(level),
                dimensions=[Decimal(result.get("dimensions", {}).get(name, "0")) for name in dims],
                change=change,
                level_change=level_change,
                current=item.pk == current_pk,
            )
        )
        previous = item
    return rows


def peer_benchmark(enterprise: Enterprise, total: Decimal) -> PeerBenchmark:
    """Where a total stands among the other enterprises of the same 细分行业 and size class that
    have an on-site level: one aggregate query. Percentile rank = (below + ties / 2) / peers."""
    segment = enterprise.segment.name if enterprise.segment else ""
    size = enterprise.get_size_class_display()
    if enterprise.segment_id is None:
        return PeerBenchmark(segment, size, 0, False, no_segment=True)
    peers = Enterprise.objects.filter(
        program_id=enterprise.program_id,
        segment_id=enterprise.segment_id,
        size_class=enterprise.size_class,
        level_total__isnull=False,
    ).exclude(pk=enterprise.pk)
    counts: dict[str, Any] = {
        "n": Count("pk"),
        "below": Count("pk", filter=Q(level_total__lt=total)),
        "equal": Count("pk", filter=Q(level_total=total)),
    }
    for level in LEVELS:
        counts[f"level_{level}"] = Count("pk", filter=Q(level=level))
    for b in range(BUCKETS):
        low = Q(level_total__gte=b * BUCKET_WIDTH)
        high = Q() if b == BUCKETS - 1 else Q(level_total__lt=(b + 1) * BUCKET_WIDTH)
        counts[f"bucket_{b}"] = Count("pk", filter=low & high)
    row = peers.aggregate(**counts)
    n = row["n"]
    if n < MIN_PEERS:
        return PeerBenchmark(segment, size, n, False)
    below, equal = row["below"], row["equal"]
    percentile = _pct(Decimal(2 * below + equal), Decimal(2 * n))
    mine = min(int(total // BUCKET_WIDTH), BUCKETS - 1)
    return PeerBenchmark(
        segment=segment,
        size_class=size,
        peers=n,
        enough=True,
        below=below,
        equal=equal,
        above=n - below - equal,
        percentile=percentile,
        levels=[
            (lv, engine.level_name(lv), row[f"level_{lv}"], _pct(row[f"level_{lv}"], n))
            for lv in LEVELS
        ],
        buckets=[
            Bucket(f"{b * BUCKET_WIDTH}–{(b + 1) * BUCKET_WIDTH}", row[f"bucket_{b}"], b == mine)
            for b in range(BUCKETS)
        ],
    )


def _next_steps(result: dict[str, Any]) -> NextSteps:
    target = result.get("next_level")
    questions, scenes = [], []
    points = Decimal(0)
    for gap in result.get("gaps", []):
        if gap.get("kind") == "question":
            points += Decimal(gap.get("points", "0"))
            label = f"{gap['code']} {gap.get('indicator', '')}".strip()
            questions.append(Gap("question", label, gap["message"], points=gap.get("points", "")))
        else:
            scenes.append(
                Gap("scene", gap["name"], gap["message"], constraint=bool(gap.get("constraint")))
            )
    name = engine.level_name(int(target)) if target is not None else ""
    return NextSteps(target, name, questions, scenes, f"{points:.2f}")


def item_label(iset: engine.IndicatorSet, item: str) -> str:
    question = iset.question_by_code.get(item)
    return f"{item} {question.indicator}" if question else item


def describe_value(iset: engine.IndicatorSet, item: str, value: Any) -> str:
    """An answer or scene level in words: option keys with their text, level names."""
    if value is None or value == [] or value == "":
        return "—"
    question = iset.question_by_code.get(item)
    if question is None:
        return engine.level_name(value) if isinstance(value, int) else str(value)
    texts = []
    for key in value if isinstance(value, list) else [value]:
        try:
            texts.append(f"{key}. {question.option(key).text}")
        except (KeyError, TypeError):
            texts.append(str(key))
    return "；".join(texts)


def _onsite_details(
    assessment: Assessment, iset: engine.IndicatorSet
) -> tuple[list[OverrideRow], list[EvidenceRow]]:
    if not assessment.is_onsite:
        return [], []
    overrides = [
        OverrideRow(
            item=item_label(iset, o.item),
            self_value=describe_value(iset, o.item, o.self_value),
            value=describe_value(iset, o.item, o.value),
            reason=o.reason,
            by=str(o.by),
            at=o.at,
        )
        for o in assessment.overrides.select_related("by").order_by("at", "pk")
    ]
    evidence = [
        EvidenceRow(
            e.pk,
            item_label(iset, e.item),
            e.original_name,
            e.size,
            str(e.uploaded_by),
            e.uploaded_at,
        )
        for e in assessment.evidence.select_related("uploaded_by").order_by(
            "item", "uploaded_at", "pk"
        )
    ]
    return overrides, evidence


def _charts(
    iset: engine.IndicatorSet,
    history: list[Assessment],
    rows: list[HistoryRow],
    peers: PeerBenchmark,
) -> dict[str, Any]:
    subs = iset.subdimensions
    series = []
    # This assessment and the one before it, so the radar shows what moved.
    for item, row in list(zip(history, rows, strict=True))[-2:][::-1]:
        values = (item.result or {}).get("subdimensions", {})
        name = _("{kind}（{date}）").format(kind=row.kind, date=row.date.isoformat())
        series.append({"name": name, "values": [float(values.get(s.name, 0)) for s in subs]})
    charts: dict[str, Any] = {
        "radar": {
            "indicators": [{"name": s.name, "max": float(s.max_score)} for s in subs],
            "series": series,
        },
        "peers": None,
    }
    if peers.enough:
        charts["peers"] = {
            "labels": [b.label for b in peers.buckets],
            "counts": [b.count for b in peers.buckets],
            "mine": next((n for n, b in enumerate(peers.buckets) if b.mine), None),
            "series": _("同行企业数"),
            "mine_label": _("本次总分所在区间"),
        }
    return charts


# --- entry points ----------------------------------------------------------------------------


def draft_destination(user: Any, assessment: Assessment) -> str | None:
    """Where a draft's report link leads: the enterprise to its form, the assessor on site."""
    scope = scope_of(user)
    if assessment.kind == Assessment.Kind.SELF and scope.enterprise_id == assessment.enterprise_id:
        return "assessment:fill"
    if assessment.is_onsite and scope.role == Role.ASSESSOR and assessment.assessor_id == user.pk:
        return "assessment:onsite"
    return None


def build_report(assessment: Assessment, *, user: Any) -> Report:
    """The whole report of a submitted or locked assessment, in a constant number of queries."""
    iset = engine.load_indicator_set(assessment.edition)
    result: dict[str, Any] = assessment.result or {}
    enterprise = Enterprise.objects.select_related("program", "segment", "division", "zone").get(
        pk=assessment.enterprise_id
    )
    assessment.enterprise = enterprise
    dims = [d.name for d in iset.dimensions]
    history = _history(user, assessment)
    rows = _history_rows(history, dims, assessment.pk)
    peers = peer_benchmark(enterprise, assessment.total or Decimal(0))
    overrides, evidence = _onsite_details(assessment, iset)
    scenes = _scenes(iset, result)
    groups = [(g.name, [s for s in scenes if s.group == g.name]) for g in iset.scene_groups]
    return Report(
        assessment=assessment,
        enterprise=enterprise,
        kind=assessment.get_kind_display(),
        date=_local_date(assessment),
        assessor=str(assessment.assessor) if assessment.assessor_id else "",
        edition_title=iset.title,
        decision=_decision(result),
        dimensions=_dimensions(iset, result),
        scenes=scenes,
        scene_groups=groups,
        history=rows,
        dimension_names=dims,
        peers=peers,
        next_steps=_next_steps(result),
        overrides=overrides,
        evidence=evidence,
        charts=_charts(iset, history, rows, peers),
    )


# --- the city-level overview -----------------------------------------------------------------


@dataclass(frozen=True)
class LevelRow:
    label: str
    total: int
    assessed: int
    unassessed: int
    levels: list[int]  # count per level 0..4
    l2_plus: int
    l2_share: int  # % of assessed at 二级+
    above: int
    above_assessed: int
    above_l2: int
    above_share: int | None  # % of all 规上 at 二级+ (None without 规上 enterprises)
    meets_target: bool | None


@dataclass(frozen=True)
class LevelOverview:
    program: Program
    overall: LevelRow
    by_segment: list[LevelRow]
    by_division: list[LevelRow]
    target: Target | None
    target_pct: int | None
    level_names: list[str]
    level_totals: list[tuple[str, int, int]]  # name, count, % of the assessed
    charts: dict[str, Any]


def may_see_levels(user: Any) -> bool:
    return scope_of(user).role in (Role.CITY_ADMIN, Role.DISTRICT_OFFICER)


def _tally(counts: dict[str, int], group: Mapping[str, Any]) -> None:
    """Add one (level, 规上) group of the GROUP BY to a row's counters."""
    n, level, above = group["n"], group["level"], group["above_scale"]
    counts["total"] += n
    counts["above"] += n if above else 0
    if level is None:
        return
    counts["assessed"] += n
    counts[f"level_{level}"] += n
    counts["above_assessed"] += n if above else 0
    if level >= 2:
        counts["l2_plus"] += n
        counts["above_l2"] += n if above else 0


def _counters() -> dict[str, int]:
    keys = ["total", "assessed", "l2_plus", "above", "above_assessed", "above_l2"]
    return dict.fromkeys([*keys, *(f"level_{lv}" for lv in LEVELS)], 0)


def _level_row(label: str, row: Mapping[str, Any], target: Decimal | None) -> LevelRow:
    above_share = _pct(row["above_l2"], row["above"]) if row["above"] else None
    meets = None
    if target is not None and row["above"]:
        meets = Decimal(row["above_l2"]) >= target * row["above"]
    return LevelRow(
        label=label,
        total=row["total"],
        assessed=row["assessed"],
        unassessed=row["total"] - row["assessed"],
        levels=[row[f"level_{lv}"] for lv in LEVELS],
        l2_plus=row["l2_plus"],
        l2_share=_pct(row["l2_plus"], row["assessed"]),
        above=row["above"],
        above_assessed=row["above_assessed"],
        above_l2=row["above_l2"],
        above_share=above_share,
        meets_target=meets,
    )


def level_overview(user: Any, program: Program) -> LevelOverview:
    """Level distribution of the enterprises in the user's scope (on-site levels only), totals,
    by 细分行业 and by 行政区划, against the national 规上二级+ target (财建〔2023〕117号): two
    queries at any scale. Unassessed 规上 enterprises count as not yet at 二级."""
    # One GROUP BY (segment, division, level, 规上) counted in the database; its rows are bounded
    # by the programme's configuration (≤ segments × divisions × 6 × 2), not by the enterprises,
    # and are summed here into the totals, the segment rows and the division rows.
    groups = (
        visible_enterprises(user)
        .filter(program=program)
        .order_by()
        .values(
            "segment__name",
            "segment__order",
            "division__name",
            "division__order",
            "level",
            "above_scale",
        )
        .annotate(n=Count("pk"))
    )
    target = Target.objects.filter(program=program, key=TARGET_KEY).first()
    goal = target.value if target is not None else None
    overall = _counters()
    segments: dict[tuple[int, str], dict[str, int]] = {}
    divisions: dict[tuple[int, str], dict[str, int]] = {}
    unsegmented = _("未归入细分行业")
    for group in groups:
        name = group["segment__name"]
        segment = (group["segment__order"], name) if name else (10_000, unsegmented)
        division = (group["division__order"], group["division__name"])
        for counts in (
            overall,
            segments.setdefault(segment, _counters()),
            divisions.setdefault(division, _counters()),
        ):
            _tally(counts, group)
    by_segment = [_level_row(key[1], counts, goal) for key, counts in sorted(segments.items())]
    by_division = [_level_row(key[1], counts, goal) for key, counts in sorted(divisions.items())]
    total = _level_row(_("合计"), overall, goal)
    names = [engine.level_name(lv) for lv in LEVELS]

    def stacked(rows: list[LevelRow]) -> dict[str, Any]:
        return {
            "labels": [r.label for r in rows],
            "series": [{"name": names[lv], "data": [r.levels[lv] for r in rows]} for lv in LEVELS],
        }

    return LevelOverview(
        program=program,
        overall=total,
        by_segment=by_segment,
        by_division=by_division,
        target=target,
        target_pct=_pct(goal, 1) if goal is not None else None,
        level_names=names,
        level_totals=[(names[lv], n, _pct(n, total.assessed)) for lv, n in enumerate(total.levels)],
        charts={"segments": stacked(by_segment), "divisions": stacked(by_division)},
    )
