"""Building workbooks for import tests: rows in the template's layout, titles, merges."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from dxpilot.testing import valid_code

HEADERS = [
    "统一社会信用代码", "企业名称", "行政区划", "开发区", "行业代码", "细分行业", "企业性质",
    "优质中小企业情况", "规上", "从业人员（人）", "营业收入（万元）", "成立日期", "地址", "联系人",
    "联系电话", "电子邮箱",
]  # fmt: skip


def code(n: int, division: str = "340104") -> str:
    """A valid credit code in `division` (first 17 characters vary with n)."""
    return valid_code(f"91{division}MA{n:07d}")


def row(n: int, division: str = "蜀山区", **overrides: Any) -> list[Any]:
    values = {
        "统一社会信用代码": code(n, "340104"),
        "企业名称": f"合肥导入测试{n}号科技有限公司",
        "行政区划": division,
        "开发区": None,
        "行业代码": "3670",
        "细分行业": "汽车零部件及配件制造",
        "企业性质": "民营",
        "优质中小企业情况": "无",
        "规上": "是",
        "从业人员（人）": 80 + n,
        "营业收入（万元）": 3000.5,
        "成立日期": "2015-06-01",
        "地址": "合肥市蜀山区测试路1号",
        "联系人": "王芳",
        "联系电话": "13900001111",
        "电子邮箱": "wangfang@example.cn",
    }
    values.update(overrides)
    return [values[h] for h in HEADERS]


def xlsx(
    rows: Sequence[Sequence[Any]],
    *,
    headers: Sequence[str] = HEADERS,
    title_rows: Sequence[Sequence[Any]] = (),
    merge: Sequence[str] = (),
    sheet_title: str = "企业名录",
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for line in title_rows:
        sheet.append(list(line))
    sheet.append(list(headers))
    for line in rows:
        sheet.append(list(line))
    for ref in merge:
        sheet.merge_cells(ref)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "企业名单.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
