from datetime import date

from ninja import Field, Schema


class ParkOut(Schema):
    id: int
    name: str
    division_code: str = Field(..., alias="division.code", description="所在开发区或区划的代码")
    division_name: str = Field(..., alias="division.name")
    segment: str = Field(..., alias="segment.key", description="主导细分行业标识")
    is_pilot: bool = Field(..., description="“一区一业一样板”试点园区")
    designated_on: date | None = Field(None, description="认定日期")
    enterprises: int = Field(..., alias="n_enterprises", description="园区企业数")


class EventOut(Schema):
    id: int
    park_id: int
    park_name: str = Field(..., alias="park.name")
    kind: str = Field(
        ...,
        description="policy / network / identifier / platform / site_meeting / matchmaking / "
        "training / other",
    )
    title: str
    held_on: date = Field(..., description="活动日期")
    organiser: str
    planned_attendance: int
    actual_attendance: int | None
    status: str = Field(..., description="scheduled / held / cancelled")
    photos: int = Field(..., alias="n_photos")


class EventPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[EventOut]
