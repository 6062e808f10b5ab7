"""技改项目清单 as the user's scope and the list page's filters reach it. The first columns are the
import template's, so an exported file can be corrected and imported again."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from dxpilot.accounts.models import OFFICIAL_ROLES
from dxpilot.exchange.exporters.base import ExportColumn, Exporter
from dxpilot.upgrades.models import EquipmentCategory, UpgradeProject, UpgradeStatus
from dxpilot.upgrades.selectors import FILTER_NAMES, UpgradeFilters, search_upgrade_projects

FIELDS = (
    "enterprise__credit_code", "name", "total_investment", "equipment_investment", "category",
    "status", "start_on", "end_on", "enterprise__name", "enterprise__division__name",
    "enterprise__zone__name",
)  # fmt: skip


class UpgradeExporter(Exporter):
    key = "upgrades"
    label = gettext_noop("技改项目清单")
    roles = OFFICIAL_ROLES
    filter_names = FILTER_NAMES
    columns = (
        ExportColumn(gettext_noop("统一社会信用代码"), 22),
        ExportColumn(gettext_noop("项目名称"), 32),
        ExportColumn(gettext_noop("总投资（万元）"), 14, "amount"),
        ExportColumn(gettext_noop("设备投资（万元）"), 14, "amount"),
        ExportColumn(gettext_noop("设备更新方向"), 14),
        ExportColumn(gettext_noop("项目状态"), 10),
        ExportColumn(gettext_noop("开工日期"), 12, "date"),
        ExportColumn(gettext_noop("完工日期"), 12, "date"),
        ExportColumn(gettext_noop("企业名称"), 32),
        ExportColumn(gettext_noop("行政区划")),
        ExportColumn(gettext_noop("开发区"), 24),
    )

    def queryset(self, user: Any, filters: dict[str, str]) -> QuerySet[UpgradeProject]:
        # The list page's own search, so the file holds exactly the rows the page showed.
        wanted = {name: filters.get(name, "") for name in FILTER_NAMES}
        return search_upgrade_projects(user, UpgradeFilters(**wanted))

    def rows(self, queryset: QuerySet[UpgradeProject], *, masked: bool) -> Iterator[Sequence[Any]]:
        categories, statuses = dict(EquipmentCategory.choices), dict(UpgradeStatus.choices)
        for row in queryset.values_list(*FIELDS).iterator(chunk_size=2000):
            code, name, total, equipment, category, status, start, end, firm, division, zone = row
            yield (
                code, name, total, equipment, str(categories.get(category, category)),
                str(statuses.get(status, status)), start, end, firm, division, zone or "",
            )  # fmt: skip
