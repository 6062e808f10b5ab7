"""Upload checks: the type is decided by the file's content, not its name; size is limited."""

from __future__ import annotations

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
OFFICE = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip
ALLOWED_HINT = "PDF、JPG、PNG、DOCX、XLSX"


def check_upload(upload: UploadedFile[bytes]) -> str:
    """The content type of an acceptable upload, or ValidationError naming the problem."""
    size = upload.size or 0
    limit = settings.UPLOAD_MAX_BYTES
    if size == 0:
        raise ValidationError({"file": [_("文件是空的。")]})
    if size > limit:
        raise ValidationError(
            {
                "file": [
                    _("文件大小 {size} MB 超过上限 {limit} MB。").format(
                        size=round(size / 1048576, 1), limit=limit // 1048576
                    )
                ]
            }
        )
    head = upload.read(16)
    upload.seek(0)
    name = (upload.name or "").lower()
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            if content_type == "application/zip":
                suffix = name[name.rfind(".") :] if "." in name else ""
                if suffix in OFFICE:
                    return OFFICE[suffix]
                break
            return content_type
    raise ValidationError(
        {
            "file": [
                _("文件“{name}”的内容不是允许的类型（{allowed}），已拒绝。").format(
                    name=upload.name, allowed=ALLOWED_HINT
                )
            ]
        }
    )
