"""Reads for the review half (acceptance, subsidy, disbursement, flags, follow-up) and their data
scope. Each scope follows `visible_projects`, the one project scope, narrowed by role: the
finance office sees subsidies and acceptance status but no assessment internals; flags are for
the city and the districts only; providers and assessors see no money.

Queues and totals are a fixed number of queries at any scale (DESIGN §7): joins by
select_related, counts and sums aggregated in the database, lists paginated by the views.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.programs.models import Program
from dxpilot.programs.selectors import current_program
from dxpilot.projects.models import (
    Acceptance,
    Contract,
    Disbursement,
    DisbursementBatch,
    Flag,
    FollowUp,
    ProjectStatus,
    Subsidy,
    TransformationProject,
)
from dxpilot.projects.selectors import visible_projects
from dxpilot.projects.services.acceptance import acceptance_deadline, add_months

S = Acceptance.Status
QUEUE_ROLES = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.ASSESSOR})
MONEY_ROLES = frozenset(
    {Role.CITY_ADMIN, Role.FINANCE_OFFICER, Role.DISTRICT_OFFICER, Role.ENTERPRISE}
)
FLAG_ROLES = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})
# What "to do" means in the acceptance queue for each role.
TODO = {
    Role.DISTRICT_OFFICER: (S.APPLIED,),
    Role.CITY_ADMIN: (S.APPLIED, S.DISTRICT_CHECKED, S.EXPERT_REVIEWED),
    Role.ASSESSOR: (S.DISTRICT_CHECKED,),
}
SOON_DAYS = 30


def _division_filter(prefix: str, division_ids: frozenset[int]) -> Q:
    return Q(**{f"{prefix}enterprise__division__in": division_ids}) | Q(
        **{f"{prefix}enterprise__zone__in": division_ids}
    )


# Acceptance --------------------------------------------------------------------------------------


def visible_acceptances(user: Any) -> QuerySet[Acceptance]:
    """City admin and finance: all; district officer: their divisions' and zones' enterprises;
    enterprise: its own; assessor: the reviews assigned to them; provider: none."""
    scope = scope_of(user)
    acceptances = Acceptance.objects.all()
    if scope.programme_wide:
        return acceptances
    if scope.role == Role.DISTRICT_OFFICER:
        return acceptances.filter(_division_filter("project__", scope.division_ids))
    if scope.role == Role.ENTERPRISE and scope.enterprise_id is not None:
        return acceptances.filter(project__enterprise_id=scope.enterprise_id)
    if scope.role == Role.ASSESSOR:
        return acceptances.filter(expert_id=scope.user_id)
    return acceptances.none()


def get_acceptance_for_user(user: Any, pk: int) -> Acceptance:
    try:
        return (
            visible_acceptances(user)
            .select_related("project__enterprise", "project__program")
            .get(pk=pk)
        )
    except (Acceptance.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该验收申请，或您无权查看。")) from None


def default_queue_status(user: Any) -> str:
    return "todo" if scope_of(user).role in TODO else ""


def acceptance_queue(user: Any, status: str = "todo", q: str = "") -> QuerySet[Acceptance]:
    """The acceptance queue, oldest application first, with everything a row shows joined."""
    role = scope_of(user).role
    rows = visible_acceptances(user).select_related(
        "project__enterprise__division", "project__enterprise__zone", "expert", "post_assessment"
    )
    if status == "todo":
        rows = rows.filter(status__in=TODO.get(role, ()))  # type: ignore[call-overload]
        if role == Role.CITY_ADMIN:
            # The city acts on checked and reviewed ones, and on applied ones without an expert.
            rows = rows.exclude(status=S.APPLIED, expert__isnull=False)
    elif status:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(
            Q(project__enterprise__name__icontains=q)
            | Q(project__enterprise__credit_code=q.upper())
        )
    return rows.order_by("applied_at", "pk")


def acceptance_counts(user: Any) -> dict[str, int]:
    """Count per status (and the total) of the user's acceptances, one query."""
    rows = visible_acceptances(user).values("status").annotate(n=Count("pk")).order_by()
    counts = dict.fromkeys(S.values, 0)
    for row in rows:
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts[s] for s in S.values)
    return counts


@dataclass(frozen=True)
class DeadlineAlert:
    project: TransformationProject
    deadline: date
    days_left: int  # negative: overdue by that many days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def deadline_alerts(user: Any, *, today: date | None = None, limit: int = 20) -> dict[str, Any]:
    """Completed projects that have never applied for acceptance: overdue ones, and those whose
    deadline falls within SOON_DAYS (counts, and the first `limit` of each, most urgent first)."""
    scope = scope_of(user)
    if scope.role not in (Role.CITY_ADMIN, Role.DISTRICT_OFFICER):
        return {"overdue": [], "soon": [], "overdue_count": 0, "soon_count": 0}
    today = today or timezone.localdate()
    program = current_program()
    if program is None:
        return {"overdue": [], "soon": [], "overdue_count": 0, "soon_count": 0}
    months = int((program.acceptance_rule or {}).get("apply_within_months", 3))
    overdue_before = add_months(today, -months)
    soon_before = add_months(today + timedelta(days=SOON_DAYS), -months)
    waiting = (
        visible_projects(user)
        # The programme first: the (program, status) index finds the completed projects.
        .filter(
            program=program,
            status=ProjectStatus.COMPLETED,
            completed_on__isnull=False,
            acceptances__isnull=True,
        )
        .select_related("program")
    )
    counts = waiting.aggregate(
        overdue=Count("pk", filter=Q(completed_on__lt=overdue_before)),
        soon=Count("pk", filter=Q(completed_on__gte=overdue_before, completed_on__lt=soon_before)),
    )

    def alerts(qs: QuerySet[TransformationProject]) -> list[DeadlineAlert]:
        found = []
        for project in qs.order_by("completed_on", "pk")[:limit]:
            deadline = acceptance_deadline(project) or today
            found.append(DeadlineAlert(project, deadline, (deadline - today).days))
        return found

    return {
        "overdue": alerts(waiting.filter(completed_on__lt=overdue_before)),
        "soon": alerts(
            waiting.filter(completed_on__gte=overdue_before, completed_on__lt=soon_before)
        ),
        "overdue_count": counts["overdue"],
        "soon_count": counts["soon"],
    }


