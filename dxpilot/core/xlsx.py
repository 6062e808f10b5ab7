"""Excel writing shared by every export (exchange's exporters, the dashboard's drill-down lists):
XlsxWriter in constant-memory mode (each row is flushed to disk as it is written, so memory does
not grow with the row count).

Formula injection: a text cell starting with = + - @, a tab or a carriage return could run as a
formula when the file is opened or converted to CSV (`=cmd|' /C calc'!A0`). Every text is
written with write_string (never as a formula) and those cells also carry Excel's quote prefix,
the apostrophe Excel itself shows for "text that looks like a formula"; the value is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class ExportColumn:
    header: str  # a gettext_noop msgid
    width: int = 16
    kind: str = "text"  # text | integer | amount | date


def needs_quote(value: str) -> bool:
    return value.startswith(FORMULA_TRIGGERS)


def write_xlsx(
    path: str | Path,
    title: str,
    columns: Sequence[ExportColumn],
    rows: Iterable[Sequence[Any]],
    *,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write `rows` under `columns` to a file (constant-memory mode needs a real file, its rows
    go through temporary files); returns the number of rows written."""
    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    workbook = xlsxwriter.Workbook(str(path), options)
    sheet = workbook.add_worksheet(title[:31])
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    quoted = workbook.add_format({"quote_prefix": True})
    formats = {
        "amount": workbook.add_format({"num_format": "#,##0.00"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
    }
    for n, column in enumerate(columns):
        sheet.set_column(n, n, column.width)
        sheet.write_string(0, n, _(column.header), header)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for n, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(count, n, value, quoted if needs_quote(value) else None)
            elif isinstance(value, bool):
                sheet.write_string(count, n, _("是") if value else _("否"))
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(count, n, float(value), formats.get(columns[n].kind))
            elif isinstance(value, datetime | date):
                if not isinstance(value, datetime):
                    value = datetime.combine(value, datetime.min.time())
                # Excel has no time zones: exporters pass local dates and times.
                sheet.write_datetime(count, n, value.replace(tzinfo=None), formats["date"])
            else:
                text = str(value)
                sheet.write_string(count, n, text, quoted if needs_quote(text) else None)
        if on_progress is not None and count % PROGRESS_EVERY == 0:
            on_progress(count)
    if count:
        sheet.autofilter(0, 0, count, len(columns) - 1)
    workbook.close()
    return count
