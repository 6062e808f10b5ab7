"""The Excel annex of a circular or an evaluation report (XlsxWriter), from its stored content:
one sheet per table, numbers written as numbers (rates as fractions with a % format)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _

from dxpilot.exchange.exporters.base import needs_quote
from dxpilot.reporting import render
from dxpilot.reporting.models import Circular, IssuedDocument, PerformanceEvaluation

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


class _Book:
    def __init__(self, doc: IssuedDocument) -> None:
        self.buffer = BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, OPTIONS)
        self.book.set_properties({"title": render.title(doc)})
        self.bold = self.book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.quoted = self.book.add_format({"quote_prefix": True})
        self.pct = self.book.add_format({"num_format": "0.0%"})
        self.doc = doc

    def sheet(self, name: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        sheet = self.book.add_worksheet(name[:31])
        sheet.write_string(0, 0, f"{render.title(self.doc)}  {render.number_line(self.doc)}")
        for n, label in enumerate(header):
            sheet.set_column(n, n, 14 if n else 28)
            sheet.write_string(1, n, label, self.bold)
        sheet.freeze_panes(2, 0)
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row):
                self._write(sheet, r, c, value)

    def _write(self, sheet: Any, r: int, c: int, value: Any) -> None:
        if value is None or value == "":
            return
        if isinstance(value, tuple):  # ("pct", fraction)
            sheet.write_number(r, c, float(value[1]), self.pct)
        elif isinstance(value, int | float | Decimal):
            sheet.write_number(r, c, float(value))
        else:
            text = str(value)
            sheet.write_string(r, c, text, self.quoted if needs_quote(text) else None)

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def _num(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def _pct(value: Any) -> tuple[str, Decimal] | None:
    number = _num(value)
    return None if number is None else ("pct", number)


def _value(value: Any, row: dict[str, Any]) -> Any:
    return _pct(value) if row.get("ratio") else _num(value)


def circular_xlsx(circular: Circular) -> bytes:
    content = circular.content
    book = _Book(circular)
    book.sheet(
        _("全市总体进展"),
        [_("指标"), _("单位"), _("目标"), _("完成"), _("完成率")],
        [
            [r["name"], "" if r["ratio"] else r["unit"], _value(r["value"], r),
             _value(r["actual"], r), _pct(r["rate"])]
            for r in content["overview"]
        ],
    )  # fmt: skip
    names = {t["key"]: t for t in content["targets"]}
    book.sheet(
        _("各地分项指标"),
        [_("区划"), _("代码"), _("指标"), _("目标份额"), _("分解目标"), _("完成"), _("完成率")],
        [
            [e["name"], e["code"], names[r["key"]]["name"], _pct(e["share"]),
             _value(r["target"], names[r["key"]]), _value(r["actual"], names[r["key"]]),
             _pct(r["rate"])]
            for e in content["divisions"]
            for r in e["rows"]
        ],
    )  # fmt: skip
    book.sheet(
        _("排名"),
        [_("区划"), _("类型"), _("排名"), _("试点企业"), _("平均完成率"), _("逾期事项"), _("进度")],
        [
            [e["name"], _("开发区") if e["zone"] else _("县（市）区"), e["rank"], e["pilots"],
             _pct(e["score"]), e["overdue"], _("滞后") if e["lagging"] else _("正常")]
            for zones in (False, True)
            for e in render.division_rows(circular, zones=zones)
        ],
    )  # fmt: skip
    book.sheet(
        _("逾期事项"),
        [_("区划"), _("企业"), _("项目"), _("节点"), _("计划日期"), _("逾期天数")],
        [
            [r["division"], r["enterprise"], r["project"], r["milestone"], r["planned_on"],
             r["days"]]
            for r in content["overdue"]
        ],
    )  # fmt: skip
    book.sheet(
        _("典型案例"),
        [_("区划"), _("企业"), _("项目"), _("改造前等级"), _("改造后等级"), _("验收日期")],
        [
            [r["division"], r["enterprise"], r["project"], render.level(r["before"]),
             render.level(r["after"]), r["accepted_on"]]
            for r in content["cases"]
        ],
    )  # fmt: skip
    return book.close()


def evaluation_xlsx(evaluation: PerformanceEvaluation) -> bytes:
    book = _Book(evaluation)
    book.sheet(
        _("评价指标"),
        [_("指标"), _("单位"), _("方案目标"), _("阶段目标"), _("完成"), _("完成率"), _("佐证"),
         _("口径"), _("来源")],
        [
            [r["name"], "" if r["ratio"] else r["unit"], _value(r["value"], r),
             _value(r["due"], r), _value(r["actual"], r), _pct(r["rate"]), r["url"],
             r["definition"], r["source"]]
            for r in evaluation.content["indicators"]
        ],
    )  # fmt: skip
    return book.close()
