"""Programme metrics computed from assessments (registered in AssessmentConfig.ready).

Levels count **after transformation** (Hefei plan §三.4 "确保改造后中小企业数字化水平评测达到二级及以上"):
an enterprise's level for a target is its latest locked assessment of the kinds named by the
setting KPI_LEVEL_KINDS (default: T1 on-site after and T2 follow-up), never the T0 baseline that
`Enterprise.level` also reflects.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from dxpilot.assessment.models import Assessment
from dxpilot.programs.metrics import Exclusion, Measure, Metric, Scope, param, register
from dxpilot.programs.models import Target

HUNDRED = Decimal(100)


def _counted() -> QuerySet[Assessment]:
    return Assessment.objects.filter(
        kind__in=settings.KPI_LEVEL_KINDS, status=Assessment.Status.LOCKED
    )


def level_after_transformation(enterprises: QuerySet[Any]) -> QuerySet[Any]:
    """The enterprises assessed after transformation, annotated with `level_after`: the level of
    their latest locked assessment of the counted kinds. The others are left out first, so the
    per-enterprise lookup runs only for the (few) transformed enterprises, not the whole registry."""
    latest = _counted().filter(enterprise=OuterRef("pk")).order_by("-locked_at", "-pk")
    annotated: QuerySet[Any] = enterprises.filter(
        pk__in=_counted().values("enterprise_id")
    ).annotate(level_after=Subquery(latest.values("level")[:1], output_field=IntegerField()))
    return annotated


def pilots_at_level(target: Target, scope: Scope) -> Measure:
    level = param(target, "min_level")
    pilots = scope.enterprises.filter(is_pilot=True)
    counts = level_after_transformation(pilots).aggregate(
        assessed=Count("pk"), reached=Count("pk", filter=Q(level_after__gte=level))
    )
    return Measure(
        actual=Decimal(counts["reached"]),
        population=counts["assessed"],
        excluded=[
            Exclusion(
                _("尚无改造后现场评测或跟踪评测的试点企业"), pilots.count() - counts["assessed"]
            )
        ],
    )


def above_scale_share_at_level(target: Target, scope: Scope) -> Measure:
    level = param(target, "min_level")
    rows = (
        level_after_transformation(
            scope.enterprises.filter(above_scale=True, segment__isnull=False)
        )
        .values("segment__name", "segment__order")
        .annotate(total=Count("pk"), reached=Count("pk", filter=Q(level_after__gte=level)))
        .order_by("segment__order")
    )
    segments = []
    for row in rows:
        share = Decimal(row["reached"]) / Decimal(row["total"]) if row["total"] else Decimal(0)
        segments.append(
            {
                "segment__name": row["segment__name"],
                "total": row["total"],
                "reached": row["reached"],
                "share": (share * HUNDRED).quantize(Decimal("0.1")),
                "met": share >= target.value,
            }
        )
    reached_all = sum(r["reached"] for r in segments)
    total = sum(r["total"] for r in segments)
    actual = (Decimal(reached_all) / Decimal(total)).quantize(Decimal("0.0001")) if total else None
    return Measure(actual=actual, segments=segments, population=total)


def register_metrics() -> None:
    register(
        Metric(
            "pilot_enterprises_at_level",
            _("改造后达到指定等级的试点企业数（最近一次改造后现场评测或跟踪评测）"),
            pilots_at_level,
            params={"min_level": 2},
            definition=_(
                "试点企业按改造后的等级计：取其最近一次已锁定的改造后现场评测（T1）或跟踪评测（T2）的等级，改造前评测（T0）不计。"
            ),
            formula=_("改造后等级 ≥ 指定等级的试点企业数"),
            population=_("数据范围内、已有改造后评测的试点企业"),
        )
    )
    register(
        Metric(
            "above_scale_share_at_level",
            _("规上企业中改造后达到指定等级的比例（按细分行业）"),
            above_scale_share_at_level,
            params={"min_level": 2},
            definition=_(
                "每个细分行业中，已有改造后评测的规上企业里改造后等级达到指定等级的比例；国家要求每个细分行业分别达标。"
            ),
            formula=_(
                "改造后等级 ≥ 指定等级的规上企业数 ÷ 已有改造后评测的规上企业数（按细分行业）"
            ),
            population=_("数据范围内、属于细分行业且已有改造后评测的规上企业"),
        )
    )
