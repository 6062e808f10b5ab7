from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from dxpilot.enterprises.types import ENTERPRISE_RULES

# The limits the service applies (dxpilot.core.validation), shown in the OpenAPI document; the
# service judges them, so the API refuses in the same words as the form and the import.
LIMITS = {name: rule.schema for name, rule in ENTERPRISE_RULES.items()}


class EnterpriseOut(Schema):
    id: int
    credit_code: str
    name: str = Field(..., json_schema_extra=LIMITS["name"])
    division_code: str = Field(..., alias="division.code")
    division_name: str = Field(..., alias="division.name")
    zone_code: str | None = Field(None, alias="zone.code")
    industry_code: str = Field(..., alias="industry.code")
    segment_key: str | None = Field(None, alias="segment.key")
    nature: str
    srdi_tier: str
    above_scale: bool
    employees: int
    revenue: Decimal
    size_class: str
    is_pilot: bool
    contact_phone_masked: str


class EnterpriseIn(Schema):
    credit_code: str = Field(..., description="统一社会信用代码（18位，GB 32100 校验位）")
    name: str = Field(..., json_schema_extra=LIMITS["name"])
    division_code: str = Field(..., description="行政区划代码，见 GET /program")
    zone_code: str = ""
    industry_code: str = Field(..., description="GB/T 4754-2017 四位行业小类代码")
    segment_key: str = ""
    nature: str = "private"
    srdi_tier: str = "none"
    above_scale: bool = False
    employees: int = Field(..., ge=0, json_schema_extra=LIMITS["employees"])
    revenue: Decimal = Field(
        ..., ge=0, description="上年营业收入（万元）", json_schema_extra=LIMITS["revenue"]
    )
    address: str = Field("", json_schema_extra=LIMITS["address"])
    founded_on: date | None = Field(None, description="成立日期，不晚于今天")
    is_pilot: bool = False
    contact_name: str = Field("", json_schema_extra=LIMITS["contact_name"])
    contact_phone: str = Field("", json_schema_extra=LIMITS["contact_phone"])
    contact_email: str = Field("", json_schema_extra=LIMITS["contact_email"])
    bank_account: str = Field("", json_schema_extra=LIMITS["bank_account"])


class EnterprisePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[EnterpriseOut]
