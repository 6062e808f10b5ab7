"""Words for stored score results, in the active language: store figures, render words.

``Assessment.result`` holds the engine's score-result contract, figures and codes only. Level
names, the rule-by-rule explanation and the gap messages are rendered here when they are shown
(report page, .docx, API, ``assess``), so each reader sees them in the request's language. An item
stored before this rule whose sentence could not be turned into figures keeps it as
``legacy_message`` (see migration 0002), shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dxpilot.assessment import engine
from dxpilot.core import phrases


def level_name(level: int | None) -> str:
    """未达一级, 一级 … in the active language; "" for no level."""
    return "" if level is None else engine.level_name(level)


def _show_level(value: Any) -> str:
    return "" if value in (None, "") else level_name(int(value))


def _read_level(text: str) -> int:
    for level in range(0, 5):
        if engine.level_name(level) == text:
            return level
    if m := re.fullmatch(r"(\d+)级", text):
        return int(m.group(1))
    raise ValueError(text)


# A level as a parameter of a stored sentence (core.phrases): kept as its number.
LEVEL = phrases.Field(show=_show_level, read=_read_level, pattern=r"未达一级|[一二三四]级|\d+级")


def indicator_set_for(result: Mapping[str, Any]) -> engine.IndicatorSet | None:
    """The edition a stored result was scored with (None if it is no longer installed)."""
    try:
        return engine.load_indicator_set(str(result.get("edition")))
    except engine.IndicatorSetError:
        return None


def rule_message(rule: Mapping[str, Any]) -> str:
    """One condition of one level as a sentence: "二级：总分 39.98，需 ≥ 40.00，未满足。"."""
    try:
        return engine.RuleCheck.from_dict(rule).message
    except (KeyError, TypeError, ValueError):
        return str(rule.get("legacy_message", ""))


def gap_message(gap: Mapping[str, Any], iset: engine.IndicatorSet | None) -> str:
    """One improvement as a sentence; a question's option texts come from its edition."""
    try:
        if gap.get("kind") == "scene":
            return engine.SceneGap.from_dict(gap).message
        if gap.get("kind") == "question" and iset is not None:
            return engine.QuestionGap.from_dict(gap, iset).message
    except (KeyError, TypeError, ValueError):
        pass
    return str(gap.get("legacy_message", ""))


def render_result(result: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A stored result with its words added (``level_name``, each rule's ``level_name`` and
    ``message``, each gap's ``message``): the form the API and ``assess`` give."""
    if result is None:
        return None
    iset = indicator_set_for(result)
    rendered = dict(result)
    level = result.get("level")
    rendered["level_name"] = level_name(level) if isinstance(level, int) else ""
    rendered["rules"] = [
        {
            **_without_legacy(rule),
            "level_name": level_name(rule["level"]) if isinstance(rule.get("level"), int) else "",
            "message": rule_message(rule),
        }
        for rule in result.get("rules", [])
    ]
    rendered["gaps"] = [
        {**_without_legacy(gap), "message": gap_message(gap, iset)}
        for gap in result.get("gaps", [])
    ]
    return rendered


def _without_legacy(item: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if key != "legacy_message"}
