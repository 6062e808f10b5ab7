"""Reading an uploaded workbook: one streaming pass (openpyxl read-only), header located by name.

Decisions, each explained to the user when it applies:
- The header row is found by its names in the first rows (district files often have a title row
  above it); columns may come in any order; unknown columns are ignored and listed.
- Formulas are refused, cell by cell: a formula's cached result is missing in files written by
  scripts and some office suites and may be stale in others, so the value we would import is not
  the one the district saw. Users paste values instead.
- Merged cells are refused in the header and data rows: a merged range holds its value in the
  first row only, so the other rows would silently lose it. (openpyxl's read-only mode does not
  expose merges; they are read from the sheet's XML.)
- Empty rows between data rows are skipped and reported; trailing empty rows are ignored.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet import _reader

from dxpilot.exchange.cells import display, is_blank, is_formula, normal_header

HEADER_SEARCH_ROWS = 10
_cast_number = _reader._cast_number


def _tolerant_cast_number(value: str) -> Any:
    """openpyxl reads a numeric cell's text with int() unless it holds "." or "E", so a cell
    written by a script as NaN or inf raises ValueError mid-row and the whole import failed
    with an internal error. Read such a cell as a float (NaN, inf) or as its text instead; the
    column's cell parser then refuses it by name, cell by cell."""
    try:
        return _cast_number(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return value


_reader._cast_number = _tolerant_cast_number
MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


class FileRefusedError(Exception):
    """The file as a whole cannot be imported; `messages` says why (Chinese)."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class HeaderSpec:
    """What the reader needs to know about one column of an importer."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass
class SheetRow:
    number: int
    values: dict[str, Any]
    # (column key, message) for cells that cannot be read at all: formulas, merged cells.
    problems: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Layout:
    sheet_title: str
    header_row: int
    columns: dict[str, int]  # column key -> 1-based column index
    width: int  # columns in the header row (the annotated file adds its own after them)
    ignored: list[str]


def formula_message(header: str, value: Any) -> str:
    text = value if isinstance(value, str) else "=" + str(getattr(value, "text", ""))
    return _(
        "“{column}”是公式“{formula}”。本系统不导入公式（其计算结果可能缺失或过时），"
        "请把该列复制后“选择性粘贴为数值”再上传。"
    ).format(column=header, formula=text[:60])


class SheetReader:
    """Open with `with SheetReader(path, specs, title) as reader:` then iterate `reader.rows()`."""

    def __init__(self, path: str | Path, specs: Sequence[HeaderSpec], preferred_title: str) -> None:
        self.path = str(path)
        self.specs = list(specs)
        self.by_key = {spec.key: spec for spec in self.specs}
        self.preferred_title = preferred_title
        self.layout: Layout | None = None
        self.estimated_rows = 0

    def __enter__(self) -> SheetReader:
        try:
            self.workbook = load_workbook(self.path, read_only=True, data_only=False)
        except Exception:  # openpyxl raises many types for a broken file (KeyError, zip errors…)
            message = _("文件无法作为 Excel 工作簿读取（可能已损坏），未导入任何数据。")
            raise FileRefusedError([message]) from None
        names = self.workbook.sheetnames
        title = self.preferred_title if self.preferred_title in names else names[0]
        self.sheet = self.workbook[title]
        self.estimated_rows = self.sheet.max_row or 0
        # Dimensions written by other tools are often wrong (A1:XFD1048576); read what is there.
        self.sheet.reset_dimensions()
        return self

    def __exit__(self, *exc: object) -> None:
        self.workbook.close()

    def rows(
        self, *, max_rows: int, on_progress: Callable[[int], None] | None = None
    ) -> Iterator[SheetRow | int]:
        """Yield each data row, or the number of an empty row between data rows."""
        lines = self.sheet.iter_rows(values_only=True)
        head: list[tuple[Any, ...]] = []
        for values in lines:
            head.append(values)
            if self._find_header(head) or len(head) >= HEADER_SEARCH_ROWS:
                break
        layout = self.layout
        if layout is None:
            first = self.specs[0]
            raise FileRefusedError(
                [
                    _(
                        "前 {n} 行中找不到表头（应有“{column}”等列名），请使用下载的模板填写。"
                    ).format(n=HEADER_SEARCH_ROWS, column=first.header)
                ]
            )
        merged = self._merged_cells(layout, last_row=layout.header_row + 2 * max_rows + 1000)
        columns = list(layout.columns.items())
        number, data_rows, pending_empty = layout.header_row, 0, []
        for values in lines:
            number += 1
            row = SheetRow(number=number, values={})
            width = len(values)
            for key, index in columns:
                value = values[index - 1] if index <= width else None
                if is_blank(value):
                    continue
                if is_formula(value):
                    row.problems.append((key, formula_message(self.by_key[key].header, value)))
                else:
                    row.values[key] = value
            for key, message in merged.get(number, ()):
                row.problems.append((key, message))
            if not row.values and not row.problems:
                pending_empty.append(number)
                continue
            yield from pending_empty
            pending_empty = []
            data_rows += 1
            if data_rows > max_rows:
                raise FileRefusedError(
                    [
                        _("数据超过 {limit} 行的上限，请拆分为多个文件分批导入。").format(
                            limit=max_rows
                        )
                    ]
                )
            if on_progress is not None and data_rows % 1000 == 0:
                on_progress(data_rows)
            yield row

    def _find_header(self, head: list[tuple[Any, ...]]) -> bool:
        names: dict[str, str] = {}
        for spec in self.specs:
            for name in (spec.header, *spec.aliases):
                names[normal_header(name)] = spec.key
        values = head[-1]
        found = {
            n: names.get(normal_header(v)) for n, v in enumerate(values, start=1) if not is_blank(v)
        }
        if self.specs[0].key not in found.values():
            return False
        columns: dict[str, int] = {}
        problems, ignored = [], []
        for n, key in found.items():
            if key is None:
                ignored.append(display(values[n - 1]))
            elif key in columns:
                problems.append(
                    _("表头中“{column}”出现了两次（第 {a} 列和第 {b} 列）。").format(
                        column=self.by_key[key].header,
                        a=get_column_letter(columns[key]),
                        b=get_column_letter(n),
                    )
                )
            else:
                columns[key] = n
        missing = [spec.header for spec in self.specs if spec.required and spec.key not in columns]
        if missing:
            # A merged header cell hides the names of the columns it covers: say so, not that
            # they are missing.
            header_row = len(head)
            for ref in self._merge_refs():
                _c1, min_row, _c2, max_row = range_boundaries(ref)
                if min_row <= header_row <= max_row:
                    raise FileRefusedError(
                        [_("表头含合并单元格（{ref}），请取消合并后再上传。").format(ref=ref)]
                    )
            problems.append(
                _("缺少必需的列：{columns}。请使用下载的模板填写。").format(
                    columns="、".join(missing)
                )
            )
        if problems:
            raise FileRefusedError(problems)
        self.layout = Layout(
            sheet_title=self.sheet.title,
            header_row=len(head),
            columns=columns,
            width=len(values),
            ignored=ignored,
        )
        return True

    def _merge_refs(self) -> list[str]:
        """The sheet's merged ranges ("A1:B1"), read once from its XML."""
        cached: list[str] | None = getattr(self, "_merges", None)
        if cached is not None:
            return cached
        path = getattr(self.sheet, "_worksheet_path", None)
        refs: list[str] = []
        if path is not None:
            with zipfile.ZipFile(self.path) as archive, archive.open(path) as xml:
                refs = [raw.decode() for raw in MERGE.findall(xml.read())]
        self._merges = refs
        return refs

    def _merged_cells(self, layout: Layout, *, last_row: int) -> dict[int, list[tuple[str, str]]]:
        """Row number -> (column key, message) for each mapped cell inside a merged range."""
        refs = self._merge_refs()
        by_index = {index: key for key, index in layout.columns.items()}
        found: dict[int, list[tuple[str, str]]] = {}
        for ref in refs:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
            if max_row < layout.header_row:
                continue  # a title above the header
            if min_row <= layout.header_row:
                raise FileRefusedError(
                    [_("表头含合并单元格（{ref}），请取消合并后再上传。").format(ref=ref)]
                )
            keys = [by_index[c] for c in range(min_col, max_col + 1) if c in by_index]
            for number in range(min_row, min(max_row, last_row) + 1):
                for key in keys:
                    message = _(
                        "“{column}”位于合并单元格 {ref} 中，请取消合并并在每一行填写完整。"
                    ).format(column=self.by_key[key].header, ref=ref)
                    found.setdefault(number, []).append((key, message))
        return found
