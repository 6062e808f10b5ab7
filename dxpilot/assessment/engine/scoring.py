"""Scoring a sheet: question, sub-dimension, dimension and total scores, the level, and its explanation.

Scores are exact ``Decimal`` values (internally integers in units of ``10 ** -scale`` points) and are
rounded to two places, ROUND_HALF_UP, only on output. Each figure is rounded on its own from its
exact value, so rounded question scores may not add up to the rounded total (M1.2 with one option
is 1.875 → "1.88").

**Decimals are serialised as strings** ("40.00", never 40.0): a JSON number would be read back as a
binary float by most clients, and "40.00" keeps the two places. Levels and scene counts are ints.

``ScoreResult.to_dict()`` is the score-result contract (DESIGN §5), stored with an assessment. It
holds figures and codes only, no sentence in any language; level names and messages are rendered
where they are shown (``level_name(n)``, ``RuleCheck.from_dict(rule).message``,
``QuestionGap.from_dict(gap, indicator_set).message`` and ``SceneGap.from_dict(gap).message``)::

    {"edition": "2024", "industry": "3670", "total": "41.25", "max_score": "100.00",
     "dimensions": {"数字化基础": "23.50", "数字化管理": "9.75", "数字化成效": "8.00"},
     "subdimensions": {"设备系统": "9.50", ...},
     "questions": {"B1.1": "4.00", ...},
     "scenes": {"产品设计": 2, ...},
     "constraint_scenes": ["产品设计", ...],
     "scenes_at_level": {"1": 16, "2": 9, "3": 2, "4": 0},
     "constraint_scenes_at_level": {"1": 10, "2": 5, "3": 1, "4": 0},
     "level": 2, "next_level": 3, "next_level_reachable": true,
     "rules": [{"level": 1, "condition": "score", "required": "20.00", "actual": "41.25",
                "met": true},
               ...],                                  # 3 conditions × each level, ascending
     "gaps": [...]}                 # see gaps.py; [] at the top level or if next_level_reachable
                                    # is false (the rules for it cannot be met at all)

Only the validation, the scores, the scene counts and the level are computed eagerly; the
sub-totals, explanation and gaps are computed on first access, so scoring many sheets stays cheap.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from .gaps import Gap, gap_to
from .indicator_set import IndicatorSet
from .levels import (
    RuleCheck,
    explain_levels,
    format_points,
    level_name,
    scene_counts,
    structural_problems,
    unreachable,
)
from .rules import LevelRules, RulesError
from .sheet import check_json, check_sheet
from .sheet_types import AnswerSheet, CheckedSheet

__all__ = ["ScoreResult", "score_json", "score_sheet"]


@dataclass(eq=False)
class ScoreResult:
    """A scored sheet; derived figures are computed on first access.

    Read-only by convention: it is not ``frozen`` because a frozen dataclass costs three times as
    much to create, a noticeable share of scoring one sheet.
    """

    checked: CheckedSheet = field(repr=False)
    level: int
    rules: LevelRules

    @cached_property
    def total(self) -> Decimal:
        return self.checked.indicator_set.units_to_points(self.checked.total_units)

    @property
    def indicator_set(self) -> IndicatorSet:
        return self.checked.indicator_set

    @property
    def edition(self) -> str:
        return self.checked.indicator_set.edition

    @property
    def industry(self) -> str | None:
        return self.checked.industry

    @property
    def constraint_scenes(self) -> frozenset[str]:
        return self.checked.constraint_scenes

    @cached_property
    def units(self) -> list[int]:
        """Question scores in units of 10 ** -scale, in ``indicator_set.score_order``."""
        return self.checked.question_units()

    @cached_property
    def scenes_at_level(self) -> list[int]:
        """Number of scenes at level >= N, indexed by N."""
        return scene_counts(self.checked.levels, self.indicator_set.max_scene_level)

    @cached_property
    def constraint_scenes_at_level(self) -> list[int]:
        """Number of constraint scenes at level >= N, indexed by N."""
        return scene_counts(self.checked.constraint_levels, self.indicator_set.max_scene_level)

    @cached_property
    def sheet(self) -> AnswerSheet:
        return self.checked.normalise()

    @property
    def level_name(self) -> str:
        return level_name(self.level)

    @property
    def next_level(self) -> int | None:
        return self.level + 1 if self.level < self.rules.max_level else None

    @cached_property
    def question_scores(self) -> dict[str, Decimal]:
        """Keyed by question code, in edition order."""
        iset = self.indicator_set
        return {
            q.code: iset.units_to_points(self.units[iset.lookup[q.code].position])
            for q in iset.questions
        }

    @cached_property
    def subdimension_scores(self) -> dict[str, Decimal]:
        """Keyed by sub-dimension name (names are unique within an edition)."""
        sums = self._sums(1)
        return {
            sub.name: self.indicator_set.units_to_points(sums[i])
            for i, sub in enumerate(self.indicator_set.subdimensions)
        }

    @cached_property
    def dimension_scores(self) -> dict[str, Decimal]:
        """Keyed by dimension name (数字化基础 …), as in the contract."""
        sums = self._sums(0)
        return {
            dim.name: self.indicator_set.units_to_points(sums[i])
            for i, dim in enumerate(self.indicator_set.dimensions)
        }

    def _sums(self, part: int) -> list[int]:
        iset = self.indicator_set
        size = len(iset.dimensions) if part == 0 else len(iset.subdimensions)
        sums = [0] * size
        for code, units in zip(iset.score_order, self.units, strict=True):
            sums[iset.placement[code][part]] += units
        return sums

    @cached_property
    def rule_checks(self) -> list[RuleCheck]:
        return explain_levels(
            self.total, self.scenes_at_level, self.constraint_scenes_at_level, self.rules
        )

    @property
    def next_level_reachable(self) -> bool:
        """False at the top level, or if the rules for the next level cannot be met at all."""
        target = self.next_level
        if target is None:
            return False
        rule = self.rules.rule_for(target)
        return not unreachable(self.indicator_set, rule, self.constraint_scenes)

    @cached_property
    def gaps(self) -> list[Gap]:
        """The cheapest changes that reach the next level ([] at the top or if unreachable)."""
        target = self.next_level
        return gap_to(self, target) if target is not None and self.next_level_reachable else []

    def to_dict(self) -> dict[str, object]:
        iset = self.indicator_set
        levels = range(1, self.rules.max_level + 1)
        return {
            "edition": self.edition,
            "industry": self.industry,
            "total": format_points(self.total),
            "max_score": format_points(iset.max_score),
            "dimensions": {k: format_points(v) for k, v in self.dimension_scores.items()},
            "subdimensions": {k: format_points(v) for k, v in self.subdimension_scores.items()},
            "questions": {k: format_points(v) for k, v in self.question_scores.items()},
            "scenes": {name: self.checked.scenes[name] for name in iset.scene_names},
            "constraint_scenes": [n for n in iset.scene_names if n in self.constraint_scenes],
            "scenes_at_level": {str(n): self.scenes_at_level[n] for n in levels},
            "constraint_scenes_at_level": {
                str(n): self.constraint_scenes_at_level[n] for n in levels
            },
            "level": self.level,
            "next_level": self.next_level,
            "next_level_reachable": self.next_level_reachable,
            "rules": [check.to_dict() for check in self.rule_checks],
            "gaps": [gap.to_dict() for gap in self.gaps],
        }


@functools.lru_cache(maxsize=256)
def _rule_problems(
    indicator_set: IndicatorSet, rules: LevelRules, constraint_scenes: frozenset[str]
) -> tuple[str, ...]:
    return tuple(structural_problems(indicator_set, rules, constraint_scenes))


def score_sheet(
    sheet: object,
    *,
    rules: LevelRules | None = None,
    constraint_scenes: Iterable[str] | None = None,
) -> ScoreResult:
    """Score a sheet: parsed JSON of any shape (it is validated) or an ``AnswerSheet``.

    ``rules`` and ``constraint_scenes`` override the edition's defaults (the caller resolves the
    sheet's ``industry`` into them). Raises ``SheetError`` listing every problem of the sheet, and
    ``RulesError`` if the overrides do not fit the sheet's edition (unknown scene names, more levels
    than the scenes have). A level whose rule cannot be met (say 5 constraint scenes required of a
    set of 3) is simply never awarded; use ``check_rules`` to validate configuration up front.
    """
    data = sheet.to_dict() if isinstance(sheet, AnswerSheet) else sheet
    # The caller keeps its mapping and may change it later: snapshot the answers now.
    return _score(data, rules, constraint_scenes, snapshot=True)


def score_json(
    text: str | bytes,
    *,
    rules: LevelRules | None = None,
    constraint_scenes: Iterable[str] | None = None,
) -> ScoreResult:
    """Parse sheet JSON text and score it. Keys repeated within an object are reported as errors."""
    cset = None if constraint_scenes is None else frozenset(constraint_scenes)
    # The parsed data is private here, so the normalised AnswerSheet can be built lazily.
    return _result(check_json(text, cset), rules, cset is not None)


def _score(
    data: object,
    rules: LevelRules | None,
    constraint_scenes: Iterable[str] | None,
    *,
    snapshot: bool,
) -> ScoreResult:
    cset = None if constraint_scenes is None else frozenset(constraint_scenes)
    checked = check_sheet(data, cset)
    if snapshot:
        normalised = checked.normalise()
        checked = checked._replace(answers=normalised.answers, scenes=normalised.scenes)
    return _result(checked, rules, cset is not None)


def _result(checked: CheckedSheet, rules: LevelRules | None, custom_scenes: bool) -> ScoreResult:
    iset, _industry, _answers, _scenes, total, levels, constraint_levels, cset = checked
    if rules is None:
        rules, rows = iset.level_rules, iset.default_rule_rows
    else:
        rows = rules.compiled(iset.scale)
    if rules is not iset.level_rules or custom_scenes:
        problems = _rule_problems(iset, rules, cset)
        if problems:
            raise RulesError(problems)
    # levels.determine_level, on integer units and precompiled rows (this is the hot path).
    for n, min_units, min_scenes, min_constraint in rows:
        if (
            total >= min_units
            and len(levels) - bisect_left(levels, n) >= min_scenes
            and len(constraint_levels) - bisect_left(constraint_levels, n) >= min_constraint
        ):
            return ScoreResult(checked, n, rules)
    return ScoreResult(checked, 0, rules)
