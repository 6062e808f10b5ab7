"""Import and export pages. Thin: scope -> form -> service -> response."""

from __future__ import annotations

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dxpilot.core.forms import attach_errors
from dxpilot.exchange import selectors, services
from dxpilot.exchange.exporters import exporter_class
from dxpilot.exchange.forms import ImportForm
from dxpilot.exchange.importers import importer_class
from dxpilot.exchange.models import ExportJob
from dxpilot.exchange.templates import build_template
from dxpilot.programs.selectors import current_program

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_exchange(request: HttpRequest) -> None:
    if not selectors.importers_for(request.user) and not selectors.exporters_for(request.user):
        raise PermissionDenied(_("您的角色不能使用数据导入导出。"))


def _home(request: HttpRequest, form: ImportForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "importers": selectors.importers_for(request.user),
        "exporters": selectors.exporters_for(request.user),
        "import_jobs": selectors.visible_import_jobs(request.user)[:20],
        "export_jobs": selectors.recent_export_jobs(request.user),
    }
    return render(request, "exchange/exchange_home.html", context, status=status)


@login_required
@require_GET
def exchange_home(request: HttpRequest) -> HttpResponse:
    _require_exchange(request)
    return _home(request, ImportForm(importers=selectors.importers_for(request.user)))


@login_required
@require_POST
def start_import(request: HttpRequest) -> HttpResponse:
    importers = selectors.importers_for(request.user)
    program = current_program()
    if not importers or program is None:
        raise PermissionDenied(_("只有市级管理员和县区工作人员可以导入数据。"))
    form = ImportForm(request.POST, request.FILES, importers=importers)
    if form.is_valid():
        try:
            job = services.start_import(
                program,
                form.cleaned_data["kind"],
                form.cleaned_data["file"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect("exchange:import-job", pk=job.pk)
    return _home(request, form)


@login_required
@require_GET
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_import_job_for_user(request.user, pk)
    view = request.GET.get("show") or selectors.default_report_view(job)
    lines = Paginator(selectors.report_lines(job, view), 100).get_page(request.GET.get("page"))
    importer = importer_class(job.kind)
    context = {
        "job": job,
        "lines": lines,
        "show": view,
        "query": f"show={view}&",
        "label": importer.label if importer else job.kind,
    }
    return render(request, "exchange/import_job.html", context)


@login_required
@require_GET
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by HTMX while the job runs; once finished the page reloads to show the report."""
    job = selectors.get_import_job_for_user(request.user, pk)
    response = render(request, "exchange/partials/import_progress.html", {"job": job})
    if job.finished:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def download_annotated(request: HttpRequest, pk: int) -> FileResponse:
    job = selectors.get_import_job_for_user(request.user, pk)
    if not job.annotated:
        raise Http404(_("该导入任务没有错误标注文件。"))
    name = _("错误标注-{name}").format(name=job.original_name)
    return FileResponse(
        job.annotated.open("rb"), as_attachment=True, filename=name, content_type=XLSX
    )


@login_required
@require_GET
def download_template(request: HttpRequest, kind: str) -> FileResponse:
    importer = next((cls for cls in selectors.importers_for(request.user) if cls.key == kind), None)
    program = current_program()
    if importer is None or program is None:
        raise Http404(_("没有这种导入模板。"))
    content = build_template(importer(program, request.user))  # type: ignore[arg-type]
    name = _("{label}导入模板.xlsx").format(label=_(importer.label))
    return FileResponse(BytesIO(content), as_attachment=True, filename=name, content_type=XLSX)


@login_required
@require_POST
def start_export(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in {cls.key for cls in selectors.exporters_for(request.user)}:
        raise PermissionDenied(_("您的角色不能导出该列表。"))
    job = services.start_export(kind, actor=request.user, filters=request.POST.dict())  # type: ignore[arg-type]
    name = "exchange:download-export" if job.status == "done" else "exchange:export-job"
    if request.headers.get("HX-Request"):
        # The list page's button: let the browser navigate (a download keeps the page open).
        return HttpResponse(status=204, headers={"HX-Redirect": reverse(name, args=[job.pk])})
    return redirect(name, pk=job.pk)


@login_required
@require_GET
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_export_job_for_user(request.user, pk)
    template = (
        "exchange/partials/export_progress.html"
        if request.headers.get("HX-Request")
        else "exchange/export_job.html"
    )
    return render(request, template, {"job": job})


@login_required
@require_GET
def download_export(request: HttpRequest, pk: int) -> FileResponse:
    job: ExportJob = selectors.get_export_job_for_user(request.user, pk)
    if not job.file:
        raise Http404(_("导出文件尚未生成。"))
    services.record_download(job, actor=request.user)  # type: ignore[arg-type]
    stamp = timezone.localtime(job.finished_at).strftime("%Y%m%d")
    exporter = exporter_class(job.kind)
    name = _("{label}-{date}.xlsx").format(
        label=_(exporter.label) if exporter else job.kind, date=stamp
    )
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=name, content_type=XLSX)
