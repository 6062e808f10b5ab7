"""The engine's shared types: an indicator set and its parts, the fast path's plan, and the
editions loaded so far.

The lowest module of the engine besides ``rules`` and ``i18n``: every other module may import it
and it imports none of them, so the engine's import graph has no cycle (see
``tests/test_engine_imports.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any, Literal, NamedTuple

from .rules import LevelRules

__all__ = [
    "EDITION_RE",
    "LOADED",
    "NONE_OPTION_TEXT",
    "Dimension",
    "FastPlan",
    "Getter",
    "IndicatorSet",
    "IndicatorSetError",
    "Option",
    "Question",
    "QuestionLookup",
    "QuestionType",
    "Scene",
    "SceneGroup",
    "SubDimension",
]

# An edition name is also a file name: keep it to safe characters (it may come from a sheet).
EDITION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")

# The text of a multi-choice question's exclusive "nothing applies" option.
NONE_OPTION_TEXT = "无"

QuestionType = Literal["single", "multi"]


class IndicatorSetError(ValueError):
    """An edition file that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, origin: str, problems: list[str]) -> None:
        self.origin = origin
        self.problems = problems
        super().__init__(f"{origin}: " + "; ".join(problems))


# Values read from parsed JSON are untyped until checked, hence Any on this path.
Getter = Callable[[Any], tuple[Any, ...]]


class FastPlan(NamedTuple):
    question_count: int
    single_values: Getter  # the single-choice answers, as a tuple
    single_units: tuple[dict[str, int], ...]  # key -> units, per single-choice question
    multi_values: Getter  # the multi-choice answers: questions with a table first
    tables: tuple[dict[tuple[str, ...], int], ...]  # per table question
    codes: tuple[Callable[[str], int], ...]  # key -> code, per coded question
    none_bits: tuple[int, ...]  # per coded question: the bit of its 无 option, or 0
    # The same for all multi-choice questions (tables first), used when an answer misses its table.
    all_codes: tuple[Callable[[str], int], ...]
    all_none_bits: tuple[int, ...]
    shift: int
    scene_count: int
    scene_levels: Getter  # the scene levels, in edition order
    max_scene_level: int
    constraint_levels: Getter  # the default constraint scenes' levels, from scene_levels' tuple
    # Key/value pairs a valid sheet has in its answers and scenes (for the repeated-key check).
    pairs: int


@dataclass(frozen=True, slots=True)
class Option:
    key: str
    text: str
    score: Decimal


@dataclass(frozen=True, slots=True)
class Question:
    code: str
    indicator: str
    title: str
    description: str
    help: str
    type: QuestionType
    max_score: Decimal
    options: tuple[Option, ...]
    extra_fields: tuple[str, ...]
    # The exclusive "无" option of a multi-choice question (text 无, score 0), if any.
    none_key: str | None

    @property
    def is_multi(self) -> bool:
        return self.type == "multi"

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(option.key for option in self.options)

    def option(self, key: str) -> Option:
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(f"question {self.code} has no option {key!r}")


@dataclass(frozen=True, slots=True)
class SubDimension:
    code: str
    name: str
    max_score: Decimal
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class Dimension:
    code: str
    key: str
    name: str
    max_score: Decimal
    subdimensions: tuple[SubDimension, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for sub in self.subdimensions for q in sub.questions)


@dataclass(frozen=True, slots=True)
class SceneGroup:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Scene:
    code: str
    name: str
    group: SceneGroup
    # levels[i] describes level i + 1.
    levels: tuple[str, ...]
    constraint: bool


class QuestionLookup(NamedTuple):
    """Per-question data used when validating an answer."""

    position: int  # in IndicatorSet.score_order
    multi: bool
    units: Mapping[str, int]  # option key -> score in units of 10 ** -scale
    none_key: str | None


@dataclass(frozen=True, eq=False)
class IndicatorSet:
    edition: str
    title: str
    source: Mapping[str, str]
    max_score: Decimal
    # The best total a sheet can reach (a multi-choice question's options may sum below its max).
    best_score: Decimal
    dimensions: tuple[Dimension, ...]
    scene_dimension_name: str
    scene_groups: tuple[SceneGroup, ...]
    scenes: tuple[Scene, ...]
    level_rules: LevelRules
    default_constraint_scenes: frozenset[str]
    # Precomputed lookups (derived from the fields above by parse_indicator_set).
    questions: tuple[Question, ...] = field(repr=False)
    question_by_code: Mapping[str, Question] = field(repr=False)
    scene_by_name: Mapping[str, Scene] = field(repr=False)
    scene_names: tuple[str, ...] = field(repr=False)
    max_scene_level: int = field(repr=False)
    scale: int = field(repr=False)
    lookup: Mapping[str, QuestionLookup] = field(repr=False)
    # question code -> (dimension index, subdimension index within the set)
    placement: Mapping[str, tuple[int, int]] = field(repr=False)
    # Order of ScoreResult.units: single-choice questions, then multi-choice ones (edition order
    # within each), which lets the fast path score each kind with one C-level call.
    score_order: tuple[str, ...] = field(repr=False)
    fast: FastPlan = field(repr=False)
    # level_rules.compiled(scale), and the key/value pairs of a valid sheet's answers and scenes.
    default_rule_rows: tuple[tuple[int, int, int, int], ...] = field(repr=False)
    pair_count: int = field(repr=False)

    def question(self, code: str) -> Question:
        return self.question_by_code[code]

    def scene(self, name: str) -> Scene:
        return self.scene_by_name[name]

    @property
    def subdimensions(self) -> tuple[SubDimension, ...]:
        return tuple(sub for dim in self.dimensions for sub in dim.subdimensions)

    def units_to_points(self, units: int) -> Decimal:
        return Decimal(units).scaleb(-self.scale)

    def points_to_units(self, points: Decimal) -> int:
        """Points as units, rounded up (a total is a whole number of units)."""
        scaled = points.scaleb(self.scale)
        return int(scaled.to_integral_value(rounding=ROUND_CEILING))


# Editions loaded so far, filled by ``indicator_set.load_indicator_set`` (the scoring fast path
# reads this dict directly: cheaper than a call).
LOADED: dict[str, IndicatorSet] = {}
