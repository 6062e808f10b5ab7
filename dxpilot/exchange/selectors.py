"""Reads for the import/export pages, and who may see which job."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.exchange.exporters import EXPORTERS, Exporter
from dxpilot.exchange.importers import IMPORTERS, Importer
from dxpilot.exchange.models import ExportJob, ImportJob, ReportLine


def importers_for(user: Any) -> list[type[Importer]]:
    role = scope_of(user).role
    return [cls for cls in IMPORTERS.values() if role in cls.roles]


def exporters_for(user: Any) -> list[type[Exporter]]:
    role = scope_of(user).role
    return [cls for cls in EXPORTERS.values() if role in cls.roles]


def visible_import_jobs(user: Any) -> QuerySet[ImportJob]:
    """Uploaders see their own jobs; the city admin oversees every district's uploads."""
    scope = scope_of(user)
    jobs = ImportJob.objects.select_related("created_by")
    if scope.role == Role.CITY_ADMIN:
        return jobs
    if scope.role is None:
        return jobs.none()
    return jobs.filter(created_by_id=scope.user_id)


def get_import_job_for_user(user: Any, pk: int) -> ImportJob:
    try:
        return visible_import_jobs(user).get(pk=pk)
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该导入任务，或您无权查看。")) from None


def visible_export_jobs(user: Any) -> QuerySet[ExportJob]:
    """An export file holds what its requester's scope and role reached: only they fetch it."""
    scope = scope_of(user)
    if scope.role is None:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(created_by_id=scope.user_id)


def recent_export_jobs(user: Any, limit: int = 10) -> list[ExportJob]:
    """The user's latest exports, each with the label of what was exported."""
    jobs = list(visible_export_jobs(user)[:limit])
    for job in jobs:
        exporter = EXPORTERS.get(job.kind)
        job.label = _(exporter.label) if exporter else job.kind  # type: ignore[attr-defined]
    return jobs


def get_export_job_for_user(user: Any, pk: int) -> ExportJob:
    try:
        return visible_export_jobs(user).get(pk=pk)
    except (ExportJob.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该导出任务，或您无权查看。")) from None


REPORT_VIEWS = {
    "problems": (ReportLine.Outcome.ERROR, ReportLine.Outcome.SKIPPED, ReportLine.Outcome.NOTICE),
    "results": (
        ReportLine.Outcome.CREATED,
        ReportLine.Outcome.UPDATED,
        ReportLine.Outcome.UNCHANGED,
    ),
}


def report_lines(job: ImportJob, view: str) -> QuerySet[ReportLine]:
    outcomes = REPORT_VIEWS.get(view, REPORT_VIEWS["problems"])
    return job.lines.filter(outcome__in=outcomes).order_by("row", "pk")


def default_report_view(job: ImportJob) -> str:
    """Problems first (errors, skipped rows, ignored columns) whenever there are any."""
    if job.status != "done" or job.lines.filter(outcome__in=REPORT_VIEWS["problems"]).exists():
        return "problems"
    return "results"
