"""Assessments and their levels, as the user's assessment scope reaches them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from dxpilot.accounts.models import Role
from dxpilot.assessment import engine
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.selectors import visible_assessments
from dxpilot.exchange.exporters.base import ExportColumn, Exporter

FIELDS = (
    "enterprise__name", "enterprise__credit_code", "enterprise__division__name", "enterprise__segment__name",
    "kind", "status", "edition", "assessed_on", "total", "level", "assessor__display_name",
    "assessor__username", "submitted_at", "locked_at",
)  # fmt: skip


class AssessmentExporter(Exporter):
    key = "assessments"
    label = gettext_noop("评测与等级")
    roles = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})
    columns = (
        ExportColumn(gettext_noop("企业名称"), 32),
        ExportColumn(gettext_noop("统一社会信用代码"), 22),
        ExportColumn(gettext_noop("行政区划")),
        ExportColumn(gettext_noop("细分行业"), 24),
        ExportColumn(gettext_noop("评测类型"), 22),
        ExportColumn(gettext_noop("状态"), 10),
        ExportColumn(gettext_noop("指标版本"), 10),
        ExportColumn(gettext_noop("评测日期"), 12, "date"),
        ExportColumn(gettext_noop("总分"), 10, "amount"),
        ExportColumn(gettext_noop("等级"), 10),
        ExportColumn(gettext_noop("评测专家")),
        ExportColumn(gettext_noop("提交时间"), 12, "date"),
        ExportColumn(gettext_noop("锁定时间"), 12, "date"),
    )

    def queryset(self, user: Any, filters: dict[str, str]) -> QuerySet[Assessment]:
        return visible_assessments(user).order_by("enterprise__name", "created_at", "pk")

    def rows(self, queryset: QuerySet[Assessment], *, masked: bool) -> Iterator[Sequence[Any]]:
        kinds, statuses = dict(Assessment.Kind.choices), dict(Assessment.Status.choices)
        for row in queryset.values_list(*FIELDS).iterator(chunk_size=2000):
            (name, code, division, segment, kind, status, edition, assessed_on, total, level,
             assessor_name, assessor_username, submitted_at, locked_at) = row  # fmt: skip
            yield (
                name, code, division, segment, str(kinds.get(kind, kind)), str(statuses.get(status, status)),
                edition, assessed_on, total, engine.level_name(level) if level is not None else "",
                assessor_name or assessor_username or "",
                timezone.localtime(submitted_at).date() if submitted_at else None,
                timezone.localtime(locked_at).date() if locked_at else None,
            )  # fmt: skip
