"""The annotated copy of a refused upload: the user's own file, with an error column at the end
of each refused row, the offending cells in red with the reason as a comment, and a sheet that
lists every error."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from dxpilot.exchange.importers.base import Column, RowCheck
from dxpilot.exchange.sheet import Layout

RED_FILL = PatternFill("solid", fgColor="FFC7CE")
RED_FONT = Font(color="9C0006")
HEADER_FONT = Font(bold=True, color="9C0006")
AUTHOR = "dxpilot"


def annotate(
    source: str | Path,
    layout: Layout,
    rows: Sequence[RowCheck],
    columns: dict[str, Column],
    out: IO[bytes],
) -> None:
    workbook = load_workbook(source)  # full mode: keeps the user's formatting
    sheet = workbook[layout.sheet_title]
    error_column = layout.width + 1
    header = sheet.cell(layout.header_row, error_column, _("错误说明"))
    header.font = HEADER_FONT
    sheet.column_dimensions[get_column_letter(error_column)].width = 60
    summary = workbook.create_sheet(_("错误报告"), 0)
    summary.append([_("行号"), _("列"), _("单元格内容"), _("错误说明")])
    for cell in summary[1]:
        cell.font = HEADER_FONT
    for letter, width in zip("ABCD", (8, 22, 24, 80), strict=True):
        summary.column_dimensions[letter].width = width
    for row in rows:
        if not row.errors:
            continue
        by_cell: dict[int, list[str]] = {}
        for key, message in row.errors:
            index = layout.columns.get(key)
            if index is not None:
                by_cell.setdefault(index, []).append(message)
            label = columns[key].label if key in columns else ""
            summary.append([row.number, label, None, message])
            # The user's text as a string cell, never a formula (openpyxl reads "=…" as one).
            cell = summary.cell(summary.max_row, 3, str(row.raw.get(key, ""))[:200])
            cell.data_type = "s"
        for index, messages in by_cell.items():
            cell = sheet.cell(row.number, index)
            cell.fill = RED_FILL
            if not isinstance(cell, MergedCell):
                cell.comment = Comment("\n".join(messages), AUTHOR, width=320, height=120)
        note = sheet.cell(row.number, error_column, "；".join(m for _k, m in row.errors))
        note.font = RED_FONT
    summary.freeze_panes = "A2"
    workbook.active = 0
    workbook.save(out)
