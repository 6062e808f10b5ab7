"""Scoring and levels: hand-computed sheets, every level boundary, configured rules (no database)."""

from __future__ import annotations

import copy
import json
import random
from decimal import Decimal
from typing import Any

import pytest

from dxpilot.assessment.engine import (
    LevelRule,
    LevelRules,
    RuleCheck,
    RulesError,
    load_indicator_set,
    parse_sheet,
    score_json,
    score_sheet,
)

CONSTRAINT = ["产品设计", "营销管理", "生产管控", "质量管理", "设备管理",
              "安全生产", "能耗管理", "采购管理", "仓储物流", "财务管理"]  # fmt: skip
GUIDANCE = ["工艺设计", "售后服务", "计划排程", "人力资源", "协同办公", "决策支持"]

# Every question answered, both types, hand-computed:
#   B1.1 B,C = 2+2 = 4        B1.2 D = 4.5         B1.3 C = 3
#   B2.1 B,C,O = .7+.7+.9 = 2.3                    B3.1 C = 5
#   B4.1 B,C,D = 3×1.25 = 3.75                     B4.2 A(无) = 0
#     数字化基础 = 4 + 4.5 + 3 + 2.3 + 5 + 3.75 + 0 = 22.55
#   M1.1 D = 4.5   M1.2 B = 1.875   M2.1 B,C = 1.5+1.5 = 3   M2.2 B = 1.875
#     数字化管理 = 4.5 + 1.875 + 3 + 1.875 = 11.25
#   E1.1 B = 3.5   E2.1 C = 7   E3.1 B = 1.5   E3.2 A = 0
#     数字化成效 = 12
#   total = 22.55 + 11.25 + 12 = 45.80
ANSWERS: dict[str, Any] = {
    "B1.1": ["B", "C"], "B1.2": "D", "B1.3": "C", "B2.1": ["B", "C", "O"], "B3.1": "C",
    "B4.1": ["B", "C", "D"], "B4.2": ["A"], "M1.1": "D", "M1.2": ["B"], "M2.1": ["B", "C"],
    "M2.2": "B", "E1.1": "B", "E2.1": "C", "E3.1": "B", "E3.2": "A",
}  # fmt: skip

# From ANSWERS: B2.1 → 无 (−2.3) and E1.1 → A (−3.5): 45.80 − 5.80 = 40.000 exactly.
AT_40 = {**ANSWERS, "B2.1": ["A"], "E1.1": "A"}
# Totals are multiples of 0.025 (0.7 = 28 × 0.025, 1.875 = 75 × 0.025, …), so 39.99 cannot be
# reached; the closest total below 40 is 39.975. From AT_40: B1.1 → 无 (−4), B2.1 → B,C,D (+2.1),
# M1.2 → 无 (−1.875), M2.2 → D (+3.75): 40 − 4 + 2.1 − 1.875 + 3.75 = 39.975 (shown "39.98").
AT_39_975 = {**AT_40, "B1.1": ["A"], "B2.1": ["B", "C", "D"], "M1.2": ["A"], "M2.2": "D"}


def scenes(constraint: int = 3, guidance: int = 3, level: int = 2, rest: int = 0) -> dict[str, int]:
    """The first `constraint` constraint and `guidance` guidance scenes at `level`, others at `rest`."""
    chosen = set(CONSTRAINT[:constraint] + GUIDANCE[:guidance])
    return {name: (level if name in chosen else rest) for name in CONSTRAINT + GUIDANCE}


def sheet(answers: dict[str, Any] = ANSWERS, **kwargs: Any) -> dict[str, Any]:
    return {
        "edition": "2024",
        "industry": "3670",
        "answers": copy.deepcopy(answers),
        "scenes": kwargs.get("scene_levels") or scenes(),
    }


