from datetime import date
from decimal import Decimal

from ninja import Field, Schema


class EnterpriseOut(Schema):
    id: int
    credit_code: str
    name: str
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
    name: str
    division_code: str = Field(..., description="行政区划代码，见 GET /program")
    zone_code: str = ""
    industry_code: str = Field(..., description="GB/T 4754-2017 四位行业小类代码")
    segment_key: str = ""
    nature: str = "private"
    srdi_tier: str = "none"
    above_scale: bool = False
    employees: int = Field(..., ge=0)
    revenue: Decimal = Field(..., ge=0, description="上年营业收入（万元）")
    address: str = ""
    founded_on: date | None = None
    is_pilot: bool = False
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    bank_account: str = ""


class EnterprisePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[EnterpriseOut]
