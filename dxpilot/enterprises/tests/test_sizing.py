"""Size class per 《中小企业划型标准规定》(工信部联企业〔2011〕300号), industrial enterprises.

大型: ≥1000 people AND ≥40000万元; 中型: ≥300 AND ≥2000万元; 小型: ≥20 AND ≥300万元; else 微型.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from dxpilot.enterprises.sizing import LARGE, MEDIUM, MICRO, SMALL, SizeRule, size_class


@pytest.mark.parametrize(
    ("employees", "revenue", "expected"),
    [
        (19, "5000", MICRO),  # fewer than 20 people is micro whatever the revenue
        (20, "300", SMALL),
        (20, "299.99", MICRO),  # below 300万元 is micro whatever the headcount
        (299, "2000", SMALL),
        (300, "2000", MEDIUM),
        (300, "1999.99", SMALL),
        (999, "40000", MEDIUM),  # large needs both thresholds
        (1000, "39999.99", MEDIUM),
        (1000, "40000", LARGE),
        (5000, "100", MICRO),
        (0, "0", MICRO),
    ],
)
def test_size_class_boundaries(employees: int, revenue: str, expected: str) -> None:
    assert size_class(employees, Decimal(revenue)) == expected


def test_another_sectors_thresholds_can_be_passed_in() -> None:
    retail = SizeRule(
        sme_max_employees=300,
        sme_max_revenue=Decimal(20000),
        medium_min_employees=50,
        medium_min_revenue=Decimal(500),
        small_min_employees=10,
        small_min_revenue=Decimal(100),
    )
    assert size_class(50, Decimal(500), retail) == MEDIUM
    assert size_class(50, Decimal(500)) == SMALL
