"""The evidence archive: uploads (HTMX), submission, audited downloads.

A huge upload is refused before its body is read: the declared Content-Length is checked first,
and an upload handler stops reading as soon as the body passes the limit (for clients that send
no length). Both need the view to run before CsrfViewMiddleware reads request.POST, hence the
csrf_exempt outer view and the csrf_protect inner one (Django's documented pattern for
changing upload handlers)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor
from dxpilot.core.http import is_htmx
from dxpilot.projects import selectors as pages
from dxpilot.projects import storage
from dxpilot.projects.forms import EvidenceForm
from dxpilot.projects.models import TransformationProject
from dxpilot.projects.selectors import get_project_for_user
from dxpilot.projects.services import evidence as evidence_services
from dxpilot.projects.services.project import available_actions
from dxpilot.projects.views.projects import render_page

# Room for the other form fields and the multipart boundaries around the file.
MULTIPART_OVERHEAD = 64 * 1024


def _limit() -> int:
    return int(settings.UPLOAD_MAX_BYTES)


def _too_large_message(size: int) -> str:
    return _("上传内容 {size} MB 超过单个文件上限 {limit} MB，已在读取前拒绝。").format(
        size=round(size / 1048576, 1), limit=_limit() // 1048576
    )


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading the request body once it passes the limit (connection reset, nothing kept)."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > _limit():
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def archive_context(
    request: HttpRequest, project: TransformationProject, form: EvidenceForm
) -> dict[str, Any]:
    return {
        "project": project,
        "archive": pages.project_archive(project),
        "checklists": pages.checklist_rows(project),
        "evidence_form": form,
        "actions": available_actions(request.user, project),
    }


def _refused(field: str | None, messages: Any) -> EvidenceForm:
    """An empty upload form carrying a refusal (add_error needs a cleaned form)."""
    form = EvidenceForm()
    form.full_clean()
    form.cleaned_data = {}
    form.add_error(field, messages)
    return form


def _archive_response(
    request: HttpRequest, project: TransformationProject, form: EvidenceForm, status: int = 200
) -> HttpResponse:
    if is_htmx(request):
        response = render(
            request,
            "projects/partials/evidence_archive.html",
            archive_context(request, project, form),
        )
    else:
        response = render_page(request, project, evidence_form=form)
    response.status_code = status
    return response


@csrf_exempt
@login_required
@require_POST
def upload_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > _limit() + MULTIPART_OVERHEAD:
        project = get_project_for_user(request.user, pk)
        form = _refused("file", _too_large_message(declared))
        # htmx swaps only 2xx responses; a plain form post learns the HTTP meaning (413).
        return _archive_response(request, project, form, status=200 if is_htmx(request) else 413)
    handler = LimitedUploadHandler(request)
    request.upload_handlers.insert(0, handler)
    return _upload(request, pk, handler)


@csrf_protect
def _upload(request: HttpRequest, pk: int, handler: LimitedUploadHandler) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if handler.exceeded:
        return _archive_response(
            request, project, _refused("file", _too_large_message(handler.received))
        )
    if form.is_valid():
        data = form.cleaned_data
        try:
            evidence_services.upload_evidence(
                project.pk, actor=actor(request), kind=data["kind"], upload=data["file"],
                note=data["note"], supersedes_id=data["supersedes"],
            )  # fmt: skip
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            form = EvidenceForm()
            if not is_htmx(request):
                messages.success(request, _("材料已上传为草稿，确认无误后请提交。"))
                return redirect("projects:detail", pk=project.pk)
    return _archive_response(request, project, form)


@login_required
@require_POST
def submit_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = pages.get_evidence_for_user(request.user, pk)
    project = get_project_for_user(request.user, evidence.project_id)
    form = EvidenceForm()
    try:
        evidence_services.submit_evidence(evidence.pk, actor=actor(request))
    except ValidationError as exc:
        form = _refused(None, exc.messages)
    else:
        if not is_htmx(request):
            messages.success(request, _("材料已提交，提交后不可修改。"))
            return redirect("projects:detail", pk=project.pk)
    return _archive_response(request, project, form)


@login_required
@require_GET
def download_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """A sensitive read: scoped like the project, audited on every download."""
    evidence = pages.get_evidence_for_user(request.user, pk)
    evidence_services.record_evidence_download(evidence, actor=actor(request))
    response = FileResponse(
        storage.open_blob(evidence.storage_name),
        as_attachment=True,
        filename=evidence.original_name,
    )
    response["Content-Type"] = evidence.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
