"""Cell parsers: plain functions, no database."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dxpilot.exchange.cells import (
    CellError,
    is_formula,
    normal_header,
    parse_amount,
    parse_boolean,
    parse_code,
    parse_contact,
    parse_date,
    parse_integer,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(5600, "5600.00"), (5600.5, "5600.50"), ("1,234.567", "1234.57"), ("５６００", "5600.00"),
     ("500万元", "500.00"), (" 12 ", "12.00")],
)  # fmt: skip
def test_amounts_accept_numbers_and_numeric_text(raw: object, expected: str) -> None:
    assert str(parse_amount(raw, "营业收入（万元）")) == expected


@pytest.mark.parametrize("raw", ["五百万", "约500", "N/A", "#VALUE!", True, "1e5x"])
def test_amounts_refuse_words(raw: object) -> None:
    with pytest.raises(CellError, match="应为数字"):
        parse_amount(raw, "营业收入（万元）")


def test_amounts_refuse_what_the_column_cannot_hold() -> None:
    with pytest.raises(CellError, match="超出合理范围"):
        parse_amount(1e12, "营业收入（万元）")


@pytest.mark.parametrize(
    ("raw", "expected"), [(120, 120), (120.0, 120), ("120人", 120), ("1,200", 1200)]
)
def test_integers(raw: object, expected: int) -> None:
    assert parse_integer(raw, "从业人员（人）") == expected


@pytest.mark.parametrize("raw", [12.5, "十二", "12.5人", False])
def test_integers_refuse_fractions_and_words(raw: object) -> None:
    with pytest.raises(CellError, match="应为整数"):
        parse_integer(raw, "从业人员（人）")


@pytest.mark.parametrize(
    "raw",
    [
        datetime(2020, 1, 5),  # noqa: DTZ001 - openpyxl reads naive datetimes
        date(2020, 1, 5),
        "2020-01-05",
        "2020/1/5",
        "2020.1.5",
        "2020年1月5日",
        "20200105",
        20200105,
    ],
)
def test_dates_in_the_formats_we_accept(raw: object) -> None:
    assert parse_date(raw, "成立日期") == date(2020, 1, 5)


@pytest.mark.parametrize("raw", ["05/01/2020", "2020-13-01", "Jan 5 2020", 43835, "2020-02-30"])
def test_odd_dates_are_refused_not_guessed(raw: object) -> None:
    with pytest.raises(CellError, match="成立日期"):
        parse_date(raw, "成立日期")


def test_future_dates_are_refused() -> None:
    with pytest.raises(CellError, match="晚于今天"):
        parse_date("2030-01-01", "成立日期", today=date(2025, 1, 1))


@pytest.mark.parametrize(
    ("raw", "expected"), [("是", True), ("否", False), ("Y", True), ("规下", False), (True, True)]
)
def test_booleans(raw: object, expected: bool) -> None:
    assert parse_boolean(raw, "规上") is expected


def test_codes_are_folded_to_half_width_upper_case() -> None:
    assert parse_code(" ９１３４０１０４ma2teq00１x ", "统一社会信用代码") == "91340104MA2TEQ001X"
    assert parse_code(3670.0, "行业代码") == "3670"


def test_masked_contacts_are_refused() -> None:
    with pytest.raises(CellError, match="脱敏"):
        parse_contact("王*", "联系人")


def test_formulas_are_recognised() -> None:
    assert is_formula("=SUM(A1:A2)")
    assert not is_formula("SUM")
    assert not is_formula(5)


def test_headers_match_loosely() -> None:
    assert normal_header(" *营业收入(万元) ") == normal_header("营业收入（万元）")
