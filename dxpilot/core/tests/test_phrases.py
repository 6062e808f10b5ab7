"""Stored sentences: figures in, words out in the reader's language, old words read back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from dxpilot.core import phrases
from dxpilot.core.phrases import MONEY, read_back, render

# Registered once for these tests (the registry is process-wide).
SAMPLE = phrases.define(
    "test.sample", "登记投入：{description}（{category}），{amount} 元。", amount=MONEY
)


def test_say_stores_figures_and_render_says_them() -> None:
    stored = SAMPLE.say(description="MES", category="软件", amount=Decimal("1234567.8"))
    assert stored == {
        "code": "test.sample",
        "params": {"description": "MES", "category": "软件", "amount": "1234567.80"},
    }
    assert render(stored) == "登记投入：MES（软件），1,234,567.80 元。"


def test_a_missing_figure_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="amount"):
        SAMPLE.say(description="MES", category="软件")


def test_redefining_a_code_with_other_words_is_refused() -> None:
    with pytest.raises(ValueError, match=r"test\.sample"):
        phrases.define("test.sample", "别的说法 {amount}")


def test_legacy_and_broken_records_never_fail() -> None:
    assert render("旧的说明。") == "旧的说明。"
    assert render({"legacy": "旧的说明。"}) == "旧的说明。"
    assert render({"code": "no.such.code", "legacy": "原文"}) == "原文"
    assert render({"code": "test.sample", "params": {}}) == ""
    assert render(None) == ""


def test_read_back_turns_words_into_figures() -> None:
    text = "登记投入：MES（软件），1,234,567.80 元。"
    assert read_back(text, ["test.sample"]) == {
        "code": "test.sample",
        "params": {"description": "MES", "category": "软件", "amount": "1234567.80"},
    }
    assert read_back("别的句子。", ["test.sample"]) is None


def test_read_back_asks_the_caller_when_the_words_split_two_ways() -> None:
    text = "登记投入：云 ERP 订阅（一年）（云服务），120,000.00 元。"
    first = read_back(text, ["test.sample"])
    assert first is not None and first["params"]["description"] == "云 ERP 订阅"
    known = read_back(text, ["test.sample"], lambda code, p: p["category"] in {"云服务"})
    assert known is not None
    assert known["params"]["description"] == "云 ERP 订阅（一年）"
    assert render(known) == text


def test_the_words_follow_the_active_language() -> None:
    from dxpilot.funding.phrases import SUBSIDY_APPROVED

    stored = SUBSIDY_APPROVED.say(amount=Decimal("200000"))
    assert render(stored) == "核定奖补 200,000.00 元，待财政拨付。"
    with translation.override("en"):
        english = render(stored)
    assert "200,000.00" in english and not any("\u4e00" <= ch <= "\u9fff" for ch in english)
