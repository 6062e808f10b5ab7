from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class FinanceProductOut(Schema):
    id: int
    bank_id: int
    bank: str = Field(..., alias="bank.name")
    name: str
    amount_min: Decimal = Field(..., description="最低额度（万元）")
    amount_max: Decimal = Field(..., description="最高额度（万元）")
    rate_min: Decimal = Field(..., description="最低年利率（%）")
    rate_max: Decimal = Field(..., description="最高年利率（%）")
    term_months: int = Field(..., description="最长期限（月）")
    conditions: str
    is_active: bool


class FinanceProductIn(Schema):
    name: str = Field(..., max_length=200)
    amount_min: Decimal = Field(..., description="最低额度（万元）")
    amount_max: Decimal = Field(..., description="最高额度（万元）")
    rate_min: Decimal = Field(..., description="最低年利率（%）")
    rate_max: Decimal = Field(..., description="最高年利率（%）")
    term_months: int = Field(..., description="最长期限（月），1–360")
    conditions: str = Field(..., max_length=4000, description="申请条件")
    is_active: bool = True


class ReferralOut(Schema):
    id: int
    product_id: int
    product: str = Field(..., alias="product.name")
    status: str = Field(..., description="pending / approved / declined")
    fields: list[str] = Field(..., description="企业同意提供的信息项")
    consent_text: str = Field(..., description="企业同意的授权声明原文")
    consented_at: datetime
    enterprise: dict[str, Any] = Field(..., description="仅含企业同意提供的信息")
    approved_amount: Decimal | None = Field(None, description="获批额度（万元）")
    decline_reason: str
    decided_at: datetime | None

    @staticmethod
    def resolve_enterprise(obj: object) -> dict[str, Any]:
        return obj.shared  # type: ignore[attr-defined,no-any-return]


class ReferralPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ReferralOut]


class DecisionIn(Schema):
    decision: str = Field(..., description="approved（获批）/ declined（未获批）")
    amount: Decimal | None = Field(None, description="获批额度（万元），获批时必填")
    reason: str = Field("", max_length=1000, description="未获批原因，未获批时必填")


class ConsentedEnterpriseOut(Schema):
    fields: list[str] = Field(..., description="企业在有效授权中同意提供的信息项")
    enterprise: dict[str, Any]
