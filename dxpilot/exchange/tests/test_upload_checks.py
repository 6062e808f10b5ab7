"""Files refused before any row is read: too large, not Excel, unreadable. Nothing is stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dxpilot.enterprises.models import Enterprise
from dxpilot.exchange.models import ImportJob
from dxpilot.exchange.services import start_import
from dxpilot.exchange.tests.workbooks import row, upload, xlsx
from dxpilot.testing import World

pytestmark = pytest.mark.django_db


class HugeUpload(SimpleUploadedFile):
    """Claims 50 MB and fails if anyone reads it: the size must be checked first."""

    def __init__(self) -> None:
        super().__init__("大文件.xlsx", b"PK\x03\x04")
        self.size = 50 * 1024 * 1024

    def read(self, *args: object) -> bytes:
        raise AssertionError("the file was read before its size was checked")


def refusal(world: World, file: SimpleUploadedFile) -> list[str]:
    before = Enterprise.objects.count()
    with pytest.raises(ValidationError) as caught:
        start_import(world.program, "enterprises", file, actor=world.officer_a)
    assert Enterprise.objects.count() == before
    assert not ImportJob.objects.exists()
    return caught.value.message_dict["file"]


def test_a_50_mb_file_is_refused_by_size_before_reading(world: World) -> None:
    assert refusal(world, HugeUpload()) == [
        "文件大小 50.0 MB 超过导入上限 10.0 MB，请拆分为多个文件分批导入。"
    ]


def test_a_csv_renamed_to_xlsx_is_not_excel(world: World) -> None:
    file = upload("统一社会信用代码,企业名称\n91340104MA2TEQ001X,甲\n".encode(), name="名单.xlsx")
    assert refusal(world, file) == [
        "“名单.xlsx”不是 Excel（.xlsx）文件，已拒绝。请使用下载的模板填写后上传。"
    ]


def test_an_old_xls_file_is_told_to_save_as_xlsx(world: World) -> None:
    file = upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, name="名单.xls")
    assert "旧版 Excel（.xls）" in refusal(world, file)[0]


def test_a_zip_that_is_not_a_workbook_is_refused(world: World) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert refusal(world, upload(buffer.getvalue()))[0] == (
        "“企业名单.xlsx”无法作为 Excel 工作簿打开（文件可能已损坏，或是其他类型的压缩文件），已拒绝。"
    )


def test_a_truncated_workbook_is_refused(world: World) -> None:
    content = xlsx([row(1)])
    assert "无法作为 Excel 工作簿打开" in refusal(world, upload(content[: len(content) // 2]))[0]


def test_an_empty_file_is_refused(world: World) -> None:
    assert refusal(world, upload(b"")) == ["文件是空的。"]


def test_a_workbook_openpyxl_cannot_read_is_refused_by_the_job(world: World) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not xml at all")
    before = Enterprise.objects.count()
    job = start_import(
        world.program, "enterprises", upload(buffer.getvalue()), actor=world.officer_a
    )
    assert job.status == "rejected"
    assert list(job.lines.values_list("message", flat=True)) == [
        "文件无法作为 Excel 工作簿读取（可能已损坏），未导入任何数据。"
    ]
    assert Enterprise.objects.count() == before
