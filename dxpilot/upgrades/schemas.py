from datetime import date
from decimal import Decimal

from ninja import Field, Schema


class UpgradeProjectOut(Schema):
    id: int
    credit_code: str = Field(..., alias="enterprise.credit_code")
    enterprise_name: str = Field(..., alias="enterprise.name")
    division: str = Field(..., alias="enterprise.division.code", description="行政区划代码")
    zone: str | None = Field(None, description="开发区代码")
    name: str
    total_investment: Decimal = Field(..., description="总投资（万元）")
    equipment_investment: Decimal = Field(..., description="设备投资（万元）")
    category: str = Field(
        ..., description="digital / intelligent / energy / emissions / safety / other"
    )
    status: str = Field(..., description="planned / under_construction / completed")
    start_on: date
    end_on: date

    @staticmethod
    def resolve_zone(obj: object) -> str | None:
        zone = obj.enterprise.zone  # type: ignore[attr-defined]
        return zone.code if zone else None


class UpgradeProjectPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[UpgradeProjectOut]
