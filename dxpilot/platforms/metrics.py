"""Programme metrics computed from the platform registry and cloud adoption (registered in
PlatformsConfig.ready).

- `cloud_coverage`: share (0..1) of pilot enterprises with at least one adoption (上云上平台全覆盖),
  with the breakdown per 细分行业; None when the scope has no pilot enterprise.
- `new_national_platforms`: platforms at national or 双跨 level recognised within the programme
  period.
- `platform_system_20_80`: platforms in Hefei's "20+80" system.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from dxpilot.platforms.models import Platform, SystemGroup
from dxpilot.platforms.models.platform import NATIONAL_LEVELS
from dxpilot.platforms.selectors import coverage_by_segment, coverage_share
from dxpilot.programs.metrics import Measure, Metric, Scope, register
from dxpilot.programs.models import Target


def cloud_coverage(target: Target, scope: Scope) -> Measure:
    total = coverage_share(scope.enterprises)
    segments = [
        {
            "segment__name": row.label,
            "total": row.total,
            "reached": row.covered,
            "share": row.percent,
            "met": row.share is not None and row.share >= target.value,
        }
        for row in coverage_by_segment(scope.enterprises)
    ]
    return Measure(actual=total.share, segments=segments, population=total.total)


def new_national_platforms(target: Target, scope: Scope) -> Measure:
    program = scope.program
    platforms = Platform.objects.filter(
        program=program,
        level__in=NATIONAL_LEVELS,
        recognised_on__gte=program.starts_on,
        recognised_on__lte=program.ends_on,
    )
    count = platforms.count()
    return Measure(Decimal(count), population=count)


def platform_system_20_80(target: Target, scope: Scope) -> Measure:
    platforms = Platform.objects.filter(program=scope.program).exclude(
        system_group=SystemGroup.NONE
    )
    count = platforms.count()
    return Measure(Decimal(count), population=count)


def register_metrics() -> None:
    register(
        Metric(
            "cloud_coverage",
            _("上云上平台的试点企业比例（至少一条上云记录）"),
            cloud_coverage,
            definition=_("试点企业中已登记使用云服务或工业互联网平台的比例（上云上平台全覆盖）。"),
            formula=_("有至少一条上云上平台记录的试点企业数 ÷ 试点企业数"),
            population=_("查看范围内的试点企业（已入库）"),
        )
    )
    register(
        Metric(
            "new_national_platforms",
            _("试点期内新认定的国家级（含“双跨”）平台数"),
            new_national_platforms,
            definition=_("平台名录中认定日期在试点期内、级别为国家级或“双跨”的平台。"),
            formula=_("认定日期在试点起止日期之间的国家级及“双跨”平台计数"),
            population=_("本试点平台名录中的平台"),
        )
    )
    register(
        Metric(
            "platform_system_20_80",
            _("纳入“20+80”平台体系的平台数"),
            platform_system_20_80,
            definition=_(
                "平台名录中标注为“20+80”体系（20 个行业级平台、80 个工业互联网平台）的平台。"
            ),
            formula=_("体系分组不为“无”的平台计数"),
            population=_("本试点平台名录中的平台"),
        )
    )
