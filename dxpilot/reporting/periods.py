"""Reporting periods: a month (`2025-06`) or a quarter (`2025-Q2`). Pure: no database.

A circular reports on a period that exists, lies inside the programme and has ended: a period
still running (or in the future) has no complete figures to report (合政办〔2024〕12号 §五.1,
定期通报 of progress made).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

MONTH_RE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$")
QUARTER_RE = re.compile(r"^(?P<year>\d{4})-[Qq](?P<quarter>\d)$")
QUARTER_NAMES = ("一", "二", "三", "四")


class PeriodError(ValueError):
    """A period that cannot be reported on; the message says why, in the reader's language."""


@dataclass(frozen=True)
class Period:
    key: str  # canonical: 2025-06 or 2025-Q2
    kind: str  # month | quarter
    year: int
    number: int  # month 1-12 or quarter 1-4
    starts_on: date
    ends_on: date

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("{year}年{month}月").format(year=self.year, month=self.number)
        return _("{year}年第{quarter}季度").format(
            year=self.year, quarter=_(QUARTER_NAMES[self.number - 1])
        )


def _month(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(
        f"{year:04d}-{month:02d}",
        "month",
        year,
        month,
        date(year, month, 1),
        date(year, month, last),
    )


def _quarter(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    last = calendar.monthrange(year, first + 2)[1]
    return Period(
        f"{year:04d}-Q{quarter}",
        "quarter",
        year,
        quarter,
        date(year, first, 1),
        date(year, first + 2, last),
    )


def parse_period(text: object) -> Period:
    """`2025-06` (a month) or `2025-Q2` (a quarter); anything else is refused with the reason."""
    value = str(text or "").strip()
    if not value:
        raise PeriodError(_("请填写通报期间，例如 2025-06（月度）或 2025-Q2（季度）。"))
    if match := QUARTER_RE.match(value):
        year, quarter = int(match["year"]), int(match["quarter"])
        if not 1 <= quarter <= 4:
            raise PeriodError(_("“{value}”不是有效的季度：季度应为 Q1 到 Q4。").format(value=value))
        return _quarter(year, quarter)
    if match := MONTH_RE.match(value):
        year, month = int(match["year"]), int(match["month"])
        if not 1 <= month <= 12:
            raise PeriodError(_("“{value}”不是有效的月份：月份应为 01 到 12。").format(value=value))
        return _month(year, month)
    raise PeriodError(
        _("“{value}”不是有效的通报期间，应写作 2025-06（月度）或 2025-Q2（季度）。").format(
            value=value
        )
    )


def check_period(period: Period, *, starts_on: date, ends_on: date, today: date) -> None:
    """Refuse a period outside the programme (starts_on … ends_on) or not yet ended."""
    if period.ends_on < starts_on or period.starts_on > ends_on:
        raise PeriodError(
            _("{period}不在试点期（{start} 至 {end}）内，无法通报。").format(
                period=period.label, start=starts_on.isoformat(), end=ends_on.isoformat()
            )
        )
    if period.ends_on >= today:
        raise PeriodError(
            _("{period}尚未结束（截至 {end}），结束后才能生成通报。").format(
                period=period.label, end=period.ends_on.isoformat()
            )
        )


def ended_periods(*, starts_on: date, ends_on: date, today: date) -> list[Period]:
    """Every month and quarter of the programme that has ended, newest first (form choices)."""
    periods: list[Period] = []
    for year in range(starts_on.year, ends_on.year + 1):
        for quarter in range(1, 5):
            q = _quarter(year, quarter)
            periods.extend(_month(year, m) for m in range(q.starts_on.month, q.starts_on.month + 3))
            periods.append(q)
    return [
        p
        for p in reversed(periods)
        if p.ends_on >= starts_on and p.starts_on <= ends_on and p.ends_on < today
    ]
