"""Indicator sets: versioned data files, loaded once into frozen dataclasses.

An edition is a JSON file ``dxpilot/assessment/indicator_sets/<edition>.json``; adding an edition is
adding a file. The file is validated when loaded (see ``_validate.py``) and the loaded set carries
precomputed lookups so that scoring a sheet never re-validates the edition.

Scores are exact: option scores are read as ``Decimal`` (from strings or JSON numbers, which are
parsed as ``Decimal``, never float) and, for speed, also kept as integers in units of
``10 ** -scale`` points, where ``scale`` is the largest number of decimals in the edition
(3 for 2024, because of 1.875).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from .levels import LevelRules

if TYPE_CHECKING:
    from ._fast import FastPlan

__all__ = [
    "INDICATOR_SETS_DIR",
    "Dimension",
    "IndicatorSet",
    "IndicatorSetError",
    "Option",
    "Question",
    "QuestionType",
    "Scene",
    "SceneGroup",
    "SubDimension",
    "UnknownEditionError",
    "installed_editions",
    "load_indicator_set",
    "load_indicator_set_file",
    "parse_indicator_set",
]

INDICATOR_SETS_DIR = Path(__file__).resolve().parent.parent / "indicator_sets"

# An edition name is also a file name: keep it to safe characters (it may come from a sheet).
EDITION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")

QuestionType = Literal["single", "multi"]


class IndicatorSetError(ValueError):
    """An edition file that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, origin: str, problems: list[str]) -> None:
        self.origin = origin
        self.problems = problems
        super().__init__(f"{origin}: " + "; ".join(problems))


class UnknownEditionError(IndicatorSetError, LookupError):
    def __init__(self, edition: str, installed: tuple[str, ...]) -> None:
        self.edition = edition
        self.installed = installed
        super().__init__(
            str(INDICATOR_SETS_DIR),
            [f"edition {edition!r} is not installed (installed: {', '.join(installed) or 'none'})"],
        )


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


def parse_indicator_set(data: object, *, origin: str = "<data>") -> IndicatorSet:
    """Validate edition data (already parsed from JSON) and build the frozen indicator set."""
    from ._validate import build_indicator_set

    return build_indicator_set(data, origin=origin)


def load_indicator_set_file(path: str | Path) -> IndicatorSet:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise IndicatorSetError(str(path), [f"cannot read the file: {exc}"]) from exc
    try:
        # parse_float=Decimal: a JSON number such as 0.7 stays exactly 0.7.
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise IndicatorSetError(str(path), [f"invalid JSON: {exc}"]) from exc
    return parse_indicator_set(data, origin=str(path))


@functools.lru_cache(maxsize=1)
def installed_editions() -> tuple[str, ...]:
    """Editions with a file in ``indicator_sets/``, sorted (cached: files do not change at run time)."""
    return tuple(
        sorted(
            path.stem
            for path in INDICATOR_SETS_DIR.glob("*.json")
            if EDITION_RE.match(path.stem) is not None
        )
    )


# Editions loaded so far (the scoring fast path reads this dict directly: cheaper than a call).
LOADED: dict[str, IndicatorSet] = {}


def load_indicator_set(edition: str) -> IndicatorSet:
    """The validated indicator set of an installed edition (loaded once per process)."""
    loaded = LOADED.get(edition) if isinstance(edition, str) else None
    if loaded is None:
        loaded = LOADED[edition] = _load(edition)
    return loaded


def _clear_cache() -> None:
    """Forget loaded editions (tests that add edition files)."""
    LOADED.clear()
    installed_editions.cache_clear()


def _load(edition: str) -> IndicatorSet:
    installed = installed_editions()
    if not isinstance(edition, str) or edition not in installed:
        raise UnknownEditionError(str(edition), installed)
    indicator_set = load_indicator_set_file(INDICATOR_SETS_DIR / f"{edition}.json")
    if indicator_set.edition != edition:
        raise IndicatorSetError(
            str(INDICATOR_SETS_DIR / f"{edition}.json"),
            [f"file name says edition {edition!r} but the file says {indicator_set.edition!r}"],
        )
    return indicator_set
