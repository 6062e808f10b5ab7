"""Cells and files a script or a careless clerk produces (issue 14): NaN, Inf, error values,
booleans and dates in number columns are refused cell by cell (no internal error); a merged
header is called a merged header; sizes are said so that the file is visibly over the limit;
a zip bomb named .xlsx is refused before it is opened."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from dxpilot.enterprises.models import Enterprise
from dxpilot.exchange.models import ImportJob, JobStatus, ReportLine
from dxpilot.exchange.services import start_import
from dxpilot.exchange.tests.workbooks import HEADERS, row, upload, xlsx
from dxpilot.testing import World

pytestmark = pytest.mark.django_db
REVENUE, EMPLOYEES = "营业收入（万元）", "从业人员（人）"
AMOUNT = "“营业收入（万元）”应为数字（单位：万元，例如 500 或 1234.56），收到“{v}”。"
INTEGER = "“从业人员（人）”应为整数，收到“{v}”。"


def raw_cell(content: bytes, cell: str, raw: str, kind: str | None = None) -> bytes:
    """The workbook with `cell` rewritten in the sheet XML (what a script may write)."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                attribute = f' t="{kind}"' if kind else ""
                data = re.sub(
                    rb'<c r="%s"[^>]*>.*?</c>' % cell.encode(),
                    f'<c r="{cell}"{attribute}><v>{raw}</v></c>'.encode(),
                    data,
                )
            target.writestr(item, data)
    return out.getvalue()


def run(world: World, content: bytes) -> ImportJob:
    return start_import(world.program, "enterprises", upload(content), actor=world.officer_a)


def report(job: ImportJob) -> list[tuple[int | None, str, str]]:
    lines = job.lines.filter(outcome=ReportLine.Outcome.ERROR).order_by("row", "pk")
    return [(line.row, line.column, line.message) for line in lines]


@pytest.mark.parametrize(
    ("raw", "kind", "amount", "integer"),
    [
        ("NaN", None, "nan", "nan"),
        ("inf", None, "inf", "inf"),
        ("1e400", None, "inf", "inf"),
        ("#DIV/0!", "e", "#DIV/0!", "#DIV/0!"),
        ("1", "b", "True", "True"),
    ],
)
def test_odd_number_cells_are_refused_cell_by_cell(
    world: World, raw: str, kind: str | None, amount: str, integer: str
) -> None:
    before = Enterprise.objects.count()
    revenue_cell = f"{chr(ord('A') + HEADERS.index(REVENUE))}2"
    employees_cell = f"{chr(ord('A') + HEADERS.index(EMPLOYEES))}2"
    content = raw_cell(raw_cell(xlsx([row(1)]), revenue_cell, raw, kind), employees_cell, raw, kind)
    job = run(world, content)
    assert job.status == JobStatus.REJECTED
    assert report(job) == [
        (2, EMPLOYEES, INTEGER.format(v=integer)),
        (2, REVENUE, AMOUNT.format(v=amount)),
    ]
    assert Enterprise.objects.count() == before


def test_a_date_in_a_number_column_is_refused_by_name(world: World) -> None:
    job = run(world, xlsx([row(1, **{REVENUE: date(2020, 1, 5)})]))
    assert report(job) == [(2, REVENUE, AMOUNT.format(v="2020-01-05"))]


def test_a_merged_header_is_reported_as_merged_not_as_missing(world: World) -> None:
    job_or_error: Any = run(world, xlsx([row(1)], merge=["J1:K1"]))
    assert job_or_error.status == JobStatus.REJECTED
    assert report(job_or_error) == [(None, "", "表头含合并单元格（J1:K1），请取消合并后再上传。")]


@override_settings(DXPILOT_IMPORT_MAX_BYTES=10 * 1024 * 1024)
def test_a_file_just_over_the_limit_does_not_read_as_equal_to_it(world: World) -> None:
    file = upload(b"PK\x03\x04")
    file.size = 10 * 1024 * 1024 + 1
    with pytest.raises(ValidationError) as caught:
        start_import(world.program, "enterprises", file, actor=world.officer_a)
    assert caught.value.message_dict["file"] == [
        "文件大小 10.1 MB 超过导入上限 10.0 MB，请拆分为多个文件分批导入。"
    ]


@override_settings(DXPILOT_IMPORT_MAX_UNCOMPRESSED_BYTES=1024 * 1024)
def test_a_zip_bomb_named_xlsx_is_refused_before_it_is_opened(world: World) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(ValidationError) as caught:
        start_import(
            world.program, "enterprises", upload(out.getvalue(), "清单.xlsx"), actor=world.officer_a
        )
    assert caught.value.message_dict["file"] == [
        "“清单.xlsx”解压后为 8.1 MB，超过导入上限 1.0 MB，已拒绝。请拆分为多个文件分批导入。"
    ]
    assert not ImportJob.objects.exists()
