"""Document numbers and applicability: pure rules, no database."""

from __future__ import annotations

from datetime import date

import pytest

from dxpilot.policies.rules import Applicant, Conditions, applies, normalise_number, parse_number


@pytest.mark.parametrize(
    "typed",
    ["合政办〔2024〕12号", "合政办[2024]12号", "合政办（2024）12号", "合政办【２０２４】12号",
     " 合政办 ［2024］ 12号 ", "合政办(2024)12号"],
)  # fmt: skip
def test_bracket_variants_are_read_as_the_standard_form(typed: str) -> None:
    number, problems = parse_number(typed, issued_on=date(2024, 5, 28))
    assert (number, problems) == ("合政办〔2024〕12号", [])


@pytest.mark.parametrize("number", ["财建〔2023〕117号", "工信部联企业〔2011〕300号"])
def test_real_numbers_are_accepted(number: str) -> None:
    year = int(number.split("〔")[1][:4])
    assert parse_number(number, issued_on=date(year, 6, 1)) == (number, [])


@pytest.mark.parametrize(
    "number", ["合政办2024年12号", "合政办〔24〕12号", "合政办〔2024〕012号", "〔2024〕12号",
               "合政办〔2024〕12", "合政办〔2024〕第12号"],
)  # fmt: skip
def test_a_malformed_number_is_refused_with_the_expected_shape(number: str) -> None:
    _value, problems = parse_number(number, issued_on=date(2024, 5, 28))
    assert len(problems) == 1
    assert "格式不正确" in problems[0] and "合政办〔2024〕12号" in problems[0]


def test_the_year_of_the_number_must_be_the_year_of_issue() -> None:
    _value, problems = parse_number("合政办〔2023〕12号", issued_on=date(2024, 5, 28))
    assert problems == ["文号“合政办〔2023〕12号”的年份 2023 与发文日期 2024-05-28 的年份不一致。"]


def test_an_empty_number_is_allowed_here_and_judged_by_the_service() -> None:
    assert parse_number("  ", issued_on=None) == ("", [])
    assert normalise_number("合政办\u200b〔2024〕12号") == "合政办〔2024〕12号"


APPLICANT = Applicant(
    division_ids=frozenset({1, 9}), segment_id=3, size_class="small", srdi_tier="srdi",
    above_scale=False, is_pilot=True,
)  # fmt: skip
NONE = Conditions(frozenset(), frozenset(), frozenset(), frozenset(), "any", False)


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        (NONE, True),
        (NONE.__class__(frozenset({9}), frozenset(), frozenset(), frozenset(), "any", False), True),
        (NONE.__class__(frozenset({2}), frozenset(), frozenset(), frozenset(), "any", False), False),
        (NONE.__class__(frozenset(), frozenset({3}), frozenset(), frozenset(), "any", False), True),
        (NONE.__class__(frozenset(), frozenset({4}), frozenset(), frozenset(), "any", False), False),
        (NONE.__class__(frozenset(), frozenset(), frozenset({"micro"}), frozenset(), "any", False), False),
        (NONE.__class__(frozenset(), frozenset(), frozenset(), frozenset({"srdi"}), "any", False), True),
        (NONE.__class__(frozenset(), frozenset(), frozenset(), frozenset(), "above", False), False),
        (NONE.__class__(frozenset(), frozenset(), frozenset(), frozenset(), "below", True), True),
    ],
)  # fmt: skip
def test_every_condition_must_hold(conditions: Conditions, expected: bool) -> None:
    assert applies(conditions, APPLICANT) is expected


def test_pilot_only_excludes_a_non_pilot() -> None:
    other = Applicant(frozenset({1}), None, "small", "none", True, False)
    assert (
        applies(Conditions(frozenset(), frozenset(), frozenset(), frozenset(), "any", True), other)
        is False
    )
