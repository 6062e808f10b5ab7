"""An indicator set built from validated edition data, with its precomputed lookups.

``_validate.build_indicator_set`` checks the file; this derives what scoring reads instead of
walking the edition again: option scores in integer units, question lookups, the placement of each
question in its sub-dimension and dimension, the score order and the fast path's plan.
"""

from __future__ import annotations

from decimal import Decimal

from ._fast import build_plan
from .rules import LevelRules
from .types import Dimension, IndicatorSet, Question, QuestionLookup, Scene, SceneGroup

MAX_SCALE = 6


def _scale(questions: list[Question]) -> int:
    scale = 0
    for q in questions:
        for o in q.options:
            exponent = o.score.normalize().as_tuple().exponent
            if isinstance(exponent, int):
                scale = max(scale, -exponent)
    return min(scale, MAX_SCALE)


def assemble(
    edition: str,
    title: str,
    source: dict[str, str],
    max_score: Decimal,
    dimensions: list[Dimension],
    scene_dimension_name: str,
    groups: list[SceneGroup],
    scenes: list[Scene],
    rules: LevelRules,
    constraint: frozenset[str],
    questions: list[Question],
    max_scene_level: int,
) -> IndicatorSet:
    scale = _scale(questions)
    score_order = [q for q in questions if not q.is_multi] + [q for q in questions if q.is_multi]
    lookup = {
        q.code: QuestionLookup(
            position=i,
            multi=q.is_multi,
            units={o.key: int(o.score.scaleb(scale)) for o in q.options},
            none_key=q.none_key,
        )
        for i, q in enumerate(score_order)
    }
    fast = build_plan(score_order, lookup, scale, scenes, constraint)
    placement: dict[str, tuple[int, int]] = {}
    flat_sub = 0
    for di, dim in enumerate(dimensions):
        for sub in dim.subdimensions:
            for q in sub.questions:
                placement[q.code] = (di, flat_sub)
            flat_sub += 1
    return IndicatorSet(
        edition=edition,
        title=title,
        source=source,
        max_score=max_score,
        best_score=sum(
            (
                sum((o.score for o in q.options), Decimal(0))
                if q.is_multi
                else max(o.score for o in q.options)
                for q in questions
            ),
            Decimal(0),
        ),
        dimensions=tuple(dimensions),
        scene_dimension_name=scene_dimension_name,
        scene_groups=tuple(groups),
        scenes=tuple(scenes),
        level_rules=rules,
        default_constraint_scenes=constraint,
        questions=tuple(questions),
        question_by_code={q.code: q for q in questions},
        scene_by_name={s.name: s for s in scenes},
        scene_names=tuple(s.name for s in scenes),
        max_scene_level=max_scene_level,
        scale=scale,
        lookup=lookup,
        placement=placement,
        score_order=tuple(q.code for q in score_order),
        fast=fast,
        default_rule_rows=rules.compiled(scale),
        pair_count=len(questions) + len(scenes),
    )
