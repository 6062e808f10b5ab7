"""The Word and Excel files of a circular or evaluation, for the pages and the API: an issued
document answers with its stored file, a draft (city admin only) with a preview rendered now.
Every download is audited (`<kind>.download`, an export entry)."""

from __future__ import annotations

from django.core.files.base import ContentFile, File
from django.http import FileResponse, Http404
from django.utils import translation
from django.utils.translation import gettext as _

from dxpilot.accounts.models import User
from dxpilot.reporting import docx, services, xlsx
from dxpilot.reporting.models import Circular, IssuedDocument

FORMATS = {"docx": docx.CONTENT_TYPE, "xlsx": xlsx.CONTENT_TYPE}


def document_file(doc: IssuedDocument, fmt: str, *, actor: User) -> FileResponse:
    if fmt not in FORMATS:
        raise Http404(_("不支持的文件格式。"))
    services.record_download(doc, actor=actor, fmt=fmt)
    name = doc.number or _("草稿")
    handle: File[bytes]
    if doc.is_issued:
        stored = doc.docx if fmt == "docx" else doc.xlsx
        handle = stored.open("rb")
    else:
        circular = isinstance(doc, Circular)
        with translation.override(services.DOCUMENT_LANGUAGE):
            if fmt == "docx":
                content = docx.circular_docx(doc) if circular else docx.evaluation_docx(doc)  # type: ignore[arg-type]
            else:
                content = xlsx.circular_xlsx(doc) if circular else xlsx.evaluation_xlsx(doc)  # type: ignore[arg-type]
        handle = ContentFile(content)
    return FileResponse(
        handle, as_attachment=True, filename=f"{name}.{fmt}", content_type=FORMATS[fmt]
    )
