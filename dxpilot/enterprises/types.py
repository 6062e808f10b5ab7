"""Input types shared by the enterprise services, selectors, forms, API and imports (below them
all, so that none of them imports another to get the type)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dxpilot.enterprises.models import Nature, SrdiTier


@dataclass
class EnterpriseData:
    credit_code: str
    name: str
    division_code: str
    industry_code: str
    employees: int
    revenue: Decimal
    zone_code: str = ""
    segment_key: str = ""
    nature: str = Nature.PRIVATE
    srdi_tier: str = SrdiTier.NONE
    above_scale: bool = False
    address: str = ""
    founded_on: date | None = None
    is_pilot: bool = False
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    bank_account: str = ""
