"""The engine configuration for an enterprise: its programme's level rules and the 约束性 scene set
of its 细分行业 (segment setting, else programme setting, else the edition's default)."""

from __future__ import annotations

from dataclasses import dataclass

from dxpilot.assessment import engine
from dxpilot.enterprises.models import Enterprise


@dataclass(frozen=True)
class EngineConfig:
    edition: str
    rules: engine.LevelRules | None
    constraint_scenes: tuple[str, ...] | None
    industry: str


def engine_config(enterprise: Enterprise) -> EngineConfig:
    program = enterprise.program
    rules = engine.LevelRules.from_rows(program.level_rules) if program.level_rules else None
    scenes = None
    if enterprise.segment is not None and enterprise.segment.constraint_scenes:
        scenes = tuple(enterprise.segment.constraint_scenes)
    elif program.constraint_scenes:
        scenes = tuple(program.constraint_scenes)
    industry = enterprise.segment.key if enterprise.segment else enterprise.industry.code
    return EngineConfig(program.assessment_edition, rules, scenes, industry)


def sheet_for(
    assessment_edition: str, industry: str, answers: dict[str, object], scenes: dict[str, object]
) -> dict[str, object]:
    return {
        "edition": assessment_edition,
        "industry": industry,
        "answers": answers,
        "scenes": scenes,
    }
