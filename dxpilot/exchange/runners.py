"""Running import and export jobs: what the background worker (exchange.tasks) does with a job
that a service started. Below the tasks, which are below the services."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable
from io import BytesIO
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.audit.models import AuditEntry
from dxpilot.audit.services import record
from dxpilot.exchange.annotate import annotate
from dxpilot.exchange.exporters import exporter_class
from dxpilot.exchange.exporters.base import write_xlsx
from dxpilot.exchange.files import local_path
from dxpilot.exchange.importers import importer_class
from dxpilot.exchange.importers.base import CheckResult, Importer, StaleDataError
from dxpilot.exchange.models import ExportJob, ImportJob, JobStatus, Phase, ReportLine
from dxpilot.exchange.sheet import FileRefusedError

if TYPE_CHECKING:
    pass

logger = logging.getLogger(__name__)
Outcome = ReportLine.Outcome


def run_import(job_id: int) -> None:
    """Check every row; write all of them or none. Safe to call twice (a claimed job is skipped)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, phase=Phase.READING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("program", "created_by").get(pk=job_id)
    try:
        _run_import(job)
    except Exception:
        logger.exception("Import job %s failed", job_id)
        ReportLine.objects.create(
            job=job,
            outcome=Outcome.ERROR,
            message=_("处理文件时发生内部错误，未导入任何数据。请联系管理员。"),
        )
        _finish(job, JobStatus.FAILED, error_count=1)


def _run_import(job: ImportJob) -> None:
    cls = importer_class(job.kind)
    assert cls is not None  # noqa: S101 - start_import checked the kind
    importer = cls(job.program, job.created_by)

    def progress(phase: str, done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(phase=phase, rows_done=done, rows_total=total)

    try:
        with local_path(job.source) as path:
            result = importer.check_file(
                path, max_rows=settings.DXPILOT_IMPORT_MAX_ROWS, on_progress=progress
            )
    except FileRefusedError as problem:
        _add_lines(ReportLine(job=job, outcome=Outcome.ERROR, message=m) for m in problem.messages)
        _finish(job, JobStatus.REJECTED, error_count=len(problem.messages))
        return
    job.rows_total = job.rows_done = len(result.rows)
    lines = [*_skipped_lines(job, result.skipped), *_notice_lines(job, result)]
    if result.error_count:
        progress(Phase.ANNOTATING, len(result.rows), len(result.rows))
        _reject(job, importer, result, lines)
        return
    progress(Phase.WRITING, len(result.rows), len(result.rows))
    try:
        with transaction.atomic():
            outcomes = importer.write(result.rows)
            counts = {
                o: sum(1 for _r, outcome, _s in outcomes if outcome == o)
                for o in ("created", "updated", "unchanged")
            }
            _add_lines(
                [
                    *lines,
                    *(
                        ReportLine(job=job, outcome=o, row=r, message=s[:500])
                        for r, o, s in outcomes
                    ),
                ]
            )
            record(
                actor=job.created_by,
                action=f"{job.kind}.import",
                target=job,
                changes={"file": job.original_name, "sha256": job.sha256, **counts},
            )
            _finish(
                job,
                JobStatus.DONE,
                created_count=counts["created"],
                updated_count=counts["updated"],
                unchanged_count=counts["unchanged"],
                skipped_count=len(result.skipped),
            )
    except StaleDataError:
        message = _(
            "校验完成后，文件涉及的数据被其他人同时登记或修改了，为避免覆盖，本次未导入任何数据。请重新上传。"
        )
        _add_lines([ReportLine(job=job, outcome=Outcome.ERROR, message=message)])
        _finish(job, JobStatus.REJECTED, error_count=1)


def _reject(
    job: ImportJob, importer: Importer, result: CheckResult, lines: list[ReportLine]
) -> None:
    for row in result.rows:
        for key, message in row.errors:
            column = importer.by_key[key]
            lines.append(
                ReportLine(
                    job=job,
                    outcome=Outcome.ERROR,
                    row=row.number,
                    column=column.label[:60],
                    value=importer.cell_text(row, key),
                    message=message,
                )
            )
    _add_lines(lines)
    buffer = BytesIO()
    with local_path(job.source) as path:
        annotate(path, result.layout, result.rows, importer.by_key, buffer)
    job.annotated.save(f"import-{job.pk}-errors.xlsx", ContentFile(buffer.getvalue()), save=False)
    _finish(
        job, JobStatus.REJECTED, error_count=result.error_count, skipped_count=len(result.skipped)
    )


def _skipped_lines(job: ImportJob, skipped: list[int]) -> Iterable[ReportLine]:
    """Consecutive empty rows become one line ("第 5–9 行是空行")."""
    start = None
    for n, number in enumerate(skipped):
        start = number if start is None else start
        if n + 1 == len(skipped) or skipped[n + 1] != number + 1:
            if start == number:
                message = _("第 {row} 行是空行，已跳过。").format(row=number)
            else:
                message = _("第 {first}–{last} 行是空行，已跳过。").format(first=start, last=number)
            yield ReportLine(job=job, outcome=Outcome.SKIPPED, row=start, message=message)
            start = None


def _notice_lines(job: ImportJob, result: CheckResult) -> Iterable[ReportLine]:
    if result.layout.ignored:
        message = _("已忽略不属于模板的列：{columns}。").format(
            columns="、".join(result.layout.ignored)
        )
        yield ReportLine(job=job, outcome=Outcome.NOTICE, message=message)


def _add_lines(lines: Iterable[ReportLine]) -> None:
    ReportLine.objects.bulk_create(lines, batch_size=1000)


def _finish(job: ImportJob, status: str, **counts: int) -> None:
    job.status, job.phase, job.finished_at = status, "", timezone.now()
    for name, value in counts.items():
        setattr(job, name, value)
    fields = ["status", "phase", "finished_at", "rows_total", "rows_done", "annotated", *counts]
    job.save(update_fields=fields)


# --- exports ---------------------------------------------------------------------------------
def run_export(job_id: int) -> None:
    claimed = ExportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        _run_export(job)
    except Exception:
        logger.exception("Export job %s failed", job_id)
        job.status, job.finished_at = JobStatus.FAILED, timezone.now()
        job.save(update_fields=["status", "finished_at"])


def _run_export(job: ExportJob) -> None:
    cls = exporter_class(job.kind)
    assert cls is not None  # noqa: S101 - start_export checked the kind
    exporter = cls()
    queryset = exporter.queryset(job.created_by, job.filters)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=done)

    # XlsxWriter needs a real file; the finished file then goes to the configured storage.
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        rows = exporter.rows(queryset, masked=job.masked)
        count = write_xlsx(tmp.name, _(cls.label), exporter.columns, rows, on_progress=progress)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        job.file.save(f"{job.kind}-{stamp}-{job.pk}.xlsx", File(tmp), save=False)
    with transaction.atomic():
        record(
            actor=job.created_by,
            action=f"{job.kind}.export",
            kind=AuditEntry.Kind.EXPORT,
            target=job,
            changes={"rows": count, "filters": job.filters, "masked": job.masked},
        )
        job.status, job.finished_at = JobStatus.DONE, timezone.now()
        job.rows_total = job.rows_done = count
        job.save(update_fields=["status", "finished_at", "rows_total", "rows_done", "file"])
