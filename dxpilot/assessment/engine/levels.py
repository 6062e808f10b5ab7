"""What level rules award: level names, the level of a sheet and its rule-by-rule explanation.

A level N is awarded when all three of its conditions hold: the total score (数字化基础 + 管理 + 成效)
is at least ``min_score``, at least ``min_scenes`` scenes are at level N or above, and at least
``min_constraint_scenes`` of those are 约束性 scenes. The result is the highest level whose three
conditions hold, else 0 (未达一级). The defaults come from the edition file and are unverified, so
the Django side passes per-细分行业 overrides (``LevelRules`` and a constraint scene set).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from .i18n import _, gettext_noop
from .rules import LevelRule, LevelRules, to_decimal
from .types import IndicatorSet

__all__ = [
    "Condition",
    "RuleCheck",
    "check_rules",
    "determine_level",
    "explain_levels",
    "format_points",
    "level_name",
    "scene_counts",
    "structural_problems",
    "unreachable",
]

Condition = Literal["score", "scenes", "constraint_scenes"]
CONDITIONS: tuple[Condition, ...] = ("score", "scenes", "constraint_scenes")

TWO_PLACES = Decimal("0.01")

# Index = level. Translated where used (see i18n.gettext_noop).
_LEVEL_NAMES = (
    gettext_noop("未达一级"),
    gettext_noop("一级"),
    gettext_noop("二级"),
    gettext_noop("三级"),
    gettext_noop("四级"),
    gettext_noop("五级"),
    gettext_noop("六级"),
)


def level_name(level: int) -> str:
    """Chinese name of a level: 0 is 未达一级, 1 一级 … 4 四级."""
    if 0 <= level < len(_LEVEL_NAMES):
        return _(_LEVEL_NAMES[level])
    return _("{level}级").format(level=level)


def format_points(value: Decimal) -> str:
    """Points as a string with exactly two decimals, rounded half up ("38.50")."""
    return str(value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP))


def scene_counts(sorted_levels: Sequence[int], max_level: int) -> list[int]:
    """Number of scenes at level >= N, indexed by N (0..max_level), from sorted scene levels."""
    total = len(sorted_levels)
    return [total - bisect_left(sorted_levels, n) for n in range(max_level + 1)]


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """One condition of one level, with what was required, what the sheet has and whether it held."""

    level: int
    condition: Condition
    required: Decimal | int
    actual: Decimal | int
    met: bool

    @property
    def message(self) -> str:
        name = level_name(self.level)
        if self.condition == "score":
            required = format_points(Decimal(self.required))
            actual = format_points(Decimal(self.actual))
            template = (
                _("{level}：总分 {actual}，需 ≥ {required}，已满足。")
                if self.met
                else _("{level}：总分 {actual}，需 ≥ {required}，未满足。")
            )
            return template.format(level=name, actual=actual, required=required)
        if self.condition == "scenes":
            template = (
                _("{level}：达到{level}及以上的场景 {actual} 个，需 ≥ {required} 个，已满足。")
                if self.met
                else _("{level}：达到{level}及以上的场景 {actual} 个，需 ≥ {required} 个，未满足。")
            )
        else:
            template = (
                _(
                    "{level}：达到{level}及以上的约束性场景 {actual} 个，"
                    "需 ≥ {required} 个，已满足。"
                )
                if self.met
                else _(
                    "{level}：达到{level}及以上的约束性场景 {actual} 个，"
                    "需 ≥ {required} 个，未满足。"
                )
            )
        return template.format(level=name, actual=self.actual, required=self.required)

    def to_dict(self) -> dict[str, object]:
        if self.condition == "score":
            required: object = format_points(Decimal(self.required))
            actual: object = format_points(Decimal(self.actual))
        else:
            required, actual = self.required, self.actual
        # Figures only: the message is rendered where the check is shown, in the reader's language.
        return {
            "level": self.level,
            "condition": self.condition,
            "required": required,
            "actual": actual,
            "met": self.met,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> RuleCheck:
        """The check again from ``to_dict()``; KeyError, TypeError or ValueError if it is not one."""
        condition = data["condition"]
        if condition not in CONDITIONS:
            raise ValueError(f"unknown condition {condition!r}")
        level, required, actual, met = (
            data["level"],
            data["required"],
            data["actual"],
            data["met"],
        )
        if type(level) is not int or type(met) is not bool:
            raise TypeError("level must be an integer and met a boolean")
        if condition == "score":
            return cls(level, "score", to_decimal(required), to_decimal(actual), met)
        if type(required) is not int or type(actual) is not int:
            raise TypeError("scene counts must be integers")
        return cls(
            level, "scenes" if condition == "scenes" else "constraint_scenes", required, actual, met
        )


def explain_levels(
    total: Decimal, at_least: Sequence[int], constraint_at_least: Sequence[int], rules: LevelRules
) -> list[RuleCheck]:
    """Every condition of every level, ascending by level (score, scenes, constraint scenes)."""
    checks: list[RuleCheck] = []
    for rule in rules.rows:
        n = rule.level
        checks.append(RuleCheck(n, "score", rule.min_score, total, total >= rule.min_score))
        scenes = at_least[n]
        checks.append(RuleCheck(n, "scenes", rule.min_scenes, scenes, scenes >= rule.min_scenes))
        constraint = constraint_at_least[n]
        checks.append(
            RuleCheck(
                n,
                "constraint_scenes",
                rule.min_constraint_scenes,
                constraint,
                constraint >= rule.min_constraint_scenes,
            )
        )
    return checks


def determine_level(
    total: Decimal,
    levels: Sequence[int],
    constraint_levels: Sequence[int],
    rules: LevelRules,
) -> int:
    """The highest level whose three conditions all hold, else 0.

    ``levels`` and ``constraint_levels`` are sorted scene levels: the number of scenes at level
    >= N is ``len(levels) - bisect_left(levels, N)``.
    """
    for rule in reversed(rules.rows):
        n = rule.level
        if (
            total >= rule.min_score
            and len(levels) - bisect_left(levels, n) >= rule.min_scenes
            and len(constraint_levels) - bisect_left(constraint_levels, n)
            >= rule.min_constraint_scenes
        ):
            return n
    return 0


def structural_problems(
    indicator_set: IndicatorSet, rules: LevelRules, constraint_scenes: frozenset[str]
) -> list[str]:
    """Problems that make a rule set meaningless with an edition: scoring refuses these."""
    problems: list[str] = []
    unknown = sorted(constraint_scenes - set(indicator_set.scene_names))
    if unknown:
        problems.append(f"unknown constraint scenes {unknown}")
    if rules.max_level > indicator_set.max_scene_level:
        problems.append(
            f"rules go up to level {rules.max_level}, scenes only to {indicator_set.max_scene_level}"
        )
    return problems


def unreachable(
    indicator_set: IndicatorSet, rule: LevelRule, constraint_scenes: frozenset[str]
) -> list[str]:
    """Why no sheet can meet ``rule`` (empty if some sheet can)."""
    problems: list[str] = []
    best = indicator_set.best_score
    if rule.min_score > best:
        problems.append(f"level {rule.level}: min_score {rule.min_score} > best total {best}")
    scenes = len(indicator_set.scene_names)
    if rule.min_scenes > scenes:
        problems.append(f"level {rule.level}: min_scenes {rule.min_scenes} > {scenes} scenes")
    if rule.min_constraint_scenes > len(constraint_scenes):
        problems.append(
            f"level {rule.level}: min_constraint_scenes {rule.min_constraint_scenes} > "
            f"{len(constraint_scenes)} constraint scenes"
        )
    return problems


def check_rules(
    indicator_set: IndicatorSet, rules: LevelRules, constraint_scenes: frozenset[str]
) -> list[str]:
    """Every problem of a rule set with an edition and a constraint scene set ([] if none).

    For validating configuration (an edition's defaults, a programme file): besides the
    structural problems, each level must be reachable. Scoring itself only refuses structural
    problems; a level that cannot be reached is simply never awarded.
    """
    problems = structural_problems(indicator_set, rules, constraint_scenes)
    for row in rules.rows:
        problems.extend(unreachable(indicator_set, row, constraint_scenes))
    return problems
