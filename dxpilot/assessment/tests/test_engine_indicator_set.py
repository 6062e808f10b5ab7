"""The 2024 indicator-set file and the validation of edition files (no database)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest

from dxpilot.assessment.engine import (
    IndicatorSetError,
    LevelRule,
    LevelRules,
    RulesError,
    UnknownEditionError,
    check_rules,
    installed_editions,
    load_indicator_set,
    parse_indicator_set,
)
from dxpilot.assessment.engine.indicator_set import INDICATOR_SETS_DIR

CONSTRAINT_2024 = {
    "产品设计", "营销管理", "生产管控", "质量管理", "设备管理",
    "安全生产", "能耗管理", "采购管理", "仓储物流", "财务管理",
}  # fmt: skip


def raw_2024() -> dict[str, Any]:
    text = (INDICATOR_SETS_DIR / "2024.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text, parse_float=Decimal)
    return data


def test_2024_is_installed():
    assert "2024" in installed_editions()


def test_2024_has_the_structure_of_the_standard():
    iset = load_indicator_set("2024")
    assert iset.edition == "2024"
    assert [(d.name, d.key, d.max_score) for d in iset.dimensions] == [
        ("数字化基础", "foundation", Decimal(50)),
        ("数字化管理", "management", Decimal(30)),
        ("数字化成效", "outcome", Decimal(20)),
    ]
    assert [d.code for d in iset.dimensions] == ["B", "M", "E"]
    assert len(iset.questions) == 15
    assert sum(not q.is_multi for q in iset.questions) == 9
    assert {q.code for q in iset.questions if q.is_multi} == {
        "B1.1", "B2.1", "B4.1", "B4.2", "M1.2", "M2.1",
    }  # fmt: skip
    assert sum(len(q.options) for q in iset.questions) == 79
    assert iset.max_score == Decimal(100)


def test_every_question_has_a_help_text_and_reaches_its_max():
    iset = load_indicator_set("2024")
    for q in iset.questions:
        assert len(q.help) > 20, q.code
        scores = [o.score for o in q.options]
        best = sum(scores) if q.is_multi else max(scores)
        assert best == q.max_score, q.code


def test_scores_are_exact_decimals():
    iset = load_indicator_set("2024")
    assert iset.question("M1.2").option("B").score == Decimal("1.875")
    assert iset.question("B2.1").option("B").score == Decimal("0.7")
    assert iset.question("B2.1").option("O").score == Decimal("0.9")
    assert sum((q.max_score for q in iset.questions), Decimal(0)) == Decimal(100)


def test_multi_choice_questions_have_an_exclusive_none_option():
    iset = load_indicator_set("2024")
    for q in iset.questions:
        if q.is_multi:
            assert q.none_key == "A"
            assert q.option("A").text == "无"
        else:
            assert q.none_key is None


def test_2024_has_16_scenes_and_10_default_constraint_scenes():
    iset = load_indicator_set("2024")
    assert len(iset.scenes) == 16
    assert [g.name for g in iset.scene_groups] == [
        "产品生命周期数字化", "生产执行数字化", "供应链数字化", "管理决策数字化",
    ]  # fmt: skip
    assert iset.default_constraint_scenes == CONSTRAINT_2024
    assert {s.name for s in iset.scenes if s.constraint} == CONSTRAINT_2024
    assert all(len(s.levels) == 4 for s in iset.scenes)
    assert iset.scene("生产管控").group.name == "生产执行数字化"


def test_default_level_rules_come_from_the_file():
    rules = load_indicator_set("2024").level_rules
    assert rules.rows == (
        LevelRule(1, Decimal(20), 6, 3),
        LevelRule(2, Decimal(40), 6, 3),
        LevelRule(3, Decimal(60), 8, 5),
        LevelRule(4, Decimal(80), 10, 6),
    )


def test_loading_is_cached():
    assert load_indicator_set("2024") is load_indicator_set("2024")


@pytest.mark.parametrize("edition", ["2099", "../2024", "2024.json", ""])
def test_an_unknown_edition_names_the_installed_ones(edition):
    with pytest.raises(UnknownEditionError, match=r"installed: .*2024"):
        load_indicator_set(edition)


def test_the_file_itself_validates():
    iset = parse_indicator_set(raw_2024(), origin="copy")
    assert iset.edition == "2024"


def _break(data: dict[str, Any], how: str) -> None:
    questions = [q for d in data["dimensions"] for s in d["subdimensions"] for q in s["questions"]]
    by_code = {q["code"]: q for q in questions}
    if how == "multi_sum_exceeds_max":
        by_code["B1.1"]["options"][1]["score"] = "3"
    elif how == "single_best_below_max":
        by_code["B1.2"]["options"][-1]["score"] = "5"
    elif how == "subdimension_sum":
        data["dimensions"][0]["subdimensions"][0]["max_score"] = "21"
    elif how == "duplicate_question":
        by_code["B1.3"]["code"] = "B1.2"
    elif how == "duplicate_option":
        by_code["E1.1"]["options"][1]["key"] = "A"
    elif how == "unknown_key":
        by_code["E1.1"]["max_scroe"] = "7"
    elif how == "bad_type":
        by_code["E1.1"]["type"] = "ranking"
    elif how == "float_score":
        by_code["E1.1"]["options"][1]["score"] = 3.5  # a float, not Decimal/str
    elif how == "constraint_mismatch":
        data["default_constraint_scenes"].remove("仓储物流")
    elif how == "unknown_group":
        data["scenes"][0]["group"] = "S9"
    elif how == "rules_unreachable":
        data["level_rules"][3]["min_constraint_scenes"] = 11
    elif how == "rules_not_contiguous":
        data["level_rules"][2]["level"] = 5
    elif how == "none_scores":
        by_code["B1.1"]["options"][0]["score"] = "1"
    elif how == "missing_help":
        by_code["M2.2"]["help"] = ""


@pytest.mark.parametrize(
    ("how", "fragment"),
    [
        ("multi_sum_exceeds_max", "the options sum to 9 > max_score 8"),
        ("single_best_below_max", "the best option scores 5, not max_score 6"),
        ("subdimension_sum", "max_score 21 != sum of its questions' max_score 20"),
        ("duplicate_question", "duplicate question code 'B1.2'"),
        ("duplicate_option", "duplicate option key 'A'"),
        ("unknown_key", "unknown keys ['max_scroe']"),
        ("bad_type", "must be 'single' or 'multi'"),
        ("float_score", "must be a decimal string or number"),
        ("constraint_mismatch", "differs from the scenes flagged constraint"),
        ("unknown_group", "unknown scene group 'S9'"),
        ("rules_unreachable", "min_constraint_scenes 11 > 10 constraint scenes"),
        ("rules_not_contiguous", "rule levels must be 1..n"),
        ("none_scores", "(无) must score 0"),
        ("missing_help", "help: must be a non-empty string"),
    ],
)
def test_a_broken_edition_file_is_refused_with_a_clear_reason(how, fragment):
    data = raw_2024()
    if how == "float_score":
        data = json.loads(json.dumps(data, default=str))  # plain floats everywhere else too
    _break(data, how)
    with pytest.raises(IndicatorSetError) as caught:
        parse_indicator_set(data, origin="broken.json")
    assert any(fragment in problem for problem in caught.value.problems), caught.value.problems
    assert str(caught.value).startswith("broken.json: ")


def test_every_problem_of_an_edition_file_is_reported_at_once():
    data = raw_2024()
    for how in ("multi_sum_exceeds_max", "duplicate_option", "unknown_key", "unknown_group"):
        _break(data, how)
    with pytest.raises(IndicatorSetError) as caught:
        parse_indicator_set(data)
    assert len(caught.value.problems) >= 4


def test_another_edition_is_just_another_file(tmp_path, monkeypatch):
    data = copy.deepcopy(raw_2024())
    data["edition"] = "2026"
    data["level_rules"][1]["min_score"] = "45"
    (tmp_path / "2026.json").write_text(json.dumps(data, default=str), encoding="utf-8")
    (tmp_path / "2024.json").write_text(json.dumps(raw_2024(), default=str), encoding="utf-8")
    monkeypatch.setattr("dxpilot.assessment.engine.indicator_set.INDICATOR_SETS_DIR", tmp_path)
    from dxpilot.assessment.engine.indicator_set import _clear_cache

    _clear_cache()
    try:
        assert installed_editions() == ("2024", "2026")
        assert load_indicator_set("2026").level_rules.rule_for(2).min_score == Decimal(45)
    finally:
        _clear_cache()


def test_level_rules_from_programme_rows_accept_strings_and_ints():
    rules = LevelRules.from_rows(
        [
            {"level": 2, "min_score": "39.99", "min_scenes": 5, "min_constraint_scenes": 2},
            {"level": 1, "min_score": 20, "min_scenes": 4, "min_constraint_scenes": 2},
        ]
    )
    assert [r.level for r in rules.rows] == [1, 2]
    assert rules.rule_for(2).min_score == Decimal("39.99")
    assert rules.min_units(3) == (20000, 39990)


@pytest.mark.parametrize(
    "rows",
    [
        [{"level": 1, "min_score": 0.5, "min_scenes": 1, "min_constraint_scenes": 1}],
        [{"level": 1, "min_score": "x", "min_scenes": 1, "min_constraint_scenes": 1}],
        [{"level": 1, "min_score": "20", "min_scenes": True, "min_constraint_scenes": 1}],
        [{"level": 1, "min_score": "20", "min_scenes": 1}],
        [{"level": 2, "min_score": "20", "min_scenes": 1, "min_constraint_scenes": 1}],
        [{"level": 1, "min_score": "-1", "min_scenes": 1, "min_constraint_scenes": 1}],
    ],
)
def test_invalid_level_rule_rows_are_refused(rows):
    with pytest.raises(RulesError):
        LevelRules.from_rows(rows)


def test_rules_that_cannot_be_met_with_an_edition_are_reported():
    iset = load_indicator_set("2024")
    rules = LevelRules((LevelRule(1, Decimal("100.01"), 17, 3),))
    problems = check_rules(iset, rules, frozenset({"产品设计", "没有这个场景"}))
    assert any("unknown constraint scenes ['没有这个场景']" in p for p in problems)
    assert any("min_score 100.01 > best total 100" in p for p in problems)
    assert any("min_scenes 17 > 16 scenes" in p for p in problems)
    assert any("min_constraint_scenes 3 > 2 constraint scenes" in p for p in problems)
