"""Programme metrics computed from transformation projects (registered in ProjectsConfig.ready)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from dxpilot.programs.metrics import Exclusion, Measure, Metric, Scope, register
from dxpilot.programs.models import Target
from dxpilot.projects.models import Contract

FOUR = Decimal("0.0001")


def above_scale_transformation_coverage(target: Target, scope: Scope) -> Measure:
    """规上工业企业"智改数转"全覆盖: the share of the above-scale enterprises in the registry (within
    the viewer's scope) whose transformation is under way, i.e. with a filed contract. One query."""
    contracted = Contract.objects.filter(project__enterprise=OuterRef("pk"))
    counts = (
        scope.enterprises.filter(above_scale=True)
        .annotate(contracted=Exists(contracted))
        .aggregate(total=Count("pk"), reached=Count("pk", filter=Q(contracted=True)))
    )
    total, reached = counts["total"], counts["reached"]
    actual = (Decimal(reached) / Decimal(total)).quantize(FOUR) if total else None
    return Measure(
        actual,
        population=total,
        excluded=[Exclusion(_("尚未备案改造合同的规上企业（计入分母）"), total - reached)],
    )


def register_metrics() -> None:
    register(
        Metric(
            "above_scale_transformation_coverage",
            _("已备案改造合同的规上企业占规上企业的比例"),
            above_scale_transformation_coverage,
            definition=_(
                "规上工业企业“智改数转”覆盖率：企业名录中的规上企业里，已备案数字化改造合同的企业所占比例。只统计在平台登记的企业，不含未登记的规上企业。"
            ),
            formula=_("已备案改造合同的规上企业数 ÷ 规上企业数"),
            population=_("数据范围内、企业名录中的规上企业"),
        )
    )
