"""The diagnosis report of one assessment (page and Word export), from its stored score result.

Everything comes from the stored score result (DESIGN §5), never from re-scoring, and the peer
benchmark aggregates in the database: a report costs the same number of queries whether the city
has 200 enterprises or 200 000 (DESIGN §7).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment import engine, render
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.report.common import local_date, pct
from dxpilot.assessment.report.history import charts, history, history_rows
from dxpilot.assessment.report.peers import peer_benchmark
from dxpilot.assessment.report.rows import (
    Decision,
    EvidenceRow,
    Gap,
    LevelRules,
    NextSteps,
    OverrideRow,
    Report,
    RuleRow,
    SceneRow,
    ScoreRow,
)
from dxpilot.enterprises.models import Enterprise


def _condition_label(condition: str) -> str:
    return {
        "score": _("总分"),
        "scenes": _("达到该级及以上的场景数"),
        "constraint_scenes": _("其中约束性场景数"),
    }.get(condition, condition)


def _decision(result: dict[str, Any]) -> Decision:
    by_level: dict[int, list[RuleRow]] = {}
    for rule in result.get("rules", []):
        level = int(rule["level"])
        by_level.setdefault(level, []).append(
            RuleRow(
                condition=rule["condition"],
                label=_condition_label(rule["condition"]),
                required=str(rule["required"]),
                actual=str(rule["actual"]),
                met=bool(rule["met"]),
                message=render.rule_message(rule),
            )
        )
    levels = [LevelRules(n, render.level_name(n), rows) for n, rows in sorted(by_level.items())]
    level = int(result["level"])
    following = next((lv for lv in levels if lv.level == level + 1), None)
    return Decision(
        level,
        render.level_name(level),
        result["total"],
        result.get("max_score", "100.00"),
        levels,
        following,
    )


def _dimensions(iset: engine.IndicatorSet, result: dict[str, Any]) -> list[ScoreRow]:
    dims, subs = result.get("dimensions", {}), result.get("subdimensions", {})
    rows = []
    for dim in iset.dimensions:
        parts = []
        for sub in dim.subdimensions:
            score = Decimal(subs.get(sub.name, "0"))
            parts.append(ScoreRow(sub.name, score, sub.max_score, pct(score, sub.max_score)))
        score = Decimal(dims.get(dim.name, "0"))
        rows.append(ScoreRow(dim.name, score, dim.max_score, pct(score, dim.max_score), parts))
    return rows


def _scenes(iset: engine.IndicatorSet, result: dict[str, Any]) -> list[SceneRow]:
    levels, constraint = result.get("scenes", {}), set(result.get("constraint_scenes", []))
    rows = []
    for scene in iset.scenes:
        level = int(levels.get(scene.name, 0))
        description = scene.levels[level - 1] if 1 <= level <= len(scene.levels) else ""
        rows.append(
            SceneRow(
                name=scene.name,
                group=scene.group.name,
                level=level,
                level_name=engine.level_name(level),
                constraint=scene.name in constraint,
                description=description,
                pct=pct(level, iset.max_scene_level),
            )
        )
    return rows


def _next_steps(iset: engine.IndicatorSet, result: dict[str, Any]) -> NextSteps:
    target = result.get("next_level")
    questions, scenes = [], []
    points = Decimal(0)
    for gap in result.get("gaps", []):
        if gap.get("kind") == "question":
            points += Decimal(gap.get("points", "0"))
            label = f"{gap['code']} {gap.get('indicator', '')}".strip()
            message = render.gap_message(gap, iset)
            questions.append(Gap("question", label, message, points=gap.get("points", "")))
        else:
            message = render.gap_message(gap, iset)
            scenes.append(
                Gap("scene", gap["name"], message, constraint=bool(gap.get("constraint")))
            )
    name = engine.level_name(int(target)) if target is not None else ""
    return NextSteps(target, name, questions, scenes, f"{points:.2f}")


def item_label(iset: engine.IndicatorSet, item: str) -> str:
    question = iset.question_by_code.get(item)
    return f"{item} {question.indicator}" if question else item


def describe_value(iset: engine.IndicatorSet, item: str, value: Any) -> str:
    """An answer or scene level in words: option keys with their text joined with 、, level names."""
    if value is None or value == [] or value == "":
        return "—"
    question = iset.question_by_code.get(item)
    if question is None:
        return engine.level_name(value) if isinstance(value, int) else str(value)
    texts = []
    for key in value if isinstance(value, list) else [value]:
        try:
            texts.append(f"{key}. {question.option(key).text}")
        except (KeyError, TypeError):
            texts.append(str(key))
    return "、".join(texts)


def _onsite_details(
    assessment: Assessment, iset: engine.IndicatorSet
) -> tuple[list[OverrideRow], list[EvidenceRow]]:
    if not assessment.is_onsite:
        return [], []
    overrides = [
        OverrideRow(
            item=item_label(iset, o.item),
            self_value=describe_value(iset, o.item, o.self_value),
            value=describe_value(iset, o.item, o.value),
            reason=o.reason,
            by=str(o.by),
            at=o.at,
        )
        for o in assessment.overrides.select_related("by").order_by("at", "pk")
    ]
    evidence = [
        EvidenceRow(
            e.pk,
            item_label(iset, e.item),
            e.original_name,
            e.size,
            str(e.uploaded_by),
            e.uploaded_at,
        )
        for e in assessment.evidence.select_related("uploaded_by").order_by(
            "item", "uploaded_at", "pk"
        )
    ]
    return overrides, evidence


def draft_destination(user: Any, assessment: Assessment) -> str | None:
    """Where a draft's report link leads: the enterprise to its form, the assessor on site."""
    scope = scope_of(user)
    if assessment.kind == Assessment.Kind.SELF and scope.enterprise_id == assessment.enterprise_id:
        return "assessment:fill"
    if assessment.is_onsite and scope.role == Role.ASSESSOR and assessment.assessor_id == user.pk:
        return "assessment:onsite"
    return None


def build_report(assessment: Assessment, *, user: Any) -> Report:
    """The whole report of a submitted or locked assessment, in a constant number of queries."""
    iset = engine.load_indicator_set(assessment.edition)
    result: dict[str, Any] = assessment.result or {}
    enterprise = Enterprise.objects.select_related("program", "segment", "division", "zone").get(
        pk=assessment.enterprise_id
    )
    assessment.enterprise = enterprise
    dims = [d.name for d in iset.dimensions]
    earlier = history(user, assessment)
    rows = history_rows(earlier, dims, assessment.pk)
    peers = peer_benchmark(enterprise, assessment.total or Decimal(0))
    overrides, evidence = _onsite_details(assessment, iset)
    scenes = _scenes(iset, result)
    groups = [(g.name, [s for s in scenes if s.group == g.name]) for g in iset.scene_groups]
    return Report(
        assessment=assessment,
        enterprise=enterprise,
        kind=assessment.get_kind_display(),
        date=local_date(assessment),
        assessor=str(assessment.assessor) if assessment.assessor_id else "",
        edition_title=iset.title,
        decision=_decision(result),
        dimensions=_dimensions(iset, result),
        scenes=scenes,
        scene_groups=groups,
        history=rows,
        dimension_names=dims,
        peers=peers,
        next_steps=_next_steps(iset, result),
        overrides=overrides,
        evidence=evidence,
        charts=charts(iset, earlier, rows, peers),
    )
