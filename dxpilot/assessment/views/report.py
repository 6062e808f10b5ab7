"""The diagnosis report of one assessment, its Word export, and the city-level level overview."""

from __future__ import annotations

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dxpilot.assessment import services
from dxpilot.assessment.docx import CONTENT_TYPE, render_docx
from dxpilot.assessment.report import build_report, draft_destination, may_see_levels
from dxpilot.assessment.report import level_overview as overview
from dxpilot.assessment.selectors import get_assessment_for_user
from dxpilot.core.http import acting_user
from dxpilot.programs.selectors import current_program


@login_required
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    if assessment.is_editable:
        destination = draft_destination(request.user, assessment)
        if destination is not None:
            return redirect(destination, pk=assessment.pk)
        return render(
            request, "assessment/report.html", {"assessment": assessment, "pending": True}
        )
    context = {"assessment": assessment, "report": build_report(assessment, user=request.user)}
    return render(request, "assessment/report.html", context)


@login_required
@require_GET
def report_docx(request: HttpRequest, pk: int) -> HttpResponseBase:
    assessment = get_assessment_for_user(request.user, pk)
    if assessment.is_editable:
        return redirect("assessment:report", pk=assessment.pk)
    data = build_report(assessment, user=request.user)
    content = render_docx(data)
    services.record_report_export(assessment, actor=acting_user(request))
    return FileResponse(
        BytesIO(content), as_attachment=True, filename=data.filename, content_type=CONTENT_TYPE
    )


@login_required
@require_GET
def level_overview(request: HttpRequest) -> HttpResponse:
    if not may_see_levels(request.user):
        raise PermissionDenied(_("只有市级管理员和县区工作人员可以查看等级分布。"))
    program = current_program()
    context = {"overview": overview(request.user, program) if program else None}
    return render(request, "assessment/levels.html", context)
