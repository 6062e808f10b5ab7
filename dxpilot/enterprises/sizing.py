"""Enterprise size class per 《中小企业划型标准规定》(工信部联企业〔2011〕300号), industrial rule.

The thresholds are data (`SizeRule`) so another sector's table can be passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class SizeRule:
    """Thresholds in persons and 万元 (revenue)."""

    sme_max_employees: int = 1000  # 从业人员1000人以下或营业收入40000万元以下的为中小微型企业
    sme_max_revenue: Decimal = Decimal(40000)
    medium_min_employees: int = 300  # 中型: 300人及以上，且营业收入2000万元及以上
    medium_min_revenue: Decimal = Decimal(2000)
    small_min_employees: int = 20  # 小型: 20人及以上，且营业收入300万元及以上
    small_min_revenue: Decimal = Decimal(300)


INDUSTRIAL = SizeRule()

LARGE, MEDIUM, SMALL, MICRO = "large", "medium", "small", "micro"


def size_class(employees: int, revenue_10k: Decimal, rule: SizeRule = INDUSTRIAL) -> str:
    """large / medium / small / micro. 微型 = fewer than 20 people OR revenue below 300万元."""
    if employees >= rule.sme_max_employees and revenue_10k >= rule.sme_max_revenue:
        return LARGE
    if employees >= rule.medium_min_employees and revenue_10k >= rule.medium_min_revenue:
        return MEDIUM
    if employees >= rule.small_min_employees and revenue_10k >= rule.small_min_revenue:
        return SMALL
    return MICRO
