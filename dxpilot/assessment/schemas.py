from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema

from dxpilot.assessment.models import Assessment
from dxpilot.assessment.render import render_result


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

    @staticmethod
    def resolve_result(obj: Assessment) -> dict[str, Any] | None:
        # Stored as figures; the level names and messages in the request's language.
        return render_result(obj.result)
