from datetime import date
from decimal import Decimal

from ninja import Schema


class DivisionOut(Schema):
    code: str
    name: str
    kind: str


class SegmentOut(Schema):
    key: str
    name: str
    kind: str
    industry_codes: list[str]


class BatchOut(Schema):
    number: int
    kind: str
    name: str
    opens_on: date
    closes_on: date


class TargetOut(Schema):
    key: str
    name: str
    value: Decimal
    unit: str
    level: str
    per_segment: bool


class ProgramOut(Schema):
    key: str
    name: str
    city: str
    starts_on: date
    ends_on: date
    central_fund_cap: Decimal
    assessment_edition: str
    divisions: list[DivisionOut]
    segments: list[SegmentOut]
    batches: list[BatchOut]
    targets: list[TargetOut]
    subsidy_rule: dict[str, object]
