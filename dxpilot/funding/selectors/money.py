"""Subsidies, disbursement batches and the fund totals (finance office, city, districts)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.accounts.scope import scope_of
from dxpilot.funding.models import (
    Disbursement,
    DisbursementBatch,
    Subsidy,
)
from dxpilot.funding.selectors.common import (
    MONEY_ROLES,
)
from dxpilot.programs.models import Program
from dxpilot.projects.selectors import visible_projects


def visible_subsidies(user: Any) -> QuerySet[Subsidy]:
    """City admin and finance: all; district officer: their enterprises'; enterprise: its own;
    assessors and providers: none (money is not theirs to see)."""
    scope = scope_of(user)
    if scope.role not in MONEY_ROLES:
        return Subsidy.objects.none()
    return Subsidy.objects.filter(project__in=visible_projects(user))


def _with_paid(subsidies: QuerySet[Subsidy]) -> QuerySet[Subsidy]:
    paid = DisbursementBatch.Status.PAID
    return subsidies.annotate(
        paid_total=Sum("disbursements__amount", filter=Q(disbursements__batch__status=paid)),
        scheduled_total=Sum("disbursements__amount", filter=~Q(disbursements__batch__status=paid)),
    )


def subsidy_list(user: Any, status: str = "", q: str = "") -> QuerySet[Subsidy]:
    rows = _with_paid(visible_subsidies(user)).select_related(
        "project__enterprise__division", "project__enterprise__zone"
    )
    if status:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(
            Q(project__enterprise__name__icontains=q)
            | Q(project__enterprise__credit_code=q.upper())
        )
    return rows.order_by("-computed_at", "-pk")


def subsidy_counts(user: Any) -> dict[str, int]:
    rows = visible_subsidies(user).values("status").annotate(n=Count("pk")).order_by()
    counts = dict.fromkeys(Subsidy.Status.values, 0)
    for row in rows:
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts[s] for s in Subsidy.Status.values)
    return counts


def get_subsidy_for_user(user: Any, pk: int) -> Subsidy:
    try:
        return (
            _with_paid(visible_subsidies(user))
            .select_related("project__enterprise", "project__program", "computed_by")
            .get(pk=pk)
        )
    except (Subsidy.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该奖补，或您无权查看。")) from None


def subsidy_disbursements(subsidy: Subsidy) -> list[Disbursement]:
    """The subsidy's disbursements, each with `stage_name` from the programme's stages."""
    names = {
        s["key"]: s["name"]
        for s in (subsidy.project.program.subsidy_rule or {}).get("disbursement", [])
    }
    rows = list(subsidy.disbursements.select_related("batch").order_by("batch__created_at", "pk"))
    for row in rows:
        row.stage_name = names.get(row.stage, row.stage)  # type: ignore[attr-defined]
    return rows


@dataclass(frozen=True)
class FundTotals:
    central_cap: Decimal
    enterprise_part: Decimal  # ≥ share of the central fund for enterprises (the 80%)
    public_part: Decimal  # ≤ the rest (the 20%): public services, not paid through this platform
    computed: Decimal
    approved: Decimal  # approved and paid subsidies: what the fund is committed to
    scheduled: Decimal  # in batches not yet paid
    paid: Decimal
    subsidies: int
    enterprises_paid: int

    @property
    def committed_share(self) -> Decimal:
        return (self.approved / self.enterprise_part) if self.enterprise_part else Decimal(0)

    @property
    def paid_share(self) -> Decimal:
        return (self.paid / self.enterprise_part) if self.enterprise_part else Decimal(0)

    @property
    def committed_percent(self) -> str:
        return f"{self.committed_share * 100:.2f}%"

    @property
    def paid_percent(self) -> str:
        return f"{self.paid_share * 100:.2f}%"

    @property
    def remaining(self) -> Decimal:
        return self.enterprise_part - self.approved


def fund_totals(program: Program) -> FundTotals:
    """Subsidy totals of the programme against its budget (财建〔2023〕117号: ≥80% of the central
    fund directly to enterprises, ≤20% to public services): two aggregate queries."""
    enterprise_part = (program.central_fund_cap * program.enterprise_share_min).quantize(
        Decimal("0.01")
    )
    sums = Subsidy.objects.filter(project__program=program).aggregate(
        computed=Sum("amount"),
        approved=Sum("amount", filter=Q(status__in=(Subsidy.Status.APPROVED, Subsidy.Status.PAID))),
        n=Count("pk"),
    )
    paid = DisbursementBatch.Status.PAID
    money = Disbursement.objects.filter(batch__program=program).aggregate(
        paid=Sum("amount", filter=Q(batch__status=paid)),
        scheduled=Sum("amount", filter=~Q(batch__status=paid)),
        enterprises=Count(
            "subsidy__project__enterprise", filter=Q(batch__status=paid), distinct=True
        ),
    )
    zero = Decimal(0)
    return FundTotals(
        central_cap=program.central_fund_cap,
        enterprise_part=enterprise_part,
        public_part=program.central_fund_cap - enterprise_part,
        computed=sums["computed"] or zero,
        approved=sums["approved"] or zero,
        scheduled=money["scheduled"] or zero,
        paid=money["paid"] or zero,
        subsidies=sums["n"],
        enterprises_paid=money["enterprises"],
    )


def visible_batches(user: Any) -> QuerySet[DisbursementBatch]:
    """Disbursement batches: the finance office and the city admin (programme-wide roles)."""
    if not scope_of(user).programme_wide:
        return DisbursementBatch.objects.none()
    return DisbursementBatch.objects.all()


def batch_list(user: Any) -> QuerySet[DisbursementBatch]:
    return (
        visible_batches(user)
        .annotate(rows=Count("disbursements"), total=Sum("disbursements__amount"))
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


def get_batch_for_user(user: Any, pk: int) -> DisbursementBatch:
    try:
        return (
            visible_batches(user)
            .annotate(rows=Count("disbursements"), total=Sum("disbursements__amount"))
            .select_related("program", "created_by")
            .get(pk=pk)
        )
    except (DisbursementBatch.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该拨付批次，或您无权查看。")) from None


def batch_rows(batch: DisbursementBatch) -> QuerySet[Disbursement]:
    return batch.disbursements.select_related("subsidy__project__enterprise__division").order_by(
        "subsidy__project__enterprise__name", "pk"
    )


def addable_subsidies(batch: DisbursementBatch, limit: int = 200) -> list[Subsidy]:
    """Approved subsidies not yet in the batch's stage (the service re-checks everything)."""
    rows = (
        Subsidy.objects.filter(project__program=batch.program, status=Subsidy.Status.APPROVED)
        .exclude(disbursements__stage=batch.stage)
        .select_related("project__enterprise__division")
        .order_by("computed_at", "pk")
    )
    return list(rows[:limit])
