"""The gap to a level: it reaches the level when applied, and nothing cheaper does (no database)."""

from __future__ import annotations

import copy
import itertools
import json
import random
from decimal import Decimal
from typing import Any

import pytest

from dxpilot.assessment.engine import (
    QuestionGap,
    RulesError,
    SceneGap,
    apply_gaps,
    gap_to,
    load_indicator_set,
    score_sheet,
)

ANSWERS: dict[str, Any] = {
    "B1.1": ["B", "C"], "B1.2": "D", "B1.3": "C", "B2.1": ["B", "C", "O"], "B3.1": "C",
    "B4.1": ["B", "C", "D"], "B4.2": ["A"], "M1.1": "D", "M1.2": ["B"], "M2.1": ["B", "C"],
    "M2.2": "B", "E1.1": "B", "E2.1": "C", "E3.1": "B", "E3.2": "A",
}  # fmt: skip  # total 45.80 (see test_engine_scoring)
CONSTRAINT = ["产品设计", "营销管理", "生产管控", "质量管理", "设备管理",
              "安全生产", "能耗管理", "采购管理", "仓储物流", "财务管理"]  # fmt: skip
GUIDANCE = ["工艺设计", "售后服务", "计划排程", "人力资源", "协同办公", "决策支持"]


def sheet(
    answers: dict[str, Any] = ANSWERS, levels: dict[str, int] | None = None
) -> dict[str, Any]:
    if levels is None:
        levels = dict.fromkeys(CONSTRAINT[:3] + GUIDANCE[:3], 2)
    return {
        "edition": "2024",
        "answers": copy.deepcopy(answers),
        "scenes": {n: levels.get(n, 0) for n in CONSTRAINT + GUIDANCE},
    }


def rule_holds(result: Any, level: int) -> bool:
    return all(c.met for c in result.rule_checks if c.level == level)


def test_the_gap_to_level_three_is_exactly_what_the_sheet_lacks():
    # 45.80 points; 3 constraint + 3 guidance scenes at 二级, the rest at 0. 三级 needs 60 points
    # (14.20 more) and 8 scenes at 三级, 5 of them constraint. Cheapest scenes: the 3 constraint
    # scenes at 二级 (1 step each), 2 constraint scenes from 0 (3 steps each), then the 3 guidance
    # scenes at 二级 (1 step each): 8 scenes, 12 steps.
    data = sheet()
    result = score_sheet(data)
    gaps = result.gaps
    scene_gaps = [g for g in gaps if isinstance(g, SceneGap)]
    question_gaps = [g for g in gaps if isinstance(g, QuestionGap)]
    assert result.level == 2
    assert [(g.name, g.from_level, g.to_level) for g in scene_gaps] == [  # in edition order
        ("产品设计", 2, 3), ("工艺设计", 2, 3), ("营销管理", 2, 3), ("售后服务", 2, 3),
        ("计划排程", 2, 3), ("生产管控", 2, 3), ("质量管理", 0, 3), ("设备管理", 0, 3),
    ]  # fmt: skip
    assert sum(g.steps for g in scene_gaps) == 12
    assert sum((g.points for g in question_gaps), Decimal(0)) >= Decimal("14.2")
    after = score_sheet(apply_gaps(data, gaps))
    assert after.level == 3


def test_gap_items_have_the_documented_shape_and_plain_messages():
    result = score_sheet(sheet())
    iset = result.indicator_set
    items = result.to_dict()["gaps"]
    kinds = {item["kind"] for item in items}
    assert kinds == {"question", "scene"}
    question = next(i for i in items if i["kind"] == "question")
    assert set(question) == {
        "kind",
        "code",
        "indicator",
        "from",
        "to",
        "steps",
        "points",
    }
    scene = next(i for i in items if i["kind"] == "scene")
    assert set(scene) == {"kind", "name", "constraint", "from", "to", "steps"}
    for gap, item in zip(result.gaps, items, strict=True):
        again = (
            QuestionGap.from_dict(item, iset)
            if item["kind"] == "question"
            else SceneGap.from_dict(item)
        )
        # The same sentence (points are stored rounded to two places: 1.875 → "1.88").
        assert again.message == gap.message
        assert again.message.endswith("。")


