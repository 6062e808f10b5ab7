"""What validating an answer sheet yields: the problems found, or the checked sheet.

Shared by ``sheet`` (parsing, the fast path) and ``_full_check`` (the complete validation); see
``sheet.py`` for the contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from .indicator_set import load_indicator_set
from .types import IndicatorSet

__all__ = ["AnswerSheet", "CheckedSheet", "DuplicateKeysDict", "SheetError", "SheetIssue"]


@dataclass(frozen=True, slots=True)
class SheetIssue:
    """One problem in a sheet: where it is, a stable code, and a Chinese sentence."""

    field: str
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


class SheetError(ValueError):
    """Raised with every problem of a sheet; ``errors`` is never empty."""

    def __init__(self, errors: list[SheetIssue]) -> None:
        self.errors = errors
        super().__init__("\n".join(f"{e.field or '(sheet)'}: {e.message}" for e in errors))

    def to_list(self) -> list[dict[str, str]]:
        return [error.to_dict() for error in self.errors]


@dataclass(frozen=True, slots=True)
class AnswerSheet:
    """A validated sheet. Answers are normalised to tuples of option keys, in the order given."""

    edition: str
    industry: str | None
    answers: Mapping[str, tuple[str, ...]]
    scenes: Mapping[str, int]

    def to_dict(self) -> dict[str, object]:
        """The contract form (a single-choice answer as a key, a multi-choice one as a list)."""
        indicator_set = load_indicator_set(self.edition)
        answers: dict[str, object] = {}
        for question in indicator_set.questions:
            keys = self.answers[question.code]
            answers[question.code] = list(keys) if question.is_multi else keys[0]
        return {
            "edition": self.edition,
            "industry": self.industry,
            "answers": answers,
            "scenes": {name: self.scenes[name] for name in indicator_set.scene_names},
        }


class CheckedSheet(NamedTuple):
    """What one validation pass yields, so scoring does not walk the sheet twice.

    ``answers`` and ``scenes`` are the validated input mappings (answers may still be bare keys);
    ``normalise`` turns them into an AnswerSheet.
    """

    indicator_set: IndicatorSet
    industry: str | None
    answers: Mapping[str, object]
    scenes: Mapping[str, int]
    total_units: int  # the total score in units of 10 ** -indicator_set.scale points
    levels: list[int]  # all scene levels, sorted (count at level >= N with bisect)
    constraint_levels: list[int]  # levels of the constraint scenes, sorted
    constraint_scenes: frozenset[str]

    def normalise(self) -> AnswerSheet:
        answers = {q.code: _as_keys(self.answers[q.code]) for q in self.indicator_set.questions}
        scenes = {name: self.scenes[name] for name in self.indicator_set.scene_names}
        return AnswerSheet(self.indicator_set.edition, self.industry, answers, scenes)

    def question_units(self) -> list[int]:
        """Units of each question, in ``indicator_set.score_order``."""
        lookup = self.indicator_set.lookup
        result: list[int] = []
        for code in self.indicator_set.score_order:
            units = lookup[code].units
            result.append(sum(units[key] for key in _as_keys(self.answers[code])))
        return result


def _as_keys(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"not a validated answer: {value!r}")
    return tuple(str(key) for key in value)


class DuplicateKeysDict(dict[str, object]):
    """A JSON object in which some keys appeared more than once (see ``loads_sheet``)."""

    duplicates: list[str]
