"""Answer-sheet validation: every problem, at once, in Chinese (no database)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from dxpilot.assessment.engine import (
    AnswerSheet,
    SheetError,
    parse_sheet,
    score_json,
    score_sheet,
)

ANSWERS: dict[str, Any] = {
    "B1.1": ["B", "C"], "B1.2": "D", "B1.3": "C", "B2.1": ["B", "C", "O"], "B3.1": "C",
    "B4.1": ["B", "C", "D"], "B4.2": ["A"], "M1.1": "D", "M1.2": ["B"], "M2.1": ["B", "C"],
    "M2.2": "B", "E1.1": "B", "E2.1": "C", "E3.1": "B", "E3.2": "A",
}  # fmt: skip
SCENE_NAMES = [
    "产品设计", "工艺设计", "营销管理", "售后服务", "计划排程", "生产管控", "质量管理", "设备管理",
    "安全生产", "能耗管理", "采购管理", "仓储物流", "财务管理", "人力资源", "协同办公", "决策支持",
]  # fmt: skip


def valid_sheet() -> dict[str, Any]:
    return {
        "edition": "2024",
        "industry": "3670",
        "answers": copy.deepcopy(ANSWERS),
        "scenes": dict.fromkeys(SCENE_NAMES, 2),
    }


def errors_of(sheet: object) -> list[dict[str, str]]:
    with pytest.raises(SheetError) as caught:
        parse_sheet(sheet)
    assert caught.value.errors, "a SheetError always carries errors"
    return caught.value.to_list()


def codes_of(sheet: object) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in errors_of(sheet)]


def test_a_valid_sheet_parses_into_a_normalised_answer_sheet():
    sheet = parse_sheet(valid_sheet())
    assert isinstance(sheet, AnswerSheet)
    assert sheet.answers["B1.2"] == ("D",)
    assert sheet.answers["B1.1"] == ("B", "C")
    assert sheet.scenes["产品设计"] == 2
    assert sheet.to_dict() == valid_sheet()


def test_industry_is_optional_and_passed_through():
    data = valid_sheet()
    del data["industry"]
    assert parse_sheet(data).industry is None
    data["industry"] = None
    assert parse_sheet(data).industry is None


def test_a_single_choice_answer_may_be_a_one_element_list():
    data = valid_sheet()
    data["answers"]["B1.2"] = ["D"]
    assert parse_sheet(data).answers["B1.2"] == ("D",)
    assert (
        score_sheet(data).question_scores["B1.2"]
        == score_sheet(valid_sheet()).question_scores["B1.2"]
    )


def test_a_multi_choice_answer_may_be_a_bare_key():
    data = valid_sheet()
    data["answers"]["M1.2"] = "B"
    assert parse_sheet(data).answers["M1.2"] == ("B",)
    assert score_sheet(data).total == score_sheet(valid_sheet()).total


def test_multi_choice_keys_in_any_order_score_the_same():
    data = valid_sheet()
    data["answers"]["B4.1"] = ["D", "B", "C"]
    assert score_sheet(data).total == score_sheet(valid_sheet()).total


def test_the_error_message_names_the_question_and_the_wrong_value():
    data = valid_sheet()
    data["answers"]["B1.2"] = "Z"
    assert errors_of(data) == [
        {
            "field": "answers.B1.2",
            "code": "unknown_option",
            "message": '题目 B1.2 没有选项 "Z"。可选：A、B、C、D、E。',
        }
    ]


def _set(path: str, value: Any) -> dict[str, Any]:
    data = valid_sheet()
    target: Any = data
    *parents, last = path.split("/")
    for part in parents:
        target = target[part]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return data


DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "field", "code", "message"),
    [
        ("edition", "2099", "edition", "unknown_edition", '指标体系版本 "2099" 未安装。已安装：2024。'),
        ("edition", DELETE, "edition", "missing_field", '答题表缺少字段 "edition"。'),
        ("edition", 2024, "edition", "invalid_type", '字段 "edition" 应为字符串（如 "2024"），实际是整数 2024。'),
        ("industry", 3670, "industry", "invalid_type", '字段 "industry" 应为字符串（行业代码或细分行业），实际是整数 3670。'),
        ("answers", ["B"], "answers", "invalid_type", '字段 "answers" 应为对象（题目编号 → 所选选项），实际是数组。'),
        ("answers", DELETE, "answers", "missing_field", '答题表缺少字段 "answers"。'),
        ("scenes", 3, "scenes", "invalid_type", '字段 "scenes" 应为对象（场景名称 → 等级），实际是整数。'),
        ("answer", {}, "answer", "unknown_field", '答题表中有未知字段 "answer"。可用字段：edition、industry、answers、scenes。'),
        ("answers/X9.9", "A", "answers.X9.9", "unknown_question", '2024 版指标体系中没有题目 "X9.9"。'),
        ("answers/B1.2", "Z", "answers.B1.2", "unknown_option", '题目 B1.2 没有选项 "Z"。可选：A、B、C、D、E。'),
        ("answers/B1.1", ["B", "Q"], "answers.B1.1", "unknown_option", '题目 B1.1 没有选项 "Q"。可选：A、B、C、D、E。'),
        ("answers/B1.2", ["C", "D"], "answers.B1.2", "too_many_options", "题目 B1.2 是单选题，只能选一个选项，实际选了 2 个：C、D。"),
        ("answers/B1.1", ["B", "B"], "answers.B1.1", "duplicate_option", '题目 B1.1 的选项 "B" 重复出现。'),
        ("answers/B4.2", ["A", "B"], "answers.B4.2", "exclusive_option", '题目 B4.2 的选项 "A"（无）不能与其他选项同时选择。'),
        ("answers/B4.2", [], "answers.B4.2", "empty_answer", '题目 B4.2 没有选择任何选项；都不符合时请选 "A"（无）。'),
        ("answers/B1.2", [], "answers.B1.2", "empty_answer", "题目 B1.2 没有选择任何选项。"),
        ("answers/E3.2", DELETE, "answers.E3.2", "missing_answer", "缺少题目 E3.2（价值效益）的答案。"),
        ("answers/B1.2", 4, "answers.B1.2", "invalid_type", '题目 B1.2 是单选题，答案应为一个选项字母（如 "B"），实际是整数。'),
        ("answers/B1.1", {"B": True}, "answers.B1.1", "invalid_type", '题目 B1.1 是多选题，答案应为选项字母列表（如 ["B", "C"]），实际是对象。'),
        ("answers/B1.1", ["B", 3], "answers.B1.1", "invalid_type", "题目 B1.1 的选项应为字母字符串，实际是整数 3。"),
        ("answers/B1.2", None, "answers.B1.2", "invalid_type", '题目 B1.2 是单选题，答案应为一个选项字母（如 "B"），实际是空值 null。'),
        ("scenes/元宇宙", 2, "scenes.元宇宙", "unknown_scene", '没有场景 "元宇宙"。可选：' + "、".join(SCENE_NAMES) + "。"),
        ("scenes/生产管控", 5, "scenes.生产管控", "invalid_scene_level", "场景「生产管控」的等级应为 0 到 4 的整数，实际是整数 5。"),
        ("scenes/生产管控", -1, "scenes.生产管控", "invalid_scene_level", "场景「生产管控」的等级应为 0 到 4 的整数，实际是整数 -1。"),
        ("scenes/生产管控", True, "scenes.生产管控", "invalid_scene_level", "场景「生产管控」的等级应为 0 到 4 的整数，实际是布尔值 true。"),
        ("scenes/生产管控", 2.0, "scenes.生产管控", "invalid_scene_level", "场景「生产管控」的等级应为 0 到 4 的整数，实际是小数 2.0。"),
        ("scenes/生产管控", "2", "scenes.生产管控", "invalid_scene_level", '场景「生产管控」的等级应为 0 到 4 的整数，实际是字符串 "2"。'),
        ("scenes/生产管控", DELETE, "scenes.生产管控", "missing_scene", "缺少场景「生产管控」的等级；未达到一级请填 0。"),
    ],
)  # fmt: skip
def test_each_problem_is_reported_with_its_field_code_and_chinese_message(
    path, value, field, code, message
):
    assert errors_of(_set(path, value)) == [{"field": field, "code": code, "message": message}]


def test_a_sheet_that_is_not_an_object_is_refused():
    assert errors_of(["edition", "2024"]) == [
        {"field": "", "code": "invalid_type", "message": "答题表应为 JSON 对象，实际是数组。"}
    ]


def test_every_problem_comes_back_at_once():
    data = valid_sheet()
    data["extra"] = 1
    data["industry"] = 1
    data["answers"]["B1.2"] = "Z"
    data["answers"]["B1.1"] = ["A", "B", "B"]
    data["answers"]["Q1"] = "A"
    del data["answers"]["E3.2"]
    data["scenes"]["产品设计"] = True
    data["scenes"]["元宇宙"] = 1
    del data["scenes"]["决策支持"]
    assert codes_of(data) == [
        ("extra", "unknown_field"),
        ("industry", "invalid_type"),
        ("answers.B1.1", "duplicate_option"),
        ("answers.B1.1", "exclusive_option"),
        ("answers.B1.2", "unknown_option"),
        ("answers.Q1", "unknown_question"),
        ("answers.E3.2", "missing_answer"),
        ("scenes.产品设计", "invalid_scene_level"),
        ("scenes.元宇宙", "unknown_scene"),
        ("scenes.决策支持", "missing_scene"),
    ]


def test_an_unknown_edition_still_reports_the_shape_problems():
    data = valid_sheet()
    data["edition"] = "2099"
    data["scenes"] = []
    assert codes_of(data) == [("edition", "unknown_edition"), ("scenes", "invalid_type")]


def test_an_empty_object_lists_the_three_missing_fields():
    assert codes_of({}) == [
        ("edition", "missing_field"),
        ("answers", "missing_field"),
        ("scenes", "missing_field"),
    ]


def test_every_question_and_every_scene_is_required():
    data = valid_sheet()
    data["answers"] = {}
    data["scenes"] = {}
    codes = codes_of(data)
    assert len([c for c in codes if c[1] == "missing_answer"]) == 15
    assert len([c for c in codes if c[1] == "missing_scene"]) == 16


class TestJsonText:
    def test_a_valid_text_scores(self):
        text = json.dumps(valid_sheet(), ensure_ascii=False)
        assert score_json(text).total == score_sheet(valid_sheet()).total

    @pytest.mark.parametrize("encode", [False, True])
    def test_bytes_and_ascii_escapes_are_accepted(self, encode):
        text = json.dumps(valid_sheet())  # \\u escapes
        assert (
            score_json(text.encode() if encode else text).level == score_sheet(valid_sheet()).level
        )

    def test_whitespace_around_the_sheet_is_fine(self):
        text = "\n  " + json.dumps(valid_sheet(), ensure_ascii=False, indent=2) + "\n"
        assert score_json(text).total == score_sheet(valid_sheet()).total

    def test_invalid_json_is_one_error(self):
        with pytest.raises(SheetError) as caught:
            score_json('{"edition": "2024",')
        assert caught.value.to_list() == [
            {
                "field": "",
                "code": "invalid_json",
                "message": "答题表不是有效的 JSON：第 1 行第 20 列附近有错误。",
            }
        ]

    def test_invalid_utf8_is_one_error(self):
        with pytest.raises(SheetError) as caught:
            score_json(b'{"edition": "\xff"}')
        assert [e["code"] for e in caught.value.to_list()] == ["invalid_json"]

    def test_a_key_repeated_in_the_text_is_not_silently_dropped(self):
        text = json.dumps(valid_sheet(), ensure_ascii=False)
        text = text.replace('"B1.2": "D"', '"B1.2": "D", "B1.2": "E"')
        text = text.replace('"产品设计": 2', '"产品设计": 2, "产品设计": 4')
        with pytest.raises(SheetError) as caught:
            score_json(text)
        assert caught.value.to_list() == [
            {
                "field": "answers.B1.2",
                "code": "duplicate_key",
                "message": '字段 "answers" 中的 "B1.2" 出现了多次。',
            },
            {
                "field": "scenes.产品设计",
                "code": "duplicate_key",
                "message": '字段 "scenes" 中的 "产品设计" 出现了多次。',
            },
        ]

    def test_a_colon_inside_a_string_does_not_trip_the_repeated_key_check(self):
        data = valid_sheet()
        data["industry"] = "chain:nev"
        assert score_json(json.dumps(data)).industry == "chain:nev"

    def test_a_repeated_key_with_odd_spacing_is_still_found(self):
        text = json.dumps(valid_sheet(), ensure_ascii=False)
        text = text.replace('"edition": "2024"', '"edition" : "2024", "edition":"2024"')
        with pytest.raises(SheetError) as caught:
            score_json(text)
        assert [(e["field"], e["code"]) for e in caught.value.to_list()] == [
            ("edition", "duplicate_key")
        ]
