from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema


class CaseOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str
    title: str
    summary: str
    body: str
    enterprise_id: int
    enterprise_name: str
    project_id: int
    provider_ids: list[int]
    product_ids: list[int]
    # The project's figures copied at submission (T0/T1 level, total, dimension scores,
    # investment, eligible investment, approved subsidy); empty for a draft.
    figures: dict[str, Any]
    submitted_at: datetime | None
    published_at: datetime | None
    withdrawn_at: datetime | None


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CaseOut]