@pytest.mark.parametrize(
    ("gap", "message"),
    [
        (
            QuestionGap("B1.3", "设备联网", False, ("C",), ("D",), 1, Decimal("1.5"),
                        ("(20%,40%]",), ("(40%,60%]",)),
            "把「设备联网」从“(20%,40%]”提升到“(40%,60%]”，可加 1.50 分。",
        ),
        (
            QuestionGap("M1.2", "管理机制", True, ("A",), ("B", "C"), 2, Decimal("3.75"),
                        ("无",), ("建立数字化转型实施工作流程", "建立信息系统建设及运营管理制度")),
            "在「管理机制」中由“无”改为做到：“建立数字化转型实施工作流程”、"
            "“建立信息系统建设及运营管理制度”，可加 3.75 分。",
        ),
        (
            QuestionGap("B2.1", "数据采集", True, ("B",), ("B", "O"), 1, Decimal("0.9"),
                        ("产品设计",), ("人力资源",)),
            "在「数据采集」中再做到：“人力资源”，可加 0.90 分。",
        ),
        (SceneGap("生产管控", True, 1, 2), "把约束性场景「生产管控」从一级提升到二级。"),
        (SceneGap("协同办公", False, 0, 2), "把场景「协同办公」从未达一级提升到二级。"),
    ],
)  # fmt: skip
def test_gap_messages_read_as_plain_chinese(gap, message):
    assert gap.message == message
    stored = gap.to_dict()
    assert "message" not in stored  # figures only: the sentence is rendered where it is shown
    if isinstance(gap, QuestionGap):
        assert QuestionGap.from_dict(stored, load_indicator_set("2024")).message == message
    else:
        assert SceneGap.from_dict(stored).message == message


def test_there_is_no_gap_at_the_top_level():
    iset = load_indicator_set("2024")
    best = {
        q.code: ([o.key for o in q.options if o.key != q.none_key] if q.is_multi else "E")
        for q in iset.questions
    }
    best.update({"M1.1": "F", "E1.1": "C", "E2.1": "C", "E3.1": "C", "E3.2": "C"})
    result = score_sheet(sheet(best, dict.fromkeys(CONSTRAINT + GUIDANCE, 4)))
    assert result.level == 4
    assert result.next_level is None
    assert result.gaps == []
    assert result.to_dict()["gaps"] == []


def test_a_target_already_reached_has_no_gap():
    result = score_sheet(sheet())
    assert gap_to(result, 2) == []
    assert gap_to(result, 1) == []


def test_only_the_missing_part_is_listed():
    # Enough points for 三级 once scenes are there: the gap lists scenes only.
    data = sheet({**ANSWERS, "B3.1": "E", "B1.2": "E", "B1.3": "E", "M1.1": "F", "E3.2": "C"})
    result = score_sheet(data)
    assert result.total >= 60
    assert all(isinstance(g, SceneGap) for g in gap_to(result, 3))
    # Enough scenes for 三级: the gap lists questions only.
    levels = dict.fromkeys(CONSTRAINT[:5] + GUIDANCE[:3], 3)
    result = score_sheet(sheet(levels=levels))
    assert all(isinstance(g, QuestionGap) for g in gap_to(result, 3))


def test_an_unknown_target_level_is_refused():
    with pytest.raises(ValueError, match="no rule for level 5"):
        gap_to(score_sheet(sheet()), 5)


def test_a_target_no_sheet_can_reach_is_refused():
    result = score_sheet(sheet(), constraint_scenes=["产品设计", "营销管理"])
    with pytest.raises(RulesError, match="min_constraint_scenes 5 > 2"):
        gap_to(result, 3)


def _random_sheet(rng: random.Random) -> dict[str, Any]:
    iset = load_indicator_set("2024")
    answers: dict[str, Any] = {}
    for q in iset.questions:
        keys = [o.key for o in q.options if o.key != q.none_key]
        if not q.is_multi:
            answers[q.code] = rng.choice([o.key for o in q.options])
        elif rng.random() < 0.3:
            answers[q.code] = [q.none_key]
        else:
            answers[q.code] = sorted(rng.sample(keys, rng.randint(1, len(keys))))
    levels = {name: rng.choice([0, 0, 1, 1, 2, 3, 4]) for name in iset.scene_names}
    return {"edition": "2024", "answers": answers, "scenes": levels}


