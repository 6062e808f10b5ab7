"""Upload checks for imports, in order of cost: size (before reading anything), the file's own
signature (not its name), then whether it is a workbook archive. Whether openpyxl can read it is
decided when the job opens it (sheet.SheetReader), with the same refusal."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from dxpilot.core.uploads import size_text

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and also password-protected .xlsx
# A 10 MB workbook of 20 000 rows unpacks to well under this; a zip bomb does not.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024


def check_workbook(upload: UploadedFile[bytes]) -> str:
    """The upload's SHA-256 if it is an .xlsx workbook we may read; ValidationError otherwise."""
    name = upload.name or ""
    size = upload.size or 0
    limit = settings.DXPILOT_IMPORT_MAX_BYTES
    if size == 0:
        raise ValidationError({"file": [_("文件是空的。")]}, code="empty")
    if size > limit:
        message = _("文件大小 {size} 超过导入上限 {limit}，请拆分为多个文件分批导入。")
        raise ValidationError(
            {
                "file": [
                    message.format(size=size_text(size, up=True), limit=size_text(limit, up=False))
                ]
            },
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(OLE):
        message = _(
            "“{name}”是旧版 Excel（.xls）文件或加密的工作簿，请在 Excel 中“另存为”不加密的 .xlsx 文件后再上传。"
        )
        raise ValidationError({"file": [message.format(name=name)]}, code="xls")
    if not head.startswith(ZIP):
        message = _("“{name}”不是 Excel（.xlsx）文件，已拒绝。请使用下载的模板填写后上传。")
        raise ValidationError({"file": [message.format(name=name)]}, code="not_excel")
    total = _uncompressed_size(upload)
    ceiling = getattr(settings, "DXPILOT_IMPORT_MAX_UNCOMPRESSED_BYTES", MAX_UNCOMPRESSED_BYTES)
    if total is not None and total > ceiling:
        message = _(
            "“{name}”解压后为 {size}，超过导入上限 {limit}，已拒绝。请拆分为多个文件分批导入。"
        )
        raise ValidationError(
            {
                "file": [
                    message.format(
                        name=name,
                        size=size_text(total, up=True),
                        limit=size_text(ceiling, up=False),
                    )
                ]
            },
            code="too_large",
        )
    if not _is_workbook_archive(upload):
        message = _(
            "“{name}”无法作为 Excel 工作簿打开（文件可能已损坏，或是其他类型的压缩文件），已拒绝。"
        )
        raise ValidationError({"file": [message.format(name=name)]}, code="unreadable")
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _uncompressed_size(upload: UploadedFile[bytes]) -> int | None:
    """The archive's size after decompression, from its directory (zipfile never yields more
    than a member's declared size, so a zip bomb is bounded by this figure); None if unreadable."""
    try:
        with zipfile.ZipFile(upload) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def _is_workbook_archive(upload: UploadedFile[bytes]) -> bool:
    """A readable zip holding a workbook part. openpyxl itself opens the file in the job (a
    file it cannot read is refused there with the same message); loading it here as well would
    parse the shared-string table twice."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(n.startswith("xl/workbook") for n in names)


@contextmanager
def local_path(field: FieldFile) -> Iterator[str]:
    """A path on this machine for a stored file (a temporary copy when storage is remote)."""
    try:
        path = field.path
    except NotImplementedError:  # remote storage (S3/MinIO) has no local path
        path = ""
    if path:
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as copy, field.open("rb") as source:
        shutil.copyfileobj(source, copy)
        copy.flush()
        yield copy.name
