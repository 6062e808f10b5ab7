from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema


class ProjectOut(Schema):
    id: int
    title: str
    status: str
    status_label: str = Field(..., alias="get_status_display")
    enterprise_id: int
    enterprise_name: str = Field(..., alias="enterprise.name")
    division_code: str = Field(..., alias="enterprise.division.code")
    target_level: int
    baseline_assessment_id: int | None
    post_assessment_id: int | None
    completed_on: date | None
    locked: bool = Field(..., alias="is_locked")
    created_at: datetime


class ProjectPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProjectOut]


class PlanItemOut(Schema):
    product_id: int
    product_name: str = Field(..., alias="product.name")
    provider_id: int = Field(..., alias="product.provider_id")
    scene: str
    target_scene_level: int | None
    price: Decimal
    recommended: bool


class PlanOut(Schema):
    version: int
    target_level: int
    budget: Decimal | None
    expected_total: Decimal | None
    expected_level: int | None
    chosen_at: datetime
    items: list[PlanItemOut]
    recommended_total: str = ""


class ContractOut(Schema):
    id: int
    number: str
    provider_id: int
    provider_name: str = Field(..., alias="provider.name")
    signed_on: date
    starts_on: date
    ends_on: date
    amount: Decimal
    scope: list[str]
    status: str
    supersedes_id: int | None
    filed_at: datetime


class InvestmentOut(Schema):
    id: int
    contract_id: int | None
    category: str
    description: str
    amount: Decimal
    invoice_number: str
    invoice_on: date | None
    paid_on: date | None
    paid_amount: Decimal | None
    eligible: bool


class MilestoneOut(Schema):
    id: int
    name: str
    planned_on: date
    actual_on: date | None


class ChecklistItemOut(Schema):
    kind: str
    label: str
    submitted: int
    drafts: int
    missing: bool


class ChecklistOut(Schema):
    stage: str
    missing: int
    items: list[ChecklistItemOut]


class InvestmentTotalsOut(Schema):
    total: Decimal
    eligible: Decimal
    excluded: Decimal
    paid: Decimal


class ProjectDetailOut(ProjectOut):
    plan: PlanOut | None = Field(..., alias="plan_out")
    contracts: list[ContractOut] = Field(..., alias="contracts_out")
    investments: list[InvestmentOut] = Field(..., alias="investments_out")
    totals: InvestmentTotalsOut = Field(..., alias="totals_out")
    milestones: list[MilestoneOut] = Field(..., alias="milestones_out")
    checklists: list[ChecklistOut] = Field(..., alias="checklists_out")


class EvidenceOut(Schema):
    """Metadata only: the file itself is served by the audited download page, never here."""

    id: int
    kind: str
    status: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    note: str
    milestone_id: int | None
    supersedes_id: int | None
    uploaded_by_id: int
    uploaded_at: datetime
    submitted_at: datetime | None
