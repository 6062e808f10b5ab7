from datetime import date, datetime

from ninja import Field, Schema


class PlatformOut(Schema):
    id: int
    name: str
    operator: str
    kind: str = Field(
        ..., description="industry（行业级平台）/ industrial_internet（工业互联网平台）"
    )
    level: str = Field(..., description="cross_industry（双跨）/ national / provincial / city")
    system_group: str = Field(..., description="top20 / next80 / none（合肥“20+80”体系）")
    recognised_on: date | None = Field(None, description="国家级认定日期")
    segments: list[str] = Field(..., description="服务的细分行业标识")

    @staticmethod
    def resolve_segments(obj: object) -> list[str]:
        return [s.key for s in obj.segments.all()]  # type: ignore[attr-defined]


class AdoptionOut(Schema):
    id: int
    enterprise_id: int
    credit_code: str = Field(..., alias="enterprise.credit_code")
    enterprise_name: str = Field(..., alias="enterprise.name")
    platform_id: int | None
    service_name: str
    since: date
    scenes: list[str] = Field(..., description="评测指标的应用场景代码，如 S2.2")
    source: str = Field(..., description="enterprise / official / platform")
    updated_at: datetime


class AdoptionPush(Schema):
    credit_code: str = Field(..., max_length=24, description="企业的统一社会信用代码")
    since: date = Field(..., description="开始使用日期")
    scenes: list[str] = Field(..., description='应用场景代码，如 ["S2.1", "S2.2"]')


class AdoptionPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[AdoptionOut]


class CoverageRowOut(Schema):
    label: str
    total: int
    covered: int
    share: float | None = Field(None, description="0–1")


class CoverageOut(Schema):
    total: CoverageRowOut
    by_batch: list[CoverageRowOut]
    by_division: list[CoverageRowOut]
    by_segment: list[CoverageRowOut]
