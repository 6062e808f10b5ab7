"""The view model of an answer sheet: what the self-assessment and on-site pages render.

Built in one place so the page and its HTMX item fragments show exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from dxpilot.assessment import engine
from dxpilot.assessment.models import Assessment, Override

LEVEL_CHOICES = (0, 1, 2, 3, 4)


@dataclass
class Item:
    code: str  # question code, or scene name for scenes
    kind: str  # "question" | "scene"
    title: str
    value: Any
    self_value: Any = None
    errors: list[str] = field(default_factory=list)
    question: engine.Question | None = None
    scene: engine.Scene | None = None
    overrides: list[Any] = field(default_factory=list)
    evidence: list[Any] = field(default_factory=list)
    extra_values: list[tuple[str, str]] = field(default_factory=list)

    @property
    def selected(self) -> set[str]:
        if isinstance(self.value, list):
            return set(self.value)
        return {self.value} if isinstance(self.value, str) else set()

    @property
    def self_selected(self) -> set[str]:
        if isinstance(self.self_value, list):
            return set(self.self_value)
        return {self.self_value} if isinstance(self.self_value, str) else set()

    @property
    def differs(self) -> bool:
        return self.self_value is not None and self.selected_or_level(
            self.value
        ) != self.selected_or_level(self.self_value)

    @staticmethod
    def selected_or_level(value: Any) -> Any:
        return sorted(value) if isinstance(value, list) else value

    @property
    def level_rows(self) -> list[tuple[int, str]]:
        if self.scene is None:
            raise ValueError("level_rows is only defined for scene items")
        return [(0, "")] + [(n + 1, text) for n, text in enumerate(self.scene.levels)]


@dataclass(frozen=True)
class OverrideLine:
    """One on-site change of an item, in words: the option texts, not the stored keys."""

    at: Any
    self_text: str
    text: str
    reason: str


def override_line(iset: engine.IndicatorSet, override: Override) -> OverrideLine:
    from dxpilot.assessment.report.build import describe_value

    return OverrideLine(
        at=override.at,
        self_text=describe_value(iset, override.item, override.self_value),
        text=describe_value(iset, override.item, override.value),
        reason=override.reason,
    )


def is_item(edition: str, code: str) -> bool:
    """Whether `code` names a question or a scene of the edition (codes come from the client)."""
    iset = engine.load_indicator_set(edition)
    return code in iset.question_by_code or code in iset.scene_by_name


def item_for(assessment: Assessment, code: str, errors: dict[str, list[str]] | None = None) -> Item:
    iset = engine.load_indicator_set(assessment.edition)
    errors = errors or {}
    reference = assessment.reference
    overrides = [override_line(iset, o) for o in assessment.overrides.all() if o.item == code]
    evidence = [e for e in assessment.evidence.all() if e.item == code]
    if code in iset.question_by_code:
        question = iset.question_by_code[code]
        extra = assessment.extra.get(code, []) if isinstance(assessment.extra, dict) else []
        return Item(
            code=code,
            kind="question",
            title=question.title,
            value=assessment.answers.get(code),
            self_value=reference.answers.get(code) if reference else None,
            errors=errors.get(f"answers.{code}", []) + errors.get(code, []),
            question=question,
            overrides=overrides,
            evidence=evidence,
            extra_values=[
                (name, extra[n] if n < len(extra) else "")
                for n, name in enumerate(question.extra_fields)
            ],
        )
    scene = iset.scene_by_name[code]
    return Item(
        code=code,
        kind="scene",
        title=scene.name,
        value=assessment.scenes.get(code),
        self_value=reference.scenes.get(code) if reference else None,
        errors=errors.get(f"scenes.{code}", []) + errors.get(code, []),
        scene=scene,
        overrides=overrides,
        evidence=evidence,
    )


def sheet_view(
    assessment: Assessment, errors: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    iset = engine.load_indicator_set(assessment.edition)
    dimensions = [
        {
            "name": dim.name,
            "max_score": dim.max_score,
            "subdimensions": [
                {
                    "name": sub.name,
                    "items": [item_for(assessment, q.code, errors) for q in sub.questions],
                }
                for sub in dim.subdimensions
            ],
        }
        for dim in iset.dimensions
    ]
    groups = [
        {
            "name": group.name,
            "items": [
                item_for(assessment, s.name, errors) for s in iset.scenes if s.group == group
            ],
        }
        for group in iset.scene_groups
    ]
    answered = sum(1 for q in iset.questions if q.code in assessment.answers) + sum(
        1 for s in iset.scenes if s.name in assessment.scenes
    )
    return {
        "indicator_set": iset,
        "dimensions": dimensions,
        "scene_groups": groups,
        "scene_dimension_name": iset.scene_dimension_name,
        "answered": answered,
        "total_items": len(iset.questions) + len(iset.scenes),
        "level_choices": LEVEL_CHOICES,
    }


def parse_sheet_post(
    edition: str, data: QueryDict
) -> tuple[dict[str, Any], dict[str, Any], dict[str, list[str]]]:
    """answers, scenes and extra values from a posted form (q_<code>, s_<scene>, x_<code>_<n>)."""
    iset = engine.load_indicator_set(edition)
    answers: dict[str, Any] = {}
    for question in iset.questions:
        values = [v for v in data.getlist(f"q_{question.code}") if v]
        if values:
            answers[question.code] = (
                values if question.is_multi else (values[0] if len(values) == 1 else values)
            )
    scenes: dict[str, Any] = {}
    for scene in iset.scenes:
        raw = data.get(f"s_{scene.name}", "")
        if raw != "":
            scenes[scene.name] = int(raw) if raw.lstrip("-").isdigit() else raw
    extra = {
        q.code: [data.get(f"x_{q.code}_{n}", "").strip()[:100] for n in range(len(q.extra_fields))]
        for q in iset.questions
        if q.extra_fields
        and any(data.get(f"x_{q.code}_{n}", "").strip() for n in range(len(q.extra_fields)))
    }
    return answers, scenes, extra


def parse_item_post(assessment: Assessment, code: str, data: QueryDict) -> Any:
    answers, scenes, _extra = parse_sheet_post(assessment.edition, data)
    return answers.get(code, scenes.get(code))
