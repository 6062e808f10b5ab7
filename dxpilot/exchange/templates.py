"""Downloadable import templates: Chinese headers with explanatory comments, drop-down lists
(from a hidden 代码表 sheet, since inline lists are capped at 255 characters), text-formatted code
columns (credit codes and phone numbers keep their digits), and a 填写说明 sheet."""

from __future__ import annotations

from io import BytesIO

import xlsxwriter
from django.conf import settings
from django.utils.translation import gettext as _
from xlsxwriter.worksheet import Worksheet

from dxpilot.exchange.importers.base import Importer

LIST_SHEET = "代码表"


def build_template(importer: Importer) -> bytes:
    out = BytesIO()
    max_rows = settings.DXPILOT_IMPORT_MAX_ROWS
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(_(importer.sheet_title))
    notes = workbook.add_worksheet(_("填写说明"))
    lists_sheet = workbook.add_worksheet(LIST_SHEET)
    lists_sheet.hide()
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    required = workbook.add_format(
        {"bold": True, "bg_color": "#FCE4D6", "border": 1, "font_color": "#9C0006"}
    )
    text = workbook.add_format({"num_format": "@"})
    lists = importer.lists()
    list_columns: dict[str, int] = {}
    for n, (name, values) in enumerate(lists.items()):
        list_columns[name] = n
        lists_sheet.write_column(0, n, values)
    for n, column in enumerate(importer.columns):
        sheet.write_string(0, n, column.label, required if column.required else header)
        sheet.set_column(n, n, column.width, text if column.text else None)
        comment = _("必填") if column.required else _("选填")
        if column.help:
            comment += "：" + _(column.help)
        sheet.write_comment(0, n, comment, {"x_scale": 2, "y_scale": 1.4})
        values = lists.get(column.choices, [])
        if values:
            letter = xlsxwriter.utility.xl_col_to_name(list_columns[column.choices])
            sheet.data_validation(
                1, n, max_rows, n,
                {
                    "validate": "list",
                    "source": f"='{LIST_SHEET}'!${letter}$1:${letter}${len(values)}",
                    # A warning, not a stop: codes and other spellings are accepted too.
                    "error_type": "warning",
                    "error_title": _("不在列表中"),
                    "error_message": _("建议从下拉列表中选择；也可以填写代码。"),
                },
            )  # fmt: skip
    sheet.freeze_panes(1, 0)
    _write_notes(workbook, notes, importer, max_rows)
    workbook.close()
    return out.getvalue()


def _write_notes(
    workbook: xlsxwriter.Workbook, notes: Worksheet, importer: Importer, max_rows: int
) -> None:
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    notes.set_column(0, 0, 22)
    notes.set_column(1, 1, 10)
    notes.set_column(2, 2, 90, wrap)
    notes.write(0, 0, _("{label}导入模板填写说明").format(label=_(importer.label)), bold)
    row = 2
    limits = _("每个文件最多 {rows} 行、{mb} MB。").format(
        rows=max_rows, mb=settings.DXPILOT_IMPORT_MAX_BYTES // (1024 * 1024)
    )
    for line in [*(_(n) for n in importer.notes), limits]:
        notes.write_string(row, 0, "· " + line)
        row += 1
    row += 1
    for n, title in enumerate((_("列名"), _("是否必填"), _("说明"))):
        notes.write_string(row, n, title, bold)
    for column in importer.columns:
        row += 1
        notes.write_string(row, 0, column.label)
        notes.write_string(row, 1, _("必填") if column.required else _("选填"))
        notes.write_string(row, 2, _(column.help) if column.help else "")
