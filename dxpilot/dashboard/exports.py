"""The drill-down list as Excel columns (written by core.xlsx.write_xlsx, constant memory)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from dxpilot.assessment import engine
from dxpilot.core.xlsx import ExportColumn
from dxpilot.enterprises.models import SizeClass

DRILL_COLUMNS = (
    ExportColumn(gettext_noop("统一社会信用代码"), 22),
    ExportColumn(gettext_noop("企业名称"), 32),
    ExportColumn(gettext_noop("行政区划")),
    ExportColumn(gettext_noop("开发区"), 24),
    ExportColumn(gettext_noop("细分行业"), 24),
    ExportColumn(gettext_noop("企业规模"), 10),
    ExportColumn(gettext_noop("规上"), 8),
    ExportColumn(gettext_noop("试点企业"), 10),
    ExportColumn(gettext_noop("改造前等级"), 12),
    ExportColumn(gettext_noop("改造后等级"), 12),
    ExportColumn(gettext_noop("奖补金额（元）"), 16, "amount"),
)


def _level(value: int | None) -> str:
    return "" if value is None else engine.level_name(value)


def drill_export_rows(rows: QuerySet[Any]) -> Iterator[Sequence[Any]]:
    sizes = dict(SizeClass.choices)
    for row in rows.iterator(chunk_size=2000):
        yield (
            row["credit_code"],
            row["name"],
            row["division__name"],
            row["zone__name"],
            row["segment__name"],
            str(sizes.get(row["size_class"], row["size_class"])),
            row["above_scale"],
            row["is_pilot"],
            _level(row["t0"]),
            _level(row["t1"]),
            row["subsidy_amount"],
        )
