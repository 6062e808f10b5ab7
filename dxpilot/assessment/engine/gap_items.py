"""The items of a gap (see ``gaps.py``): one question's answer change, or one scene's raise.

``to_dict()`` is the stored form, figures and codes only; ``from_dict()`` reads it back so that
``message`` can put it in words in the active language where it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ._messages import join
from .i18n import _
from .levels import format_points, level_name
from .rules import to_decimal
from .types import NONE_OPTION_TEXT, IndicatorSet, Question

__all__ = ["Gap", "QuestionGap", "SceneGap", "new_texts"]


@dataclass(frozen=True, slots=True)
class QuestionGap:
    code: str
    indicator: str
    multi: bool
    from_keys: tuple[str, ...]
    to_keys: tuple[str, ...]
    steps: int
    points: Decimal
    from_texts: tuple[str, ...]
    to_texts: tuple[str, ...]  # texts of the options added (multi) or the new option (single)
    kind: Literal["question"] = "question"

    @property
    def message(self) -> str:
        points = format_points(self.points)
        if not self.multi:
            return _("把「{indicator}」从“{old}”提升到“{new}”，可加 {points} 分。").format(
                indicator=self.indicator,
                old=self.from_texts[0],
                new=self.to_texts[0],
                points=points,
            )
        added = join([f"“{text}”" for text in self.to_texts])
        if self.from_texts == (NONE_OPTION_TEXT,):
            template = _("在「{indicator}」中由“无”改为做到：{options}，可加 {points} 分。")
        else:
            template = _("在「{indicator}」中再做到：{options}，可加 {points} 分。")
        return template.format(indicator=self.indicator, options=added, points=points)

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "code": self.code,
            "indicator": self.indicator,
            "from": list(self.from_keys) if self.multi else self.from_keys[0],
            "to": list(self.to_keys) if self.multi else self.to_keys[0],
            "steps": self.steps,
            "points": format_points(self.points),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object], iset: IndicatorSet) -> QuestionGap:
        """The gap again from ``to_dict()``, option texts from the edition; KeyError, TypeError
        or ValueError if it is not one (or names a question or option the edition lacks)."""
        question = iset.question(str(data["code"]))
        old, new = _keys(data["from"]), _keys(data["to"])
        steps = data["steps"]
        if type(steps) is not int:
            raise TypeError("steps must be an integer")
        return cls(
            code=question.code,
            indicator=question.indicator,
            multi=question.is_multi,
            from_keys=old,
            to_keys=new,
            steps=steps,
            points=to_decimal(data["points"]),
            from_texts=tuple(question.option(k).text for k in old),
            to_texts=new_texts(question, old, new),
        )


@dataclass(frozen=True, slots=True)
class SceneGap:
    name: str
    constraint: bool
    from_level: int
    to_level: int
    kind: Literal["scene"] = "scene"

    @property
    def steps(self) -> int:
        return self.to_level - self.from_level

    @property
    def message(self) -> str:
        if self.constraint:
            template = _("把约束性场景「{name}」从{old}提升到{new}。")
        else:
            template = _("把场景「{name}」从{old}提升到{new}。")
        return template.format(
            name=self.name, old=level_name(self.from_level), new=level_name(self.to_level)
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "name": self.name,
            "constraint": self.constraint,
            "from": self.from_level,
            "to": self.to_level,
            "steps": self.steps,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> SceneGap:
        """The gap again from ``to_dict()``; KeyError or TypeError if it is not one."""
        name, constraint, old, new = data["name"], data["constraint"], data["from"], data["to"]
        if not isinstance(name, str) or type(constraint) is not bool:
            raise TypeError("name must be a string and constraint a boolean")
        if type(old) is not int or type(new) is not int:
            raise TypeError("scene levels must be integers")
        return cls(name, constraint, old, new)


Gap = QuestionGap | SceneGap


def _keys(value: object) -> tuple[str, ...]:
    """Option keys in sheet form: a key, or a list of keys."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(key, str) for key in value):
        return tuple(value)
    raise TypeError(f"not option keys: {value!r}")


def new_texts(question: Question, old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    """Single choice: the new option's text; multi-choice: the texts of the options added."""
    return tuple(question.option(k).text for k in new if not question.is_multi or k not in old)
