"""Upload checks: the type is decided by the file's content, not its name; size is limited.

Zip containers (.docx, .xlsx) are opened and their parts checked: the parts say which document
it is (never the file name), executables, macros and nested archives inside are refused, and the
size after decompression is bounded (a zip bomb is refused from its directory, before anything
is decompressed: zipfile never yields more than a member's declared size). File names are
sanitised for display and download: no directories, no control or bidi-override characters (so
"invoice\u202efdp.exe" cannot show as "invoice‮exe.pdf" and download as .exe).
"""

from __future__ import annotations

import math
import re
import unicodedata
import zipfile
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# Magic numbers of the types accepted as evidence.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),  # .docx/.xlsx are zip containers, checked below
)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFICE = {".docx": DOCX, ".xlsx": XLSX}
# The part that makes a container a Word document or a workbook.
MAIN_PART = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}
ALLOWED_HINT = "PDF、JPG、PNG、DOCX、XLSX"
# The extensions a type may carry; a name with any other gets the first one appended, so the
# file downloads as what it is ("invoicefdp.exe" holding a PDF is offered as "….exe.pdf").
SUFFIXES = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
}
DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 5000
# Parts no document needs: programs, scripts, macros and archives inside the archive.
FORBIDDEN_SUFFIXES = frozenset(
    [
        ".exe",
        ".dll",
        ".com",
        ".scr",
        ".bat",
        ".cmd",
        ".msi",
        ".ps1",
        ".vbs",
        ".vbe",
        ".js",
        ".jse",
        ".wsf",
        ".hta",
        ".jar",
        ".sh",
        ".elf",
        ".zip",
        ".rar",
        ".7z",
        ".cab",
        ".lnk",
    ]
)
# Windows and Linux programs, and RAR / 7-Zip archives, whatever the part is called. (A zip
# inside is allowed by content: Word embeds a chart's workbook as a .xlsx part.)
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"Rar!", b"7z\xbc\xaf")
# Characters never kept in a displayed or downloaded file name (paths, shells, Windows).
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def size_text(size: int, *, up: bool) -> str:
    """A byte count in KB or MB with one decimal, rounded up (a file's size) or down (a limit),
    so a file over a limit never reads as the same figure ("10.0 MB 超过上限 10.0 MB")."""
    unit, name = (1048576, "MB") if size >= 1048576 else (1024, "KB")
    tenths = size * 10 / unit
    value = (math.ceil(tenths) if up else math.floor(tenths)) / 10
    return f"{value:.1f} {name}"


def safe_file_name(name: str, *, limit: int = 200) -> str:
    """The name shown and offered on download: no directories, no control, format (zero-width,
    bidi override) or reserved characters, at most `limit` characters with the extension kept;
    never empty."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/")
    name = PurePosixPath(name).name
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cf", "Cc"))
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name:
        return "file"
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: limit - len(ext) - 1] + "." + ext
        else:
            name = name[:limit]
    return name


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def container_type(file: IO[bytes], name: str, *, max_uncompressed: int) -> str:
    """The Office type of a zip container judged by its parts, or ValidationError (Chinese)."""
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > MAX_PARTS:
                raise _refuse(_("文件“{name}”包含的部件过多，已拒绝。").format(name=name))
            total = sum(member.file_size for member in members)
            if total > max_uncompressed:
                raise _refuse(
                    _("文件“{name}”解压后为 {size}，超过上限 {limit}，已拒绝。").format(
                        name=name,
                        size=size_text(total, up=True),
                        limit=size_text(max_uncompressed, up=False),
                    )
                )
            found: str | None = None
            for member in members:
                part = member.filename
                lowered = part.lower()
                suffix = PurePosixPath(lowered).suffix
                if part.startswith("/") or ".." in PurePosixPath(part).parts:
                    raise _refuse(
                        _("文件“{name}”含有路径异常的部件“{part}”，已拒绝。").format(
                            name=name, part=part
                        )
                    )
                if member.flag_bits & 0x1:
                    raise _refuse(_("文件“{name}”已加密，无法检查，已拒绝。").format(name=name))
                if lowered.endswith("vbaproject.bin"):
                    raise _refuse(
                        _("文件“{name}”含有宏，已拒绝。请另存为不含宏的文档后上传。").format(
                            name=name
                        )
                    )
                if suffix in FORBIDDEN_SUFFIXES or _starts_like_a_program(archive, member):
                    raise _refuse(
                        _("文件“{name}”内含程序或压缩包“{part}”，已拒绝。").format(
                            name=name, part=part
                        )
                    )
                found = found or MAIN_PART.get(part)
            if "[Content_Types].xml" not in {member.filename for member in members}:
                found = None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        found = None
    finally:
        file.seek(0)
    if found is None:
        raise _refuse(
            _("文件“{name}”的内容不是允许的类型（{allowed}），已拒绝。").format(
                name=name, allowed=ALLOWED_HINT
            )
        )
    return found


def _starts_like_a_program(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    if member.is_dir() or member.file_size < 2:
        return False
    with archive.open(member) as part:
        head = part.read(8)
    return head.startswith(EXECUTABLE_MAGIC)


def check_upload(upload: UploadedFile[bytes]) -> str:
    """The content type of an acceptable upload, or ValidationError naming the problem. The
    upload's name is sanitised in place (safe_file_name) for every caller that stores it."""
    size = upload.size or 0
    limit = settings.UPLOAD_MAX_BYTES
    upload.name = safe_file_name(upload.name or "")
    if size == 0:
        raise ValidationError({"file": [_("文件是空的。")]})
    if size > limit:
        raise ValidationError(
            {
                "file": [
                    _("文件大小 {size} 超过上限 {limit}。").format(
                        size=size_text(size, up=True), limit=size_text(limit, up=False)
                    )
                ]
            }
        )
    found = _content_type(upload)
    suffixes = SUFFIXES[found]
    if not (upload.name or "").lower().endswith(suffixes):
        upload.name = safe_file_name(f"{upload.name}{suffixes[0]}")
    return found


def _content_type(upload: UploadedFile[bytes]) -> str:
    head = upload.read(16)
    upload.seek(0)
    name = upload.name or ""
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            if content_type != "application/zip":
                return content_type
            found = container_type(
                upload,
                name,
                max_uncompressed=getattr(
                    settings, "UPLOAD_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES
                ),
            )
            suffix = name[name.rfind(".") :].lower() if "." in name else ""
            if suffix in OFFICE and OFFICE[suffix] != found:
                raise _refuse(_("文件“{name}”的扩展名与其内容不符，已拒绝。").format(name=name))
            return found
    raise ValidationError(
        {
            "file": [
                _("文件“{name}”的内容不是允许的类型（{allowed}），已拒绝。").format(
                    name=name, allowed=ALLOWED_HINT
                )
            ]
        }
    )
