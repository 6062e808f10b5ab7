"""Park events, as the user's park scope reaches them, filtered like the event list page."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from dxpilot.exchange.exporters.base import ExportColumn, Exporter
from dxpilot.parks.models import EventKind, EventStatus, ParkEvent
from dxpilot.parks.selectors import READERS, EventFilters, search_events

FIELDS = (
    "held_on", "title", "kind", "park__name", "park__division__name", "park__segment__name",
    "organiser", "planned_attendance", "actual_attendance", "status", "n_photos", "description",
)  # fmt: skip


class ParkEventExporter(Exporter):
    key = "park_events"
    label = gettext_noop("园区活动")
    roles = READERS
    filter_names = ("park", "kind", "status", "year", "division")
    columns = (
        ExportColumn(gettext_noop("活动日期"), 12, "date"),
        ExportColumn(gettext_noop("活动名称"), 32),
        ExportColumn(gettext_noop("活动类型"), 14),
        ExportColumn(gettext_noop("园区"), 28),
        ExportColumn(gettext_noop("所在开发区或区划"), 22),
        ExportColumn(gettext_noop("主导细分行业"), 22),
        ExportColumn(gettext_noop("主办单位"), 24),
        ExportColumn(gettext_noop("计划参加人数"), 12, "integer"),
        ExportColumn(gettext_noop("实际参加人数"), 12, "integer"),
        ExportColumn(gettext_noop("状态"), 10),
        ExportColumn(gettext_noop("照片"), 8, "integer"),
        ExportColumn(gettext_noop("活动内容"), 40),
    )

    def queryset(self, user: Any, filters: dict[str, str]) -> QuerySet[ParkEvent]:
        # The list page's own search, so the file holds exactly the rows the page showed.
        return search_events(user, EventFilters.parse(filters))

    def rows(self, queryset: QuerySet[ParkEvent], *, masked: bool) -> Iterator[Sequence[Any]]:
        kinds, statuses = dict(EventKind.choices), dict(EventStatus.choices)
        for row in queryset.values_list(*FIELDS).iterator(chunk_size=2000):
            (held_on, title, kind, park, division, segment, organiser, planned, actual, status,
             photos, description) = row  # fmt: skip
            yield (
                held_on, title, str(kinds.get(kind, kind)), park, division, segment, organiser,
                planned, actual, str(statuses.get(status, status)), photos, description,
            )  # fmt: skip
