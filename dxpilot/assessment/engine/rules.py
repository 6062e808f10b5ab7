"""Level rules: configuration (an edition's defaults, a programme file), checked when built.

A level N is awarded when all three of its conditions hold: the total score is at least
``min_score``, at least ``min_scenes`` scenes are at level N or above, and at least
``min_constraint_scenes`` of those are 约束性 scenes (see ``levels.py`` for what the rules award).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal, InvalidOperation

__all__ = ["LevelRule", "LevelRules", "RulesError", "to_decimal"]


class RulesError(ValueError):
    """A level rule set (or constraint scene set) that cannot be used; lists every problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True, slots=True)
class LevelRule:
    level: int
    min_score: Decimal
    min_scenes: int
    min_constraint_scenes: int


@dataclass(frozen=True, slots=True)
class LevelRules:
    """One rule row per level 1..n (stored in ascending level order)."""

    rows: tuple[LevelRule, ...]
    # scale -> rows as (level, min_score in units of 10 ** -scale rounded up, min_scenes,
    # min_constraint_scenes), highest level first; filled on demand for the scoring hot path.
    _compiled: dict[int, tuple[tuple[int, int, int, int], ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        problems: list[str] = []
        levels = [row.level for row in self.rows]
        if levels != list(range(1, len(levels) + 1)):
            problems.append(f"rule levels must be 1..n in ascending order, got {levels}")
        for row in self.rows:
            if not isinstance(row.min_score, Decimal) or not row.min_score.is_finite():
                problems.append(f"level {row.level}: min_score must be a finite Decimal")
            elif row.min_score < 0:
                problems.append(f"level {row.level}: min_score must not be negative")
            for name in ("min_scenes", "min_constraint_scenes"):
                value = getattr(row, name)
                if type(value) is not int or value < 0:
                    problems.append(f"level {row.level}: {name} must be an integer >= 0")
        if problems:
            raise RulesError(problems)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, object]]) -> LevelRules:
        """Build from plain rows (a programme file): scores as strings/ints, counts as ints."""
        parsed: list[LevelRule] = []
        problems: list[str] = []
        for index, row in enumerate(rows):
            try:
                level = row["level"]
                min_score = to_decimal(row["min_score"])
                min_scenes = row["min_scenes"]
                min_constraint = row["min_constraint_scenes"]
            except (KeyError, TypeError, ValueError) as exc:
                problems.append(f"rule row {index}: {exc!r}")
                continue
            if type(level) is not int or type(min_scenes) is not int:
                problems.append(f"rule row {index}: level and min_scenes must be integers")
                continue
            if type(min_constraint) is not int:
                problems.append(f"rule row {index}: min_constraint_scenes must be an integer")
                continue
            parsed.append(LevelRule(level, min_score, min_scenes, min_constraint))
        if problems:
            raise RulesError(problems)
        return cls(tuple(sorted(parsed, key=lambda r: r.level)))

    @property
    def max_level(self) -> int:
        return len(self.rows)

    def min_units(self, scale: int) -> tuple[int, ...]:
        """Each level's min_score in units of 10 ** -scale points, rounded up.

        A total is a whole number of units, so ``total_units >= min_units`` is exactly
        ``total >= min_score``.
        """
        return tuple(
            int(row.min_score.scaleb(scale).to_integral_value(rounding=ROUND_CEILING))
            for row in self.rows
        )

    def compiled(self, scale: int) -> tuple[tuple[int, int, int, int], ...]:
        """(level, min units, min scenes, min constraint scenes), highest level first (cached)."""
        rows = self._compiled.get(scale)
        if rows is None:
            units = self.min_units(scale)
            rows = tuple(
                (row.level, units[row.level - 1], row.min_scenes, row.min_constraint_scenes)
                for row in reversed(self.rows)
            )
            self._compiled[scale] = rows
        return rows

    def rule_for(self, level: int) -> LevelRule:
        if not 1 <= level <= len(self.rows):
            raise ValueError(f"no rule for level {level} (levels 1..{len(self.rows)})")
        return self.rows[level - 1]

    def to_rows(self) -> list[dict[str, object]]:
        return [
            {
                "level": row.level,
                "min_score": str(row.min_score),
                "min_scenes": row.min_scenes,
                "min_constraint_scenes": row.min_constraint_scenes,
            }
            for row in self.rows
        ]


def to_decimal(value: object) -> Decimal:
    # Floats are refused: 0.1 is not exactly 0.1. Use strings ("39.99") or ints.
    if isinstance(value, bool) or not isinstance(value, (int, str, Decimal)):
        raise TypeError(f"expected a decimal string or an integer, got {value!r}")
    try:
        result = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not a decimal number: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result
