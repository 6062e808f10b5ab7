"""Banks, products and referrals reached through the services (never raw rows)."""

from __future__ import annotations

from decimal import Decimal
from itertools import count
from typing import Any

from dxpilot.accounts.models import User
from dxpilot.finance import services
from dxpilot.finance.models import Bank, FinanceProduct, Referral
from dxpilot.testing import World

_serial = count(1)


def make_bank(world: World, name: str = "") -> Bank:
    return services.register_bank(
        world.program, name or f"测试银行合肥分行{next(_serial)}", actor=world.city_admin
    )


def bank_token(world: World, bank: Bank) -> str:
    _token, secret = services.issue_bank_token(bank.pk, actor=world.city_admin)
    return secret


def bank_client(bank: Bank) -> User:
    bank.refresh_from_db()
    assert bank.client is not None
    return bank.client


def product_data(**overrides: Any) -> services.ProductData:
    values: dict[str, Any] = {
        "name": f"数改贷{next(_serial)}号",
        "amount_min": Decimal("50"),
        "amount_max": Decimal("1000"),
        "rate_min": Decimal("2.80"),
        "rate_max": Decimal("3.60"),
        "term_months": 36,
        "conditions": "合肥市数字化转型试点企业，已完成诊断评测。",
    }
    values.update(overrides)
    return services.ProductData(**values)


def make_product(world: World, bank: Bank, **overrides: Any) -> FinanceProduct:
    return services.register_product(bank.pk, product_data(**overrides), actor=world.city_admin)


def refer(
    world: World, product: FinanceProduct, fields: tuple[str, ...] = ("identity", "revenue")
) -> Referral:
    return services.request_referral(
        world.enterprise_a.pk, product.pk, fields=fields, consent=True, actor=world.enterprise_user
    )
