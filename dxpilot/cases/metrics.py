"""Programme metrics counted from published typical cases (registered in CasesConfig.ready).

- `chain_cases`: published 链式 chain cases (Hefei plan §三.10: ≥10).
- `showcase_projects`: published 数智化样板项目 sample-project cases (§二, §三.11: 20).

A case counts once published and stops counting when withdrawn; a district officer counts the
cases of the enterprises of their divisions. Who published the counted cases is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dxpilot.cases.models import Case, CaseKind, CaseStatus
from dxpilot.programs.metrics import Entrant, Exclusion, Measure, Metric, Scope, register
from dxpilot.programs.models import Target


def count_cases(kind: str) -> Callable[[Target, Scope], Measure]:
    def compute(target: Target, scope: Scope) -> Measure:
        cases = Case.objects.filter(
            program=scope.program, kind=kind, enterprise__in=scope.enterprises.values("pk")
        )
        published = Q(status=CaseStatus.PUBLISHED)
        counts = cases.aggregate(
            published=Count("pk", filter=published),
            pending=Count("pk", filter=Q(status__in=(CaseStatus.DRAFT, CaseStatus.REVIEW))),
            withdrawn=Count("pk", filter=Q(status=CaseStatus.WITHDRAWN)),
        )
        entrants = (
            cases.filter(published)
            .values("published_by__display_name", "published_by__username")
            .annotate(n=Count("pk"))
            .order_by("-n", "published_by__username")
        )
        return Measure(
            Decimal(counts["published"]),
            population=counts["published"],
            excluded=[
                Exclusion(_("尚未发布的案例（草稿或待审核）"), counts["pending"]),
                Exclusion(_("已撤回的案例"), counts["withdrawn"]),
            ],
            entered_by=[
                Entrant(
                    row["published_by__display_name"] or row["published_by__username"] or "—",
                    row["n"],
                )
                for row in entrants
            ],
            records_url=f"{reverse('cases:list')}?kind={kind}&status={CaseStatus.PUBLISHED}",
        )

    return compute


chain_cases = count_cases(CaseKind.CHAIN)
showcase_projects = count_cases(CaseKind.SAMPLE)


def register_metrics() -> None:
    register(
        Metric(
            "chain_cases",
            _("已发布的“链式”数字化转型典型案例数"),
            chain_cases,
            definition=_(
                "经市级审核发布的“链式”转型典型案例；案例的改造前后等级与数据取自所关联项目的记录，"
                "撤回后不再计入。"
            ),
            formula=_("状态为“已发布”、类型为“链式转型案例”的案例条数"),
            population=_("查看范围内企业的典型案例"),
        )
    )
    register(
        Metric(
            "showcase_projects",
            _("已发布的数智化样板项目数"),
            showcase_projects,
            definition=_(
                "经市级审核发布的数智化样板项目案例；须来自已通过验收的转型项目，撤回后不再计入。"
            ),
            formula=_("状态为“已发布”、类型为“数智化样板项目”的案例条数"),
            population=_("查看范围内企业的典型案例"),
        )
    )