def test_applying_the_gap_reaches_every_higher_level():
    rng = random.Random(11)
    for _ in range(120):
        data = _random_sheet(rng)
        result = score_sheet(data)
        for target in range(result.level + 1, 5):
            gaps = gap_to(result, target)
            assert gaps, (target, json.dumps(data, ensure_ascii=False))
            after = score_sheet(apply_gaps(data, gaps))
            assert rule_holds(after, target), (target, json.dumps(data, ensure_ascii=False))


# An independent, brute-force version of the cost model, to check the engine's plans are minimal.


def _improvements(question: Any, current: list[str]) -> list[tuple[int, Decimal]]:
    """(steps, points) of each way to improve one question, written independently of gaps.py."""
    if not question.is_multi:
        ranked = sorted(question.options, key=lambda o: o.score)
        now = next(i for i, o in enumerate(ranked) if o.key == current[0])
        return [
            (i - now, o.score - ranked[now].score)
            for i, o in enumerate(ranked)
            if i > now and o.score > ranked[now].score
        ]
    missing = sorted(
        (o.score for o in question.options if o.key not in current and o.score > 0), reverse=True
    )
    return [(k, sum(missing[:k], Decimal(0))) for k in range(1, len(missing) + 1)]


def _cheapest_question_plan(data: dict[str, Any], deficit: Decimal) -> tuple[int, Decimal]:
    """Fewest steps reaching the deficit, and the most points among such plans (exhaustive)."""
    iset = load_indicator_set("2024")
    options = []
    for q in iset.questions:
        value = data["answers"][q.code]
        options.append(_improvements(q, [value] if isinstance(value, str) else value))
    best: tuple[int, Decimal] | None = None
    for budget in range(1, 65):

        def search(i: int, left: int, points: Decimal) -> Decimal | None:
            if i == len(options):
                return points if points >= deficit else None
            found = search(i + 1, left, points)
            for steps, gain in options[i]:
                if steps <= left:
                    got = search(i + 1, left - steps, points + gain)
                    if got is not None and (found is None or got > found):
                        found = got
            return found

        points = search(0, budget, Decimal(0))
        if points is not None:
            best = (budget, points)
            break
    assert best is not None
    return best


def test_the_question_plan_is_minimal_in_steps_and_then_maximal_in_points():
    rng = random.Random(5)
    checked = 0
    while checked < 12:
        data = _random_sheet(rng)
        result = score_sheet(data)
        if result.level >= 3:
            continue
        target = result.level + 1
        deficit = result.rules.rule_for(target).min_score - result.total
        if deficit <= 0 or deficit > 12:  # keep the exhaustive search small
            continue
        plan = [g for g in gap_to(result, target) if isinstance(g, QuestionGap)]
        steps, points = _cheapest_question_plan(data, deficit)
        assert sum(g.steps for g in plan) == steps
        assert sum((g.points for g in plan), Decimal(0)) == points
        checked += 1


def test_the_scene_plan_is_minimal_in_steps():
    rng = random.Random(3)
    iset = load_indicator_set("2024")
    names = list(iset.scene_names)
    checked = 0
    while checked < 15:
        data = _random_sheet(rng)
        result = score_sheet(data)
        levels = data["scenes"]
        for target in range(result.level + 1, 5):
            rule = result.rules.rule_for(target)
            below = [n for n in names if levels[n] < target]
            if len(below) > 12:  # keep the exhaustive search small
                continue
            have = len(names) - len(below)
            have_c = sum(1 for n in names if levels[n] >= target and n in CONSTRAINT)
            cheapest = min(
                sum(target - levels[n] for n in subset)
                for size in range(len(below) + 1)
                for subset in itertools.combinations(below, size)
                if have + size >= rule.min_scenes
                and have_c + sum(n in CONSTRAINT for n in subset) >= rule.min_constraint_scenes
            )
            plan = [g for g in gap_to(result, target) if isinstance(g, SceneGap)]
            assert sum(g.steps for g in plan) == cheapest
            checked += 1