def test_a_hand_computed_sheet_scores_every_question():
    result = score_sheet(sheet())
    assert result.question_scores == {
        "B1.1": Decimal(4), "B1.2": Decimal("4.5"), "B1.3": Decimal(3), "B2.1": Decimal("2.3"),
        "B3.1": Decimal(5), "B4.1": Decimal("3.75"), "B4.2": Decimal(0), "M1.1": Decimal("4.5"),
        "M1.2": Decimal("1.875"), "M2.1": Decimal(3), "M2.2": Decimal("1.875"),
        "E1.1": Decimal("3.5"), "E2.1": Decimal(7), "E3.1": Decimal("1.5"), "E3.2": Decimal(0),
    }  # fmt: skip
    assert result.dimension_scores == {
        "数字化基础": Decimal("22.55"),
        "数字化管理": Decimal("11.25"),
        "数字化成效": Decimal(12),
    }
    assert result.total == Decimal("45.8")
    assert result.level == 2


def test_the_result_dict_keeps_the_contract():
    data = score_sheet(sheet()).to_dict()
    assert {"edition", "total", "dimensions", "questions", "scenes", "level",
            "rules", "gaps"} <= data.keys()  # fmt: skip
    assert "level_name" not in data  # figures only: the name is rendered where it is shown
    assert data["edition"] == "2024"
    assert data["industry"] == "3670"
    assert data["total"] == "45.80"
    assert data["max_score"] == "100.00"
    assert data["dimensions"] == {
        "数字化基础": "22.55",
        "数字化管理": "11.25",
        "数字化成效": "12.00",
    }
    assert list(data["questions"]) == [q.code for q in load_indicator_set("2024").questions]
    # Each figure is rounded on its own, half up: 1.875 → 1.88, 6.375 → 6.38, 4.875 → 4.88.
    assert data["questions"]["M1.2"] == "1.88"
    assert data["subdimensions"]["规划管理"] == "6.38"
    assert data["subdimensions"]["要素保障"] == "4.88"
    assert data["scenes"] == scenes()
    assert data["level"] == 2
    assert data["next_level"] == 3
    assert data["scenes_at_level"] == {"1": 6, "2": 6, "3": 0, "4": 0}
    assert data["constraint_scenes_at_level"] == {"1": 3, "2": 3, "3": 0, "4": 0}
    assert data["constraint_scenes"] == CONSTRAINT
    json.dumps(data, ensure_ascii=False)  # plain JSON: strings, ints, bools, lists, dicts


def test_rules_explain_every_condition_of_every_level():
    rules = score_sheet(sheet()).to_dict()["rules"]
    assert [(r["level"], r["condition"], r["met"]) for r in rules] == [
        (1, "score", True), (1, "scenes", True), (1, "constraint_scenes", True),
        (2, "score", True), (2, "scenes", True), (2, "constraint_scenes", True),
        (3, "score", False), (3, "scenes", False), (3, "constraint_scenes", False),
        (4, "score", False), (4, "scenes", False), (4, "constraint_scenes", False),
    ]  # fmt: skip
    assert rules[6] == {
        "level": 3,
        "condition": "score",
        "required": "60.00",
        "actual": "45.80",
        "met": False,
    }
    messages = [RuleCheck.from_dict(rule).message for rule in rules]
    assert messages[6] == "三级：总分 45.80，需 ≥ 60.00，未满足。"
    assert messages[4] == "二级：达到二级及以上的场景 6 个，需 ≥ 6 个，已满足。"
    assert messages[5] == "二级：达到二级及以上的约束性场景 3 个，需 ≥ 3 个，已满足。"


def test_a_rule_check_reads_back_from_its_stored_form():
    result = score_sheet(sheet())
    assert [RuleCheck.from_dict(r.to_dict()) for r in result.rule_checks] == result.rule_checks
    for broken in ({"level": 2}, {"level": 2, "condition": "size", "required": 1, "actual": 1,
                   "met": True}, {"level": "2", "condition": "scenes", "required": 1, "actual": 1,
                   "met": True}):  # fmt: skip
        with pytest.raises((KeyError, TypeError, ValueError)):
            RuleCheck.from_dict(broken)


