"""A submission's file, written from its stored records (the same bytes each time it is
downloaded): JSON streamed record by record, or .xlsx in XlsxWriter's constant-memory mode."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from django.utils.translation import gettext as _

from dxpilot.exchange.exporters.base import needs_quote
from dxpilot.national.models import Change, Submission

ROWS_PER_FETCH = 2000


def _records(submission: Submission) -> Iterator[tuple[str, dict[str, Any]]]:
    rows = submission.records.order_by("key").values_list("change", "payload")
    yield from rows.iterator(chunk_size=ROWS_PER_FETCH)


def header(submission: Submission) -> dict[str, Any]:
    return {
        "number": submission.number,
        "program": submission.program.key,
        "created_at": submission.created_at.isoformat(),
        "previous": submission.previous.number if submission.previous else None,
        "mapping_version": submission.mapping_version,
        "key": submission.mapping.get("key"),
        "records": submission.records_count,
        "withdrawn": submission.withdrawn_count,
        "digest": submission.digest,
    }


def write_json(submission: Submission, out: IO[str]) -> int:
    """{"submission": {…}, "records": [{"change", "record"}, …]}; returns the records written."""
    out.write('{"submission": ')
    out.write(json.dumps(header(submission), ensure_ascii=False))
    out.write(', "records": [')
    count = 0
    for change, payload in _records(submission):
        if count:
            out.write(", ")
        out.write(json.dumps({"change": change, "record": payload}, ensure_ascii=False))
        count += 1
    out.write("]}\n")
    return count


def write_xlsx(submission: Submission, path: str | Path) -> int:
    """Row 1 the column labels, row 2 the national field names, then one row per record."""
    fields = submission.mapping["fields"]
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet(_("报送记录")[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    muted = workbook.add_format({"font_color": "#595959", "border": 1})
    quoted = workbook.add_format({"quote_prefix": True})
    labels = dict(Change.choices)
    # Constant-memory mode writes row by row: a row is final once the next one is started.
    sheet.set_column(0, len(fields), 16)
    sheet.write_string(0, 0, _("变化"), bold)
    for n, field in enumerate(fields, start=1):
        sheet.write_string(0, n, field["label"], bold)
    sheet.write_string(1, 0, "change", muted)
    for n, field in enumerate(fields, start=1):
        sheet.write_string(1, n, field["name"], muted)
    sheet.freeze_panes(2, 1)
    count = 0
    for count, (change, payload) in enumerate(_records(submission), start=1):
        row = count + 1
        sheet.write_string(row, 0, str(labels.get(change, change)))
        for n, field in enumerate(fields, start=1):
            value = payload.get(field["name"])
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                sheet.write_string(row, n, _("是") if value else _("否"))
            elif isinstance(value, int | float):
                sheet.write_number(row, n, value)
            else:
                text = str(value)
                sheet.write_string(row, n, text, quoted if needs_quote(text) else None)
    workbook.close()
    return count


def write_file(submission: Submission, fmt: str, path: str | Path) -> int:
    """The submission as `fmt` ("json" or "xlsx") at `path`; returns the records written."""
    if fmt == "json":
        with open(path, "w", encoding="utf-8") as out:
            return write_json(submission, out)
    if fmt == "xlsx":
        return write_xlsx(submission, path)
    raise ValueError(f"unknown format {fmt!r}")


def file_name(submission: Submission, fmt: str) -> str:
    return f"national-{submission.program.key}-{submission.number:04d}.{fmt}"
