"""The city-level level overview: the level distribution of the enterprises in a user's scope,
against the national 规上二级+ target, in two queries at any scale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment import engine
from dxpilot.assessment.report.common import LEVELS, pct
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.programs.models import Program, Target

TARGET_KEY = "above-scale-l2-share"


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
    above_share = pct(row["above_l2"], row["above"]) if row["above"] else None
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
        l2_share=pct(row["l2_plus"], row["assessed"]),
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
        target_pct=pct(goal, 1) if goal is not None else None,
        level_names=names,
        level_totals=[(names[lv], n, pct(n, total.assessed)) for lv, n in enumerate(total.levels)],
        charts={"segments": stacked(by_segment), "divisions": stacked(by_division)},
    )