@pytest.mark.parametrize(
    ("answers", "total", "shown", "level"),
    [(AT_40, Decimal(40), "40.00", 2), (AT_39_975, Decimal("39.975"), "39.98", 1)],
)
def test_the_score_boundary_of_level_two(answers, total, shown, level):
    result = score_sheet(sheet(answers))
    assert result.total == total
    assert result.to_dict()["total"] == shown
    assert result.level == level


def test_a_total_shown_as_39_98_does_not_round_up_into_level_two():
    rule = next(r for r in score_sheet(sheet(AT_39_975)).to_dict()["rules"] if r["level"] == 2)
    assert RuleCheck.from_dict(rule).message == "二级：总分 39.98，需 ≥ 40.00，未满足。"


@pytest.mark.parametrize(
    ("min_score", "level"),
    [("39.975", 2), ("39.976", 1), ("39.99", 1), ("39.97", 2)],
)
def test_a_configured_score_threshold_is_compared_exactly(min_score, level):
    rows = load_indicator_set("2024").level_rules.to_rows()
    rows[1]["min_score"] = min_score
    result = score_sheet(sheet(AT_39_975), rules=LevelRules.from_rows(rows))
    assert result.level == level


@pytest.mark.parametrize(
    ("constraint", "guidance", "level"),
    [
        (3, 3, 2),  # 6 scenes at 二级, 3 of them constraint
        (3, 2, 0),  # 5 scenes: neither 二级 nor 一级 (both need 6)
        (2, 4, 0),  # 6 scenes but only 2 constraint
        (10, 0, 2),
    ],
)
def test_the_scene_boundaries_of_level_two(constraint, guidance, level):
    result = score_sheet(sheet(scene_levels=scenes(constraint, guidance, level=2)))
    assert result.level == level


def test_scenes_at_a_higher_level_count_toward_lower_levels():
    result = score_sheet(sheet(scene_levels=scenes(3, 3, level=4)))
    assert result.level == 2  # the score (45.80) is the limit
    assert result.scenes_at_level == [16, 6, 6, 6, 6]


@pytest.mark.parametrize(
    ("answers", "levels", "expected"),
    [
        # everything at the top: 100 points, all scenes at 四级
        ({"max": True}, scenes(10, 6, level=4), 4),
        # 100 points but only 9 scenes at 四级 (6 constraint): 三级 (8 at ≥ 3, 5 constraint)
        ({"max": True}, scenes(6, 3, level=4), 3),
        # 100 points, 10 scenes at 四级 but only 5 constraint: 三级
        ({"max": True}, scenes(5, 5, level=4), 3),
        # the lowest answers everywhere: 0 points → no level whatever the scenes
        ({"min": True}, scenes(10, 6, level=4), 0),
    ],
)
def test_levels_at_the_extremes(answers, levels, expected):
    iset = load_indicator_set("2024")
    chosen: dict[str, Any] = {}
    for q in iset.questions:
        if "min" in answers:
            chosen[q.code] = [q.none_key] if q.is_multi else q.options[0].key
        elif q.is_multi:
            chosen[q.code] = [o.key for o in q.options if o.key != q.none_key]
        else:
            chosen[q.code] = q.options[-1].key
    result = score_sheet(sheet(chosen, scene_levels=levels))
    assert result.total == (0 if "min" in answers else 100)
    assert result.level == expected
    assert result.level_name == ["未达一级", "一级", "二级", "三级", "四级"][expected]


def test_a_non_default_rule_set_is_used_when_given():
    rules = LevelRules(
        (
            LevelRule(1, Decimal(10), 2, 1),
            LevelRule(2, Decimal(30), 4, 2),
            LevelRule(3, Decimal(45), 5, 3),
            LevelRule(4, Decimal(90), 12, 8),
        )
    )
    result = score_sheet(sheet(scene_levels=scenes(3, 2, level=3)), rules=rules)
    assert result.level == 3  # 45.80 ≥ 45, 5 scenes at 三级, 3 constraint
    assert score_sheet(sheet(scene_levels=scenes(3, 2, level=3))).level == 0  # defaults: 5 < 6