def project_acceptances(project: TransformationProject) -> list[Acceptance]:
    return list(
        project.acceptances.select_related(
            "post_assessment", "expert", "applied_by", "district_checked_by", "decided_by"
        ).order_by("-round")
    )


def contracted_providers(project: TransformationProject) -> list[Any]:
    from dxpilot.providers.models import Provider

    ids = Contract.objects.filter(project=project).values("provider_id")
    return list(Provider.objects.filter(pk__in=ids).order_by("name"))


def project_ratings(project: TransformationProject) -> list[Any]:
    from dxpilot.projects.services.followup import rating_subject
    from dxpilot.providers.models import ProviderRating

    return list(
        ProviderRating.objects.filter(
            enterprise_id=project.enterprise_id, subject=rating_subject(project)
        ).select_related("provider")
    )


def assessor_choices(project: TransformationProject) -> list[Any]:
    """Active assessors without a conflict of interest with the enterprise (回避)."""
    from dxpilot.accounts.models import User
    from dxpilot.assessment.selectors import serving_provider_ids

    serving = serving_provider_ids(project.enterprise)
    assessors = User.objects.filter(role=Role.ASSESSOR, is_active=True).order_by("username")
    return (
        list(assessors.exclude(provider_id__in=serving)[:200]) if serving else list(assessors[:200])
    )


# Subsidy and disbursement ------------------------------------------------------------------------


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


# Flags -------------------------------------------------------------------------------------------


def visible_flags(user: Any) -> QuerySet[Flag]:
    """Officials who can act on them (city, district in scope); never enterprises or providers."""
    scope = scope_of(user)
    if scope.role not in FLAG_ROLES:
        return Flag.objects.none()
    if scope.role == Role.DISTRICT_OFFICER:
        return Flag.objects.filter(_division_filter("project__", scope.division_ids))
    return Flag.objects.all()


def flag_list(user: Any, status: str = "open", kind: str = "") -> QuerySet[Flag]:
    rows = visible_flags(user).select_related("project__enterprise__division", "resolved_by")
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-raised_at", "-pk")


def flag_counts(user: Any) -> dict[str, int]:
    rows = visible_flags(user).values("status", "kind").annotate(n=Count("pk")).order_by()
    counts: dict[str, int] = {"open": 0, "resolved": 0}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + row["n"]
        if row["status"] == Flag.Status.OPEN:
            counts[row["kind"]] = counts.get(row["kind"], 0) + row["n"]
    return counts


def get_flag_for_user(user: Any, pk: int) -> Flag:
    try:
        return visible_flags(user).select_related("project__enterprise", "resolved_by").get(pk=pk)
    except (Flag.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该风险提示，或您无权查看。")) from None


def project_flags(user: Any, project: TransformationProject) -> list[Flag]:
    return list(visible_flags(user).filter(project=project).order_by("status", "-raised_at"))


# Follow-up outcomes ------------------------------------------------------------------------------


def visible_followups(user: Any) -> QuerySet[FollowUp]:
    scope = scope_of(user)
    if scope.role not in (Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.ENTERPRISE):
        return FollowUp.objects.none()
    return FollowUp.objects.filter(project__in=visible_projects(user))


def followup_list(user: Any) -> QuerySet[FollowUp]:
    return (
        visible_followups(user)
        .select_related(
            "project__enterprise__division", "project__baseline_assessment", "followup_assessment"
        )
        .order_by("-year", "project__enterprise__name")
    )


def followup_totals(user: Any) -> dict[str, Any]:
    """Sums over the user's follow-ups (one query): programme revenue growth and 亩均效益 are
    ratios of sums, so large and small enterprises weigh by their size."""
    taxed = Q(tax_before__isnull=False, tax_after__isnull=False)
    return visible_followups(user).aggregate(
        n=Count("pk"),
        sum_revenue_before=Sum("revenue_before"),
        sum_revenue_after=Sum("revenue_after"),
        sum_land=Sum("land_mu"),
        sum_tax_before=Sum("tax_before", filter=taxed),
        sum_tax_after=Sum("tax_after", filter=taxed),
        sum_land_taxed=Sum("land_mu", filter=taxed),
        reached_l2=Count("pk", filter=Q(followup_assessment__level__gte=2)),
    )
