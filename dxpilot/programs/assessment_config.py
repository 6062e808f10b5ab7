"""Checks of a programme's assessment settings against the installed indicator-set editions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from dxpilot.assessment import engine


@dataclass(frozen=True)
class Problem:
    path: str
    message: str


def _check_scenes(value: Any, path: str, scene_names: set[str]) -> list[Problem]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return [Problem(path, _("约束性场景应为场景名称列表。"))]
    return [
        Problem(path, _("场景“{name}”不在评测指标中。").format(name=name))
        for name in value
        if name not in scene_names
    ]


def _check_rules(value: Any, path: str) -> list[Problem]:
    if value is None:
        return []
    try:
        engine.LevelRules.from_rows(value)
    except (ValueError, TypeError, KeyError) as exc:
        return [Problem(path, _("等级判定规则无效：{reason}").format(reason=exc))]
    return []


def check_assessment_config(config: dict[str, Any], segments: list[dict[str, Any]]) -> list[Problem]:
    edition = config["edition"]
    if edition not in engine.installed_editions():
        return [
            Problem(
                "assessment.edition",
                _("评测指标版本“{edition}”未安装，已安装：{installed}。").format(
                    edition=edition, installed="、".join(engine.installed_editions())
                ),
            )
        ]
    scene_names = {scene.name for scene in engine.load_indicator_set(edition).scenes}
    problems = _check_rules(config.get("level_rules"), "assessment.level_rules")
    problems += _check_scenes(config.get("constraint_scenes"), "assessment.constraint_scenes", scene_names)
    for n, segment in enumerate(segments):
        problems += _check_scenes(
            segment.get("constraint_scenes"), f"segments[{n}].constraint_scenes", scene_names
        )
    return problems