def test_a_non_default_constraint_scene_set_is_used_when_given():
    levels = scenes(0, 6, level=2)  # six guidance scenes at 二级, no default constraint scene
    assert score_sheet(sheet(scene_levels=levels)).level == 0
    custom = ["工艺设计", "售后服务", "计划排程"]  # e.g. a 细分行业 that constrains these
    result = score_sheet(sheet(scene_levels=levels), constraint_scenes=custom)
    assert result.level == 2
    assert result.to_dict()["constraint_scenes"] == custom


def test_an_unknown_constraint_scene_is_refused():
    with pytest.raises(RulesError, match=r"unknown constraint scenes \['元宇宙'\]"):
        score_sheet(sheet(), constraint_scenes=["产品设计", "元宇宙"])


def test_a_level_whose_rule_cannot_be_met_is_never_awarded_and_has_no_gap():
    # Two constraint scenes cannot satisfy "≥ 3 constraint scenes": no 一级 or 二级.
    result = score_sheet(sheet(), constraint_scenes=["产品设计", "营销管理"])
    assert result.level == 0
    assert result.next_level == 1
    assert result.to_dict()["next_level_reachable"] is False
    assert result.gaps == []


def test_the_result_does_not_change_when_the_callers_dict_does():
    data = sheet()
    result = score_sheet(data)
    data["answers"]["B1.1"].append("D")
    data["scenes"]["产品设计"] = 4
    assert result.sheet.answers["B1.1"] == ("B", "C")
    assert result.to_dict()["scenes"]["产品设计"] == 2


def test_an_answer_sheet_object_can_be_scored_again():
    parsed = parse_sheet(sheet())
    assert score_sheet(parsed).total == Decimal("45.8")


def _reference_total(data: dict[str, Any]) -> Decimal:
    """A deliberately naive scorer to check the engine's fast path against."""
    iset = load_indicator_set("2024")
    total = Decimal(0)
    for q in iset.questions:
        value = data["answers"][q.code]
        keys = [value] if isinstance(value, str) else value
        total += sum((q.option(k).score for k in keys), Decimal(0))
    return total


def _random_sheet(rng: random.Random) -> dict[str, Any]:
    iset = load_indicator_set("2024")
    answers: dict[str, Any] = {}
    for q in iset.questions:
        keys = [o.key for o in q.options if o.key != q.none_key]
        if not q.is_multi:
            answers[q.code] = rng.choice(keys)
        elif rng.random() < 0.2:
            answers[q.code] = [q.none_key]
        else:
            picked = rng.sample(keys, rng.randint(1, len(keys)))
            answers[q.code] = picked if rng.random() < 0.5 else sorted(picked)
    levels = {name: rng.randint(0, 4) for name in iset.scene_names}
    return {"edition": "2024", "answers": answers, "scenes": levels}


def test_random_sheets_score_like_a_naive_reference():
    rng = random.Random(7)
    iset = load_indicator_set("2024")
    for _ in range(300):
        data = _random_sheet(rng)
        result = score_json(json.dumps(data, ensure_ascii=False))
        assert result.total == _reference_total(data)
        assert sum(result.question_scores.values()) == result.total
        assert sum(result.dimension_scores.values()) == result.total
        levels = list(data["scenes"].values())
        constraint = [data["scenes"][n] for n in iset.scene_names if n in CONSTRAINT]
        expected = 0
        for rule in iset.level_rules.rows:
            if (
                result.total >= rule.min_score
                and sum(v >= rule.level for v in levels) >= rule.min_scenes
                and sum(v >= rule.level for v in constraint) >= rule.min_constraint_scenes
            ):
                expected = rule.level
        assert result.level == expected
