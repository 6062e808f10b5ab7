"""Uploads typed by content (issue 14): zip containers are opened and their parts checked, a
zip bomb is refused from its directory, and file names lose directories and bidi overrides."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from dxpilot.core.uploads import DOCX, XLSX, check_upload, safe_file_name, size_text


def container(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


WORD = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
EXCEL = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile(name, content))
    return caught.value.message_dict["file"][0]


def test_a_real_docx_and_xlsx_are_typed_by_their_parts() -> None:
    assert check_upload(SimpleUploadedFile("方案.docx", container(WORD))) == DOCX
    assert check_upload(SimpleUploadedFile("清单.xlsx", container(EXCEL))) == XLSX


def test_an_exe_inside_a_docx_is_refused() -> None:
    content = container({**WORD, "payload.exe": b"MZ\x90\x00" + b"\0" * 100})
    assert refusal("方案.docx", content) == "文件“方案.docx”内含程序或压缩包“payload.exe”，已拒绝。"


def test_a_program_renamed_inside_a_docx_is_refused_by_its_content() -> None:
    content = container({**WORD, "word/media/image1.png": b"MZ\x90\x00" + b"\0" * 100})
    assert "内含程序或压缩包“word/media/image1.png”" in refusal("方案.docx", content)


def test_a_zip_without_office_parts_is_refused_whatever_its_name() -> None:
    content = container({"payload.txt": b"hello"})
    assert refusal("方案.docx", content).endswith(
        "的内容不是允许的类型（PDF、JPG、PNG、DOCX、XLSX），已拒绝。"
    )


def test_a_macro_workbook_is_refused() -> None:
    content = container({**EXCEL, "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    assert (
        refusal("清单.xlsx", content)
        == "文件“清单.xlsx”含有宏，已拒绝。请另存为不含宏的文档后上传。"
    )


def test_a_docx_named_xlsx_is_refused() -> None:
    assert refusal("清单.xlsx", container(WORD)) == "文件“清单.xlsx”的扩展名与其内容不符，已拒绝。"


@override_settings(UPLOAD_MAX_UNCOMPRESSED_BYTES=1024 * 1024)
def test_a_zip_bomb_is_refused_from_its_directory() -> None:
    content = container({**EXCEL, "xl/sharedStrings.xml": b"\0" * (4 * 1024 * 1024)})
    assert len(content) < 64 * 1024
    assert (
        refusal("清单.xlsx", content) == "文件“清单.xlsx”解压后为 4.1 MB，超过上限 1.0 MB，已拒绝。"
    )


def test_the_default_bound_refuses_a_200_mb_bomb() -> None:
    # 200 MB of zeros compress to about 200 KB; the directory alone condemns it.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/sharedStrings.xml", "w") as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(201):
                part.write(chunk)
    assert "超过上限 200.0 MB" in refusal("清单.xlsx", out.getvalue())


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\报表.pdf", "报表.pdf"),
        ("a\u200bb\u2066c.pdf", "abc.pdf"),
        ("\u202e", "file"),
    ],
)
def test_file_names_are_sanitised(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


def test_check_upload_sanitises_the_name_it_passes_on() -> None:
    upload = SimpleUploadedFile("invoice\u202efdp.pdf", b"%PDF-1.4 test")
    check_upload(upload)
    assert upload.name == "invoicefdp.pdf"


def test_a_name_that_hides_the_type_gets_the_real_extension() -> None:
    upload = SimpleUploadedFile("invoice.exe", b"%PDF-1.4 test")
    assert check_upload(upload) == "application/pdf"
    assert upload.name == "invoice.exe.pdf"


def test_sizes_over_a_limit_never_read_as_the_limit() -> None:
    limit = 10 * 1024 * 1024
    assert (size_text(limit + 1, up=True), size_text(limit, up=False)) == ("10.1 MB", "10.0 MB")
    assert size_text(2048 + 8, up=True) == "2.1 KB"
