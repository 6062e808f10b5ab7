"""Hand-computed subsidies under the Hefei rule (programs/hefei.yaml)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dxpilot.core.phrases import render, render_all
from dxpilot.funding.subsidy_rule import Line, SubsidyRefusedError, compute_subsidy
from dxpilot.programs.spec import parse_program_text
from dxpilot.testing import HEFEI

RULE = parse_program_text(HEFEI.read_text(encoding="utf-8"))["subsidy"]


def lines(*items: tuple[str, str]) -> list[Line]:
    """Invoiced and paid in full."""
    return [
        Line(category, category, Decimal(amount), paid=Decimal(amount))
        for category, amount in items
    ]


def test_2024_level_two_pays_half_of_eligible_investment_below_the_cap() -> None:
    # 软件 300,000 + 云服务 100,000 eligible; 咨询 50,000 excluded. 50% × 400,000 = 200,000 < 300,000.
    result = compute_subsidy(
        RULE,
        level=2,
        completion_year=2024,
        lines=lines(("software", "300000"), ("cloud", "100000"), ("consulting", "50000")),
    )
    assert result.eligible_investment == Decimal("400000")
    assert result.excluded_investment == Decimal("50000")
    assert result.amount == Decimal("200000.00")
    assert any("不计入" in line for line in render_all(result.explanation))


def test_2025_uses_forty_percent() -> None:
    # 40% × 500,000 = 200,000 (< 300,000 cap).
    result = compute_subsidy(
        RULE, level=2, completion_year=2025, lines=lines(("data_devices", "500000"))
    )
    assert result.amount == Decimal("200000.00")


@pytest.mark.parametrize(
    ("level", "cap"),
    [(2, Decimal("300000")), (3, Decimal("400000")), (4, Decimal("500000"))],
)
def test_the_cap_follows_the_level(level: int, cap: Decimal) -> None:
    # 50% × 2,000,000 = 1,000,000, capped at 30/40/50万元.
    result = compute_subsidy(
        RULE, level=level, completion_year=2024, lines=lines(("software", "2000000"))
    )
    assert result.amount == cap
    assert "封顶" in render(result.explanation[-1])


def test_exactly_at_the_cap_is_not_reported_as_capped() -> None:
    result = compute_subsidy(
        RULE, level=2, completion_year=2024, lines=lines(("software", "600000"))
    )
    assert result.amount == Decimal("300000.00")
    assert "封顶" not in render(result.explanation[-1])


def test_level_one_is_refused() -> None:
    with pytest.raises(SubsidyRefusedError) as exc:
        compute_subsidy(RULE, level=1, completion_year=2024, lines=lines(("software", "100000")))
    assert "低于" in exc.value.reasons[0]


def test_a_year_outside_the_rule_is_refused() -> None:
    with pytest.raises(SubsidyRefusedError) as exc:
        compute_subsidy(RULE, level=3, completion_year=2026, lines=lines(("software", "100000")))
    assert "2026" in exc.value.reasons[0]


def test_cents_round_half_up() -> None:
    # 40% × 1,234.57 = 493.828 → 493.83
    result = compute_subsidy(RULE, level=2, completion_year=2025, lines=lines(("cloud", "1234.57")))
    assert result.amount == Decimal("493.83")


def test_only_what_was_paid_counts_and_the_explanation_names_the_rest() -> None:
    """Plan §三.4 按实际投入: 软件 300,000 paid in full; 云服务 invoiced 100,000, 60,000 paid; 网关
    invoiced 80,000, nothing paid. Eligible 300,000 + 60,000 = 360,000; 50% = 180,000."""
    result = compute_subsidy(
        RULE,
        level=2,
        completion_year=2024,
        lines=[
            Line("software", "MES", Decimal("300000"), paid=Decimal("300000")),
            Line("cloud", "云 ERP", Decimal("100000"), paid=Decimal("60000")),
            Line("data_devices", "网关", Decimal("80000")),
        ],
    )
    assert result.eligible_investment == Decimal("360000")
    assert result.excluded_investment == Decimal("120000")
    assert result.amount == Decimal("180000.00")
    words = render_all(result.explanation)
    assert (
        words[1]
        == "部分计入：云 ERP（云服务）已付 60,000.00 元计入，发票 100,000.00 元中未付部分不计入"
    )
    assert words[2] == "不计入：网关（网关、路由等数据采集传输设备，尚未付款）80,000.00 元"


def test_a_payment_above_the_invoice_counts_the_invoice() -> None:
    result = compute_subsidy(
        RULE,
        level=2,
        completion_year=2024,
        lines=[Line("software", "MES", Decimal("100000"), paid=Decimal("120000"))],
    )
    assert result.eligible_investment == Decimal("100000")
