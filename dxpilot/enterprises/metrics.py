"""Programme metrics counted from honour records (registered in EnterprisesConfig.ready).

A target such as "新增'数字领航'企业和'灯塔工厂' 5 户" counts the **enterprises** (not the records)
with at least one honour of the metric's kinds recognised within the programme period
(Program.starts_on … ends_on, both included), among the enterprises of the viewer's scope.
Honours dated before the period were already held and are not 新增: they are said as excluded.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dxpilot.enterprises.models import Honour, HonourKind
from dxpilot.programs.metrics import Entrant, Exclusion, Measure, Metric, Scope, register
from dxpilot.programs.models import Target

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


def honours_url(kinds: tuple[str, ...]) -> str:
    return f"{reverse('enterprises:honours')}?{urlencode([('kind', k) for k in kinds])}"


def count_honours(
    kinds: tuple[str, ...], *, pilots_only: bool
) -> Callable[[Target, Scope], Measure]:
    def compute(target: Target, scope: Scope) -> Measure:
        program = scope.program
        honours = Honour.objects.filter(
            enterprise__in=scope.enterprises.values("pk"), kind__in=kinds
        )
        in_period = Q(awarded_on__gte=program.starts_on, awarded_on__lte=program.ends_on)
        counted = in_period & Q(enterprise__is_pilot=True) if pilots_only else in_period
        counts = honours.aggregate(
            enterprises=Count("enterprise", filter=counted, distinct=True),
            records=Count("pk", filter=counted),
            outside=Count("pk", filter=~in_period),
            not_pilot=Count("pk", filter=in_period & Q(enterprise__is_pilot=False)),
        )
        entrants = (
            honours.filter(counted)
            .values("recorded_by__display_name", "recorded_by__username")
            .annotate(n=Count("pk"))
            .order_by("-n", "recorded_by__username")
        )
        excluded = [Exclusion(_("认定日期不在试点期内的记录"), counts["outside"])]
        if pilots_only:
            excluded.append(Exclusion(_("非试点企业的记录"), counts["not_pilot"]))
        return Measure(
            Decimal(counts["enterprises"]),
            population=counts["records"],
            excluded=excluded,
            entered_by=[
                Entrant(row["recorded_by__display_name"] or row["recorded_by__username"], row["n"])
                for row in entrants
            ],
            records_url=honours_url(kinds),
        )

    return compute


def _kind_names(kinds: tuple[str, ...]) -> Promise:
    """The kinds' labels, rendered in the reader's language when shown."""
    return format_lazy(
        "{sep}".join("{}" for _kind in kinds),
        *(HonourKind(k).label for k in kinds),
        sep=pgettext_lazy("list separator", "、"),
    )


HONOUR_METRICS: tuple[tuple[str, _StrOrPromise, tuple[str, ...], bool], ...] = (
    (
        "navigator_lighthouse_enterprises",
        _("试点期内新获“数字领航”企业或全球“灯塔工厂”认定的企业数"),
        (HonourKind.DIGITAL_NAVIGATOR, HonourKind.LIGHTHOUSE),
        False,
    ),
    (
        "listed_pilot_enterprises",
        _("试点期内上市的试点企业数"),
        (HonourKind.LISTED,),
        True,
    ),
    (
        "little_giant_champion_enterprises",
        _("试点期内新获专精特新“小巨人”或制造业单项冠军认定的企业数"),
        (HonourKind.LITTLE_GIANT, HonourKind.SINGLE_CHAMPION),
        False,
    ),
)


def register_metrics() -> None:
    for key, label, kinds, pilots_only in HONOUR_METRICS:
        register(
            Metric(
                key,
                label,
                count_honours(kinds, pilots_only=pilots_only),
                definition=format_lazy(
                    _(
                        "按主管部门登记的企业荣誉记录统计（每条记录附认定文号和佐证材料），同一企业多条记录计为一户；荣誉类型：{kinds}。"
                    ),
                    kinds=_kind_names(kinds),
                ),
                formula=_("认定日期在试点期内、类型符合的荣誉记录所涉企业数（去重）"),
                population=(
                    _("数据范围内的试点企业") if pilots_only else _("数据范围内企业名录中的企业")
                ),
            )
        )
