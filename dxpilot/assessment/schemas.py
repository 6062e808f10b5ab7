from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema


class SheetIssueOut(Schema):
    field: str
    code: str
    message: str


class SheetErrorOut(Schema):
    detail: str
    errors: list[SheetIssueOut]


class AssessmentOut(Schema):
    id: int
    enterprise_id: int
    kind: str
    status: str
    edition: str
    total: Decimal | None
    level: int | None
    assessed_on: date | None
    submitted_at: datetime | None
    locked_at: datetime | None
    result: dict[str, Any] | None
