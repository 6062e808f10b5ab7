"""Reporting periods: months and quarters, and the periods a circular may not report on."""

from __future__ import annotations

from datetime import date

import pytest

from dxpilot.reporting.periods import PeriodError, check_period, ended_periods, parse_period

START, END = date(2024, 1, 1), date(2025, 12, 31)


@pytest.mark.parametrize(
    ("text", "key", "starts", "ends"),
    [
        ("2025-06", "2025-06", date(2025, 6, 1), date(2025, 6, 30)),
        ("2024-2", "2024-02", date(2024, 2, 1), date(2024, 2, 29)),  # leap year
        ("2025-Q2", "2025-Q2", date(2025, 4, 1), date(2025, 6, 30)),
        (" 2025-q4 ", "2025-Q4", date(2025, 10, 1), date(2025, 12, 31)),
    ],
)
def test_months_and_quarters_parse_to_their_days(
    text: str, key: str, starts: date, ends: date
) -> None:
    period = parse_period(text)
    assert (period.key, period.starts_on, period.ends_on) == (key, starts, ends)


def test_labels_are_chinese_dates() -> None:
    assert parse_period("2025-06").label == "2025年6月"
    assert parse_period("2025-Q2").label == "2025年第二季度"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-13", "“2025-13”不是有效的月份：月份应为 01 到 12。"),
        ("2025-00", "“2025-00”不是有效的月份：月份应为 01 到 12。"),
        ("2025-Q5", "“2025-Q5”不是有效的季度：季度应为 Q1 到 Q4。"),
        ("2025-Q0", "“2025-Q0”不是有效的季度：季度应为 Q1 到 Q4。"),
        ("Q2-2025", "“Q2-2025”不是有效的通报期间，应写作 2025-06（月度）或 2025-Q2（季度）。"),
        ("", "请填写通报期间，例如 2025-06（月度）或 2025-Q2（季度）。"),
    ],
)
def test_a_period_that_does_not_exist_is_refused(text: str, message: str) -> None:
    with pytest.raises(PeriodError) as exc:
        parse_period(text)
    assert str(exc.value) == message


def test_a_period_not_yet_ended_is_refused() -> None:
    with pytest.raises(PeriodError) as exc:
        check_period(parse_period("2025-Q2"), starts_on=START, ends_on=END, today=date(2025, 6, 30))
    assert str(exc.value) == "2025年第二季度尚未结束（截至 2025-06-30），结束后才能生成通报。"
    # The day after its last day it may be reported on.
    check_period(parse_period("2025-Q2"), starts_on=START, ends_on=END, today=date(2025, 7, 1))


def test_a_period_outside_the_programme_is_refused() -> None:
    with pytest.raises(PeriodError) as exc:
        check_period(parse_period("2023-12"), starts_on=START, ends_on=END, today=date(2025, 7, 1))
    assert str(exc.value) == "2023年12月不在试点期（2024-01-01 至 2025-12-31）内，无法通报。"


def test_ended_periods_are_listed_newest_first() -> None:
    periods = [p.key for p in ended_periods(starts_on=START, ends_on=END, today=date(2024, 4, 2))]
    assert periods == ["2024-Q1", "2024-03", "2024-02", "2024-01"]
