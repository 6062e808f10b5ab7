from datetime import datetime

from ninja import Field, Schema

from dxpilot.mechanisms.services import MODEL_RULES


class ModelOut(Schema):
    id: int
    name: str
    summary: str
    description: str
    inputs: str
    outputs: str
    scenes: list[str] = Field(..., description="评测指标的应用场景名称，与产品相同，如 设备管理")
    segments: list[str] = Field(..., description="适用细分行业标识")
    provider_id: int | None
    platform_id: int | None
    owner: str = Field(..., alias="owner_name", description="提供服务商或平台的名称")
    licence: str = Field(..., description="open_source / free / paid")
    licence_terms: str
    api_url: str
    status: str = Field(..., description="draft / submitted / listed / withdrawn")
    usage_count: int = Field(..., description="使用次数（下载文件或调用接口时累计）")
    listed_at: datetime | None
    matched: list[str] = Field(default_factory=list, description="搜索时匹配到的词")

    @staticmethod
    def resolve_scenes(obj: object) -> list[str]:
        return [s.scene for s in obj.scenes.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_segments(obj: object) -> list[str]:
        return [s.key for s in obj.segments.all()]  # type: ignore[attr-defined]


class ModelPage(Schema):
    count: int
    page: int
    page_size: int
    terms: list[str] = Field(..., description="查询词经分词后的检索词")
    items: list[ModelOut]


def _limit(name: str) -> int:
    return MODEL_RULES[name].max_length or 0


class ModelIn(Schema):
    name: str = Field(..., max_length=_limit("name"))
    summary: str = Field(..., max_length=_limit("summary"))
    inputs: str = Field(..., max_length=_limit("inputs"))
    outputs: str = Field(..., max_length=_limit("outputs"))
    licence: str = Field(..., description="open_source / free / paid")
    scenes: list[str] = Field(..., max_length=16, description="应用场景名称")
    segment_keys: list[str] = Field(default_factory=list, max_length=20)
    description: str = Field("", max_length=_limit("description"))
    licence_terms: str = Field("", max_length=_limit("licence_terms"))
    api_url: str = Field(..., max_length=_limit("api_url"), description="接口地址（必填）")
