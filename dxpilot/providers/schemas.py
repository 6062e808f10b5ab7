from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from dxpilot.providers.services.products import PRODUCT_RULES

# The limits the service applies (dxpilot.core.validation), documented in the OpenAPI schema.
PRODUCT_LIMITS = {name: rule.schema for name, rule in PRODUCT_RULES.items()}


class SceneLevel(Schema):
    scene: str = Field(..., description="2024年版评测指标的应用场景名称")
    level: int = Field(..., ge=1, le=4, description="产品可帮助达到的等级（1-4）")


class ProductPublicOut(Schema):
    id: int
    name: str
    kind: str = Field(
        ..., description="software / cloud / data_devices / consulting（与奖补投入类别一致）"
    )
    summary: str
    description: str
    provider_id: int
    provider_name: str = Field(..., alias="provider.name")
    deployment: str = Field(..., description="saas / private / hybrid")
    price: Decimal = Field(..., description="价格（元）")
    price_unit: str
    implementation_days: int
    segments: list[str] = Field(..., description="适用细分行业标识")
    scenes: list[SceneLevel]
    sample_enterprise_name: str
    sample_contract_date: date
    is_excellent: bool
    listed_at: datetime | None

    @staticmethod
    def resolve_segments(obj: object) -> list[str]:
        return [s.key for s in obj.segments.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_scenes(obj: object) -> list[dict[str, object]]:
        return [{"scene": s.scene, "level": s.level} for s in obj.scenes.all()]  # type: ignore[attr-defined]


class CatalogueHit(ProductPublicOut):
    matched: list[str] = Field(default_factory=list, description="使该产品出现在结果中的检索词")


class CataloguePageOut(Schema):
    count: int
    page: int
    page_size: int
    terms: list[str] = Field(..., description="检索词经 jieba 分词后的词项")
    items: list[CatalogueHit]


class ProviderPublicOut(Schema):
    id: int
    name: str
    credit_code: str
    kind: str = Field(..., alias="kind.key")
    kind_name: str = Field(..., alias="kind.name")
    segments: list[str]
    summary: str
    approved_at: datetime | None

    @staticmethod
    def resolve_segments(obj: object) -> list[str]:
        return [s.key for s in obj.segments.all()]  # type: ignore[attr-defined]


class DecisionOut(Schema):
    id: int
    kind: str
    from_status: str
    to_status: str
    reasons: str
    appeal_of_id: int | None
    at: datetime


class ProviderOut(ProviderPublicOut):
    status: str
    revision: int
    submitted_at: datetime | None
    contact_phone_masked: str
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_decisions(obj: object) -> list[object]:
        return list(obj.decisions.all())  # type: ignore[attr-defined]


class ProviderPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProviderOut]


class ProductOut(ProductPublicOut):
    status: str
    revision: int
    submitted_at: datetime | None
    reviewed_at: datetime | None


class ProductPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProductOut]


class ProductIn(Schema):
    name: str = Field(..., json_schema_extra=PRODUCT_LIMITS["name"])
    kind: str = Field(..., description="software / cloud / data_devices / consulting")
    summary: str = Field(..., json_schema_extra=PRODUCT_LIMITS["summary"])
    description: str = Field("", json_schema_extra=PRODUCT_LIMITS["description"])
    segment_keys: list[str] = Field(
        ..., description="适用细分行业标识，须在本服务商入库的服务范围内"
    )
    scenes: dict[str, int] = Field(
        ..., description='应用场景名称 → 可达等级（1-4），如 {"设备管理": 3}'
    )
    deployment: str = Field(..., description="saas / private / hybrid")
    price: Decimal = Field(..., ge=0, json_schema_extra=PRODUCT_LIMITS["price"])
    price_unit: str = Field(..., description="set / year / user_year / device / project")
    implementation_days: int = Field(..., ge=1, le=365)
    sample_enterprise_name: str = Field(
        ..., json_schema_extra=PRODUCT_LIMITS["sample_enterprise_name"]
    )
    sample_contract_date: date
    sample_summary: str = Field("", json_schema_extra=PRODUCT_LIMITS["sample_summary"])
