"""The shared validation layer alone (dxpilot.core.validation)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dxpilot.core.validation import Rule, check, fold_code, normalise_text

NAME = Rule("企业名称", max_length=5, required=True)


def test_text_is_nfc_trimmed_and_loses_invisible_characters() -> None:
    assert normalise_text(" 合\u200b肥\u202e（集团） ") == "合肥（集团）"  # full-width kept
    assert normalise_text("a\tb\nc", multiline=True) == "a b\nc"


def test_codes_are_folded_with_nfkc() -> None:
    assert fold_code(" ９１３４\u200b ab ") == "9134AB"


def test_required_text_distinguishes_blank_from_invisible() -> None:
    assert check(NAME, "   ") == ("", ["“企业名称”不能为空。"])
    assert check(NAME, "\u200b") == ("", ["“企业名称”只含有不可见字符，请填写内容。"])
    assert check(NAME, "\u200b", today=None)[1] != []


def test_length_counts_after_normalising() -> None:
    assert check(NAME, "一二三四五\u200b") == ("一二三四五", [])
    assert check(NAME, "一二三四五六")[1] == ["“企业名称”最多 5 个字符，当前 6 个字符。"]


def test_numbers_are_finite_in_range_and_rounded() -> None:
    amount = Rule("营业收入", kind="decimal", minimum=Decimal(0), maximum=Decimal("99.99"),
                  decimal_places=2)  # fmt: skip
    assert check(amount, Decimal("1.005")) == (Decimal("1.01"), [])
    assert check(amount, "NaN")[1] == ["“营业收入”应为有限的数字。"]
    assert check(amount, Decimal("100"))[1] == ["“营业收入”的值超出合理范围（不超过 99.99）。"]
    assert check(amount, True)[1] == ["“营业收入”应为数字。"]


def test_dates_that_cannot_be_in_the_future() -> None:
    founded = Rule("成立日期", kind="past_date")
    assert check(founded, date(2020, 1, 1), today=date(2024, 1, 1)) == (date(2020, 1, 1), [])
    assert check(founded, date(2025, 1, 1), today=date(2024, 1, 1))[1] == [
        "“成立日期”的日期 2025-01-01 晚于今天。"
    ]
