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


def _check_reachable(iset: Any, rules_value: Any, scenes: Any, path: str) -> list[Problem]:
    """A rule that needs more 约束性 scenes than a set holds could never be met: refuse it."""
    try:
        rules = engine.LevelRules.from_rows(rules_value) if rules_value else iset.level_rules
    except (ValueError, TypeError, KeyError):
        return []  # reported by _check_rules
    constraint = frozenset(scenes) if scenes is not None else iset.default_constraint_scenes
    problems = []
    for rule in rules.rows:
        if rule.min_constraint_scenes > len(constraint):
            problems.append(
                Problem(
                    path,
                    _(
                        "{level}级要求至少 {need} 个约束性场景达标，但这里只设置了 {have} 个约束性场景，该等级将永远无法达到。"
                    ).format(
                        level=rule.level, need=rule.min_constraint_scenes, have=len(constraint)
                    ),
                )
            )
        if rule.min_scenes > len(iset.scenes):
            problems.append(
                Problem(
                    path,
                    _("{level}级要求 {need} 个场景达标，但评测指标只有 {have} 个场景。").format(
                        level=rule.level, need=rule.min_scenes, have=len(iset.scenes)
                    ),
                )
            )
    return problems


def check_assessment_config(
    config: dict[str, Any], segments: list[dict[str, Any]]
) -> list[Problem]:
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
    iset = engine.load_indicator_set(edition)
    scene_names = {scene.name for scene in iset.scenes}
    rules = config.get("level_rules")
    problems = _check_rules(rules, "assessment.level_rules")
    scenes = config.get("constraint_scenes")
    found = _check_scenes(scenes, "assessment.constraint_scenes", scene_names)
    problems += found or _check_reachable(iset, rules, scenes, "assessment.constraint_scenes")
    for n, segment in enumerate(segments):
        path = f"segments[{n}].constraint_scenes"
        found = _check_scenes(segment.get("constraint_scenes"), path, scene_names)
        if segment.get("constraint_scenes") is not None:
            problems += found or _check_reachable(iset, rules, segment["constraint_scenes"], path)
    return problems
