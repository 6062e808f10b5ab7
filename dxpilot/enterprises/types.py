"""Input types shared by the enterprise services, selectors, forms, API and imports (below them
all, so that none of them imports another to get the type)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dxpilot.core.validation import Rule, decimal_rule, integer_rule, text_rule, verbose_name
from dxpilot.enterprises.models import Enterprise, Nature, SrdiTier


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


# The registry's rules, once for the form, the Excel import and the API (dxpilot.core.validation).
# Lengths are the model's columns; contact columns are encrypted TEXT, so their limits are set
# here. 10 million employees is far above any enterprise in the programme and below the column.
MAX_EMPLOYEES = 10_000_000
ENTERPRISE_RULES: dict[str, Rule] = {
    "credit_code": Rule(verbose_name(Enterprise, "credit_code"), kind="code"),
    "name": text_rule(Enterprise, "name", required=True),
    "division_code": Rule(verbose_name(Enterprise, "division"), kind="code"),
    "zone_code": Rule(verbose_name(Enterprise, "zone"), kind="code"),
    "industry_code": Rule(verbose_name(Enterprise, "industry"), kind="code"),
    "segment_key": Rule(verbose_name(Enterprise, "segment"), kind="key"),
    "nature": Rule(verbose_name(Enterprise, "nature"), kind="key"),
    "srdi_tier": Rule(verbose_name(Enterprise, "srdi_tier"), kind="key"),
    "employees": integer_rule(Enterprise, "employees", maximum=MAX_EMPLOYEES),
    "revenue": decimal_rule(Enterprise, "revenue"),
    "address": text_rule(Enterprise, "address"),
    "founded_on": Rule(verbose_name(Enterprise, "founded_on"), kind="past_date"),
    "contact_name": text_rule(Enterprise, "contact_name", max_length=40),
    "contact_phone": text_rule(Enterprise, "contact_phone", max_length=20, kind="phone"),
    "contact_email": text_rule(Enterprise, "contact_email", max_length=254, kind="email"),
    "bank_account": text_rule(Enterprise, "bank_account", max_length=40, kind="bank"),
}
