"""The eligibility rules alone: every criterion both ways, with its Chinese explanation."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from dxpilot.enterprises.eligibility import (
    INFO,
    MET,
    NOT_MET,
    REVIEW,
    Facts,
    evaluate,
    region_prefix,
)

PILOT = {
    "367": "汽车零部件及配件制造",
    "382": "输配电及控制设备制造",
    "3973": "集成电路制造（示例小类）",
}
BASE = Facts(
    city="合肥市",
    region_code="340100",
    credit_code="91340104MA2TEQ001N",
    division_name="蜀山区",
    division_in_program=True,
    industry_code="3670",
    industry_name="汽车零部件及配件制造",
    pilot_industries=PILOT,
    segment_name="汽车零部件及配件制造",
    segment_is_chain=False,
    size_class="small",
    employees=120,
    revenue=Decimal("5600.00"),
    above_scale=True,
    little_giant=False,
    is_pilot=False,
    previously_funded=False,
)


def criterion(facts: Facts, key: str) -> tuple[str, str]:
    found = next(c for c in evaluate(facts).criteria if c.key == key)
    return found.status, found.explanation


class TestIndustry:
    def test_a_code_in_a_pilot_industry_group_is_met(self) -> None:
        assert criterion(BASE, "industry") == (
            MET, "行业代码 3670（汽车零部件及配件制造）属于试点行业“汽车零部件及配件制造”。"
        )  # fmt: skip

    def test_a_listed_four_digit_class_is_met(self) -> None:
        facts = replace(BASE, industry_code="3973", industry_name="集成电路制造", segment_name="")
        assert criterion(facts, "industry")[0] == MET

    def test_a_key_chain_enterprise_is_met_whatever_its_code(self) -> None:
        facts = replace(
            BASE,
            industry_code="2929",
            industry_name="其他塑料制品制造",
            segment_name="新能源汽车和智能网联汽车",
            segment_is_chain=True,
        )
        assert criterion(facts, "industry") == (
            MET, "企业属于重点产业链“新能源汽车和智能网联汽车”，按产业链企业名录认定，不以行业代码判断。"
        )  # fmt: skip

    def test_a_pilot_segment_that_its_code_does_not_match_needs_review(self) -> None:
        facts = replace(BASE, industry_code="2929", industry_name="其他塑料制品制造")
        status, text = criterion(facts, "industry")
        assert status == REVIEW
        assert (
            text
            == "企业登记的细分行业为“汽车零部件及配件制造”，但行业代码 2929（其他塑料制品制造）不在该行业的代码范围内，请核实行业代码。"
        )

    def test_a_code_outside_every_pilot_industry_and_no_chain_is_not_met(self) -> None:
        facts = replace(
            BASE, industry_code="2929", industry_name="其他塑料制品制造", segment_name=""
        )
        assert criterion(facts, "industry") == (
            NOT_MET, "行业代码 2929（其他塑料制品制造）不在试点行业范围（367、382、397）内，企业也未列入重点产业链。"
        )  # fmt: skip


class TestSize:
    @pytest.mark.parametrize(
        ("size", "label"), [("medium", "中型"), ("small", "小型"), ("micro", "微型")]
    )
    def test_medium_small_and_micro_are_smes(self, size: str, label: str) -> None:
        status, text = criterion(replace(BASE, size_class=size), "size")
        assert status == MET
        assert (
            text
            == f"从业人员 120 人、营业收入 5,600.00 万元，按《中小企业划型标准规定》（工信部联企业〔2011〕300号）工业标准属于{label}企业。"
        )

    def test_a_large_enterprise_is_not_an_sme(self) -> None:
        facts = replace(BASE, size_class="large", employees=1200, revenue=Decimal("52000"))
        assert criterion(facts, "size") == (
            NOT_MET,
            "从业人员 1200 人、营业收入 52,000.00 万元，按《中小企业划型标准规定》（工信部联企业〔2011〕300号）工业标准属于大型企业，不属于中小企业。",
        )


class TestLocation:
    def test_a_city_division_and_a_city_credit_code_is_met(self) -> None:
        assert criterion(BASE, "location") == (
            MET, "企业注册在合肥市蜀山区，统一社会信用代码第3-8位为 340104，属合肥市（3401）。"
        )  # fmt: skip

    def test_a_division_outside_the_programme_is_not_met(self) -> None:
        facts = replace(BASE, division_in_program=False, division_name="芜湖市镜湖区")
        assert criterion(facts, "location") == (
            NOT_MET,
            "企业所属行政区划“芜湖市镜湖区”不在合肥市试点范围内。",
        )

    def test_a_credit_code_from_another_city_needs_review_and_says_why(self) -> None:
        facts = replace(BASE, credit_code="91340202MA2TEQ001N")
        status, text = criterion(facts, "location")
        assert status == REVIEW
        assert text == (
            "企业登记在合肥市蜀山区，但统一社会信用代码第3-8位为 340202，不是合肥市（3401）的登记管理机关代码。"
            "企业可能在外地注册后迁入，请核实在本市注册和纳税的情况。"
        )

    def test_without_a_region_code_only_the_division_counts(self) -> None:
        assert criterion(replace(BASE, region_code=""), "location")[0] == MET


class TestNotFunded:
    def test_a_declared_clean_record_is_met(self) -> None:
        assert criterion(BASE, "not_funded")[0] == MET

    def test_declared_central_funding_is_not_met_and_quotes_the_note(self) -> None:
        facts = replace(BASE, previously_funded=True, funding_note="2022年试点企业")
        status, text = criterion(facts, "not_funded")
        assert status == NOT_MET
        assert text.startswith("企业声明曾获中央财政资金支持（2022年试点企业）。")

    def test_an_enterprise_already_admitted_is_not_met(self) -> None:
        assert criterion(replace(BASE, is_pilot=True), "not_funded") == (
            NOT_MET, "企业已是本市试点企业（已入库），不能重复申报。"
        )  # fmt: skip

    def test_an_undeclared_history_needs_review(self) -> None:
        assert criterion(replace(BASE, previously_funded=None), "not_funded")[0] == REVIEW

    def test_a_little_giant_needs_review_even_when_it_declares_no_funding(self) -> None:
        status, text = criterion(replace(BASE, little_giant=True), "not_funded")
        assert status == REVIEW
        assert "小巨人" in text


class TestAboveScale:
    def test_above_scale_is_shown_not_judged(self) -> None:
        assert criterion(BASE, "above_scale") == (
            INFO,
            "企业为规模以上工业企业（纳入统计联网直报），可优先支持。",
        )
        assert criterion(replace(BASE, above_scale=False), "above_scale")[0] == INFO


class TestVerdict:
    def test_all_met_is_eligible(self) -> None:
        result = evaluate(BASE)
        assert (result.verdict, result.summary, result.failed) == (MET, "符合申报条件。", [])

    def test_one_review_item_asks_for_a_check(self) -> None:
        result = evaluate(replace(BASE, previously_funded=None))
        assert (result.verdict, result.summary) == (
            REVIEW,
            "基本符合申报条件，有 1 项需在审核时核实。",
        )

    def test_failures_win_and_are_counted(self) -> None:
        result = evaluate(
            replace(
                BASE, size_class="large", previously_funded=True, credit_code="91320100MA2TEQ001N"
            )
        )
        assert result.verdict == NOT_MET
        assert result.summary == "不符合申报条件：2 项条件不满足。"
        assert [c.key for c in result.failed] == ["size", "not_funded"]

    def test_the_stored_form_keeps_every_criterion(self) -> None:
        stored = evaluate(BASE).to_dict()
        assert [c["key"] for c in stored["criteria"]] == [
            "industry",
            "size",
            "location",
            "not_funded",
            "above_scale",
        ]
        assert stored["verdict"] == MET


@pytest.mark.parametrize(
    ("code", "prefix"), [("340100", "3401"), ("340000", "34"), ("340104", "340104"), ("", "")]
)
def test_region_prefix_drops_trailing_zero_pairs(code: str, prefix: str) -> None:
    assert region_prefix(code) == prefix
