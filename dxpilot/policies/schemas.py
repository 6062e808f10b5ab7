from datetime import date

from ninja import Field, Schema


class PolicyOut(Schema):
    id: int
    kind: str = Field(..., description="policy（政策文件）/ notice（通知公告）")
    title: str
    issuer: str
    number: str = Field(..., description="文号，如 合政办〔2024〕12号")
    level: str = Field(..., description="national / provincial / city / district")
    issued_on: date
    effective_on: date
    expires_on: date | None
    expired: bool = Field(..., description="有效期已过")
    withdrawn: bool = Field(..., description="已撤回（仅主管部门可见）")
    summary: str
    source_url: str
    divisions: list[str] = Field(..., description="适用区划代码；空表示不限")
    segments: list[str] = Field(..., description="适用细分行业标识；空表示不限")
    size_classes: list[str]
    srdi_tiers: list[str]
    scale: str = Field(..., description="any / above（规上）/ below（规下）")
    pilot_only: bool
    matched: list[str] = Field(default_factory=list, description="检索时匹配的词")

    @staticmethod
    def resolve_expired(obj: object) -> bool:
        return bool(obj.is_expired())  # type: ignore[attr-defined]

    @staticmethod
    def resolve_withdrawn(obj: object) -> bool:
        return bool(obj.is_withdrawn)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_divisions(obj: object) -> list[str]:
        return [d.code for d in obj.divisions.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_segments(obj: object) -> list[str]:
        return [s.key for s in obj.segments.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_matched(obj: object) -> list[str]:
        return list(getattr(obj, "matched", []))


class PolicyPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[PolicyOut]
