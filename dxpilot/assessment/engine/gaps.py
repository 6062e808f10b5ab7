"""The gap to a level: the cheapest answer changes and scene raises that make its rule hold.

Cost model (documented contract; the unit is a "step", one concrete improvement):

- **Scene**: raising a scene from level ``a`` to the target ``T`` costs ``T - a`` steps (each level is
  a body of work). A scene is only ever raised to exactly ``T``: higher does not count more.
- **Single-choice question**: options are ordered by score; moving from the current option up to a
  better one costs the number of positions moved (B1.3 "(20%,40%]" → "(60%,100%]" is 2 steps).
- **Multi-choice question**: each option added costs 1 step (dropping 无 is free); within a
  question the highest-scoring missing options are added first.

The score deficit and the scene conditions are independent (questions do not move scenes), so the
two parts are solved separately, each exactly:

- Questions: a group knapsack over the 15 questions, minimising total steps such that the points
  gained cover the deficit; among equally cheap plans it prefers more points (a margin), then fewer
  questions touched. Costs are small integers (≤ 64 steps for 2024), so a DP over cost, column by
  column, stops at the first feasible cost.
- Scenes: a constraint-first greedy, which is optimal (see ``_scene_gaps``).

Each gap item's ``to_dict()`` holds figures and codes only (it is stored with the score result):
``{"kind": "question", "code": "B1.3", "indicator": "设备联网", "from": "C", "to": "E", "steps": 2,
"points": "3.00"}`` (``from``/``to`` in sheet form: a key for a single-choice question, a list for a
multi-choice one), or ``{"kind": "scene", "name": "生产管控", "constraint": true, "from": 1,
"to": 2, "steps": 1}``. The sentence ("把「设备联网」从“(20%,40%]”提升到“(60%,100%]”，可加 3.00 分。")
is the item's ``message``, rendered in the active language where it is shown:
``QuestionGap.from_dict(item, indicator_set).message``, ``SceneGap.from_dict(item).message``.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping, Sequence
from typing import Protocol

from .gap_items import Gap, QuestionGap, SceneGap, new_texts
from .levels import unreachable
from .rules import LevelRules, RulesError
from .sheet_types import AnswerSheet, CheckedSheet
from .types import IndicatorSet, Question

__all__ = ["Gap", "QuestionGap", "SceneGap", "Scored", "apply_gaps", "gap_to"]


class Scored(Protocol):
    """What ``gap_to`` reads of a scored sheet (``scoring.ScoreResult`` is one)."""

    @property
    def indicator_set(self) -> IndicatorSet: ...
    @property
    def rules(self) -> LevelRules: ...
    @property
    def constraint_scenes(self) -> frozenset[str]: ...
    @property
    def checked(self) -> CheckedSheet: ...
    @property
    def sheet(self) -> AnswerSheet: ...
    @property
    def scenes_at_level(self) -> list[int]: ...
    @property
    def constraint_scenes_at_level(self) -> list[int]: ...


def gap_to(result: Scored, target_level: int) -> list[Gap]:
    """The cheapest changes after which the target level's three conditions hold ([] if they do).

    Raises RulesError if no sheet can meet the target's rule (see ``levels.unreachable``).
    """
    rule = result.rules.rule_for(target_level)
    iset = result.indicator_set
    problems = unreachable(iset, rule, result.constraint_scenes)
    if problems:
        raise RulesError(problems)
    deficit = iset.points_to_units(rule.min_score) - result.checked.total_units
    gaps: list[Gap] = []
    if deficit > 0:
        gaps.extend(_question_gaps(iset, result.sheet.answers, deficit))
    need_scenes = rule.min_scenes - result.scenes_at_level[target_level]
    need_constraint = rule.min_constraint_scenes - result.constraint_scenes_at_level[target_level]
    if need_scenes > 0 or need_constraint > 0:
        gaps.extend(
            _scene_gaps(
                iset,
                result.sheet.scenes,
                result.constraint_scenes,
                target_level,
                max(need_scenes, 0),
                max(need_constraint, 0),
            )
        )
    return gaps


# One way to improve a question: (steps, points gained in units, new keys).
_Candidate = tuple[int, int, tuple[str, ...]]


@functools.lru_cache(maxsize=512)
def _ranking(iset: IndicatorSet, code: str) -> tuple[tuple[tuple[str, int], ...], dict[str, int]]:
    """A question's options as (key, units) in the order improvements take them, and positions.

    Single choice: ascending by score (a step is one position up). Multi-choice: the options
    worth something, best first (ties in option order).
    """
    question = iset.question(code)
    units = iset.lookup[code].units
    position = {o.key: i for i, o in enumerate(question.options)}
    if question.is_multi:
        keys = sorted((k for k in units if units[k] > 0), key=lambda k: (-units[k], position[k]))
    else:
        keys = sorted(units, key=lambda k: (units[k], position[k]))
    return tuple((k, units[k]) for k in keys), position


def _candidates(
    iset: IndicatorSet, question: Question, current: tuple[str, ...]
) -> list[_Candidate]:
    """Improvements of one question, sorted by steps (one per step count)."""
    ranked, position = _ranking(iset, question.code)
    if not question.is_multi:
        rank = next(i for i, (key, _units) in enumerate(ranked) if key == current[0])
        now = ranked[rank][1]
        return [
            (j - rank, units - now, (key,))
            for j, (key, units) in enumerate(ranked)
            if j > rank and units > now
        ]
    chosen = set(current) - {question.none_key}
    result: list[_Candidate] = []
    gain = 0
    added: list[str] = []
    for key, units in ranked:
        if key in chosen:
            continue
        gain += units
        added.append(key)
        keys = sorted([*chosen, *added], key=position.__getitem__)
        result.append((len(added), gain, tuple(keys)))
    return result


def _question_gaps(
    iset: IndicatorSet, answers: Mapping[str, tuple[str, ...]], deficit: int
) -> list[QuestionGap]:
    groups = [(q, _candidates(iset, q, answers[q.code])) for q in iset.questions]
    groups = [(q, cands) for q, cands in groups if cands]
    n = len(groups)
    # best[c][g]: the best (points, -questions touched) using the first g groups at exactly c steps,
    # or None; pick[c][g]: the candidate of group g-1 used there (None = left unchanged).
    best: list[list[tuple[int, int] | None]] = []
    pick: list[list[_Candidate | None]] = []
    max_cost = sum(cands[-1][0] for _q, cands in groups)
    for c in range(max_cost + 1):
        column: list[tuple[int, int] | None] = [(0, 0) if c == 0 else None]
        chosen: list[_Candidate | None] = [None]
        for g in range(1, n + 1):
            value, choice = column[g - 1], None
            for cand in groups[g - 1][1]:
                if cand[0] > c:
                    break
                prev = best[c - cand[0]][g - 1]
                if prev is not None:
                    option = (prev[0] + cand[1], prev[1] - 1)
                    if value is None or option > value:
                        value, choice = option, cand
            column.append(value)
            chosen.append(choice)
        best.append(column)
        pick.append(chosen)
        final = column[n]
        if final is not None and final[0] >= deficit:
            return _rebuild(iset, answers, groups, pick, c)
    raise AssertionError("unreachable: rules are checked to be reachable")


def _rebuild(
    iset: IndicatorSet,
    answers: Mapping[str, tuple[str, ...]],
    groups: Sequence[tuple[Question, list[_Candidate]]],
    pick: list[list[_Candidate | None]],
    cost: int,
) -> list[QuestionGap]:
    gaps: list[QuestionGap] = []
    for g in range(len(groups), 0, -1):
        cand = pick[cost][g]
        if cand is None:
            continue
        cost -= cand[0]
        question = groups[g - 1][0]
        old = answers[question.code]
        new = cand[2]
        gaps.append(
            QuestionGap(
                code=question.code,
                indicator=question.indicator,
                multi=question.is_multi,
                from_keys=old,
                to_keys=new,
                steps=cand[0],
                points=iset.units_to_points(cand[1]),
                from_texts=tuple(question.option(k).text for k in old),
                to_texts=new_texts(question, old, new),
            )
        )
    gaps.reverse()
    return gaps


def _scene_gaps(
    iset: IndicatorSet,
    scenes: Mapping[str, int],
    constraint_scenes: frozenset[str],
    target: int,
    need_scenes: int,
    need_constraint: int,
) -> list[SceneGap]:
    """Cheapest scene raises giving ``need_scenes`` more scenes at ``target``, of them
    ``need_constraint`` constraint scenes.

    Why constraint-first greedy is optimal: every feasible set S of raised scenes contains at least
    ``need_constraint`` constraint scenes and at least ``need_scenes`` scenes, and every scene costs
    > 0. (1) Replace the constraint scenes of S by the same number of cheapest constraint scenes:
    the cost does not grow and both counts are kept. (2) The other ``|S| - need_constraint``
    members may be any scenes not yet taken; replacing them by the cheapest remaining ones does not
    raise the cost either. (3) Dropping members beyond max(need_scenes, need_constraint) only
    lowers it. The result is exactly what the greedy builds, so no set is cheaper.
    Ties: constraint scenes first (they also help higher levels), then edition order.
    """
    order = {name: i for i, name in enumerate(iset.scene_names)}
    below = [name for name in iset.scene_names if scenes[name] < target]

    def cost(name: str) -> tuple[int, bool, int]:
        return (target - scenes[name], name not in constraint_scenes, order[name])

    cons = sorted((n for n in below if n in constraint_scenes), key=cost)[:need_constraint]
    rest = sorted((n for n in below if n not in cons), key=cost)
    chosen = cons + rest[: max(need_scenes - len(cons), 0)]
    chosen.sort(key=order.__getitem__)
    return [SceneGap(n, n in constraint_scenes, scenes[n], target) for n in chosen]


def apply_gaps(sheet: Mapping[str, object], gaps: Sequence[Gap]) -> dict[str, object]:
    """A copy of a sheet (contract form) with the gap's changes made: a what-if for plans."""
    result = copy.deepcopy(dict(sheet))
    answers = result.setdefault("answers", {})
    scenes = result.setdefault("scenes", {})
    if not isinstance(answers, dict) or not isinstance(scenes, dict):
        raise TypeError("the sheet's answers and scenes must be objects")
    for gap in gaps:
        if isinstance(gap, QuestionGap):
            answers[gap.code] = list(gap.to_keys) if gap.multi else gap.to_keys[0]
        else:
            scenes[gap.name] = gap.to_level
    return result
