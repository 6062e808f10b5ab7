"""Programme metrics computed from parks and their events (registered in ParksConfig.ready).

- `parks`: "一区一业一样板" pilot parks designated within the programme period (§三.11: 3+).
- `park_events`: park events held in the counted programme year (§三.11: 50+ a year): this
  year, or the last year of the period once it has ended; the breakdown lists every year.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxpilot.parks.selectors import counted_year, held_events, held_per_year, programme_parks
from dxpilot.programs.metrics import Entrant, Exclusion, Measure, Metric, Scope, register
from dxpilot.programs.models import Target


def pilot_parks(target: Target, scope: Scope) -> Measure:
    program = scope.program
    parks = programme_parks(program.pk, scope.user)
    counted = parks.filter(
        is_pilot=True, designated_on__gte=program.starts_on, designated_on__lte=program.ends_on
    )
    count = counted.count()
    others = parks.filter(is_pilot=False).count()
    excluded = [Exclusion(gettext_lazy("未认定为试点园区的园区"), others)] if others else []
    return Measure(Decimal(count), population=count + others, excluded=excluded)


def park_events(target: Target, scope: Scope) -> Measure:
    program = scope.program
    year = counted_year(program)
    per_year = held_per_year(program, scope.user)
    segments = [
        {
            "segment__name": _("{year} 年").format(year=y),
            "total": int(target.value),
            "reached": n,
            "share": min(100, int(n * 100 / target.value)) if target.value else 0,
            "met": n >= target.value,
        }
        for y, n in per_year.items()
    ]
    held = held_events(program.pk, scope.user)
    other_years = sum(n for y, n in per_year.items() if y != year)
    excluded = [Exclusion(gettext_lazy("其他年度举办的活动"), other_years)] if other_years else []
    entrants = (
        held.filter(held_on__year=year)
        .values("closed_by__display_name", "closed_by__username")
        .annotate(n=Count("pk"))
        .order_by("-n", "closed_by__username")
    )
    return Measure(
        Decimal(per_year.get(year, 0)),
        segments=segments,
        population=per_year.get(year, 0),
        excluded=excluded,
        entered_by=[
            Entrant(r["closed_by__display_name"] or r["closed_by__username"] or "—", r["n"])
            for r in entrants
        ],
        records_url=f"{reverse('parks:events')}?status=held&year={year}",
    )


def register_metrics() -> None:
    register(
        Metric(
            "parks",
            gettext_lazy("“一区一业一样板”试点园区数"),
            pilot_parks,
            definition=gettext_lazy(
                "园区名录中由市级认定为“一区一业一样板”试点、认定日期在试点期内的园区。"
            ),
            formula=gettext_lazy("认定日期在试点起止日期之间的试点园区计数"),
            population=gettext_lazy("查看范围内登记的园区"),
        )
    )
    register(
        Metric(
            "park_events",
            gettext_lazy("本年度已举办的“政策进园区”等园区活动场次"),
            park_events,
            definition=gettext_lazy(
                "在园区举办并登记为已举办的活动（政策、网络、标识、平台进园区，现场会、对接会、"
                "培训等），按活动日期所在的试点年度计；试点期结束后计最后一个年度。"
            ),
            formula=gettext_lazy("活动日期在统计年度内、状态为已举办的园区活动计数"),
            population=gettext_lazy("查看范围内园区的已举办活动"),
        )
    )
