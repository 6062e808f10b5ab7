"""Import and export jobs. Small files run inline in the request and large ones as background
tasks, through the same `run_import` / `run_export`; the job row carries progress and the report.

An import writes nothing unless every row passes (all or nothing, DESIGN §6): rows are checked
outside any transaction (so progress is visible to the page polling it), then written in one
transaction that first makes sure nothing changed since the check.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from dxpilot.accounts.scope import scope_of
from dxpilot.audit.models import AuditEntry
from dxpilot.audit.services import record
from dxpilot.exchange.exporters import exporter_class
from dxpilot.exchange.files import check_workbook
from dxpilot.exchange.importers import importer_class
from dxpilot.exchange.models import ExportJob, ImportJob, ReportLine
from dxpilot.exchange.runners import run_export, run_import
from dxpilot.exchange.tasks import export_file, import_file

if TYPE_CHECKING:
    from dxpilot.accounts.models import User
    from dxpilot.programs.models import Program

logger = logging.getLogger(__name__)
Outcome = ReportLine.Outcome


# --- imports ---------------------------------------------------------------------------------
def start_import(
    program: Program, kind: str, upload: UploadedFile[bytes], *, actor: User
) -> ImportJob:
    """Accept an upload (size and type are checked before anything is read) and run it: inline
    when small, otherwise as a background task."""
    importer = importer_class(kind)
    if importer is None:
        raise ValidationError({"kind": [_("不支持的导入类型。")]}, code="kind")
    if scope_of(actor).role not in importer.roles:
        raise PermissionDenied(_("您的角色不能导入{label}。").format(label=_(importer.label)))
    sha256 = check_workbook(upload)
    job = ImportJob.objects.create(
        program=program,
        kind=kind,
        created_by=actor,
        source=upload,
        original_name=(upload.name or "upload.xlsx")[:200],
        size=upload.size or 0,
        sha256=sha256,
    )
    if job.size <= settings.DXPILOT_IMPORT_INLINE_BYTES:
        run_import(job.pk)
    else:
        job.task_id = import_file.enqueue(job.pk).id
        ImportJob.objects.filter(pk=job.pk).update(task_id=job.task_id)
    job.refresh_from_db()
    return job


def start_export(kind: str, *, actor: User, filters: dict[str, Any]) -> ExportJob:
    """An export of what the actor's scope reaches, masked unless their role sees personal data:
    inline when small, otherwise a background task writing a file for a later download."""
    cls = exporter_class(kind)
    if cls is None:
        raise ValidationError({"kind": [_("不支持的导出类型。")]}, code="kind")
    if scope_of(actor).role not in cls.roles:
        raise PermissionDenied(_("您的角色不能导出{label}。").format(label=_(cls.label)))
    clean = {name: str(filters.get(name, ""))[:100] for name in cls.filter_names}
    total = cls().queryset(actor, clean).count()
    job = ExportJob.objects.create(
        kind=kind,
        created_by=actor,
        filters=clean,
        masked=not scope_of(actor).sees_personal_data,
        rows_total=total,
    )
    if total <= settings.DXPILOT_EXPORT_INLINE_ROWS:
        run_export(job.pk)
    else:
        ExportJob.objects.filter(pk=job.pk).update(task_id=export_file.enqueue(job.pk).id)
    job.refresh_from_db()
    return job


def record_download(job: ExportJob, *, actor: User) -> None:
    """Each download of an export file is itself an audited export."""
    record(
        actor=actor,
        action="export.download",
        kind=AuditEntry.Kind.EXPORT,
        target=job,
        changes={"kind": job.kind, "rows": job.rows_done, "masked": job.masked},
    )
