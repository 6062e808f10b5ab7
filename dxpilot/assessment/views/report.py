"""The diagnosis report of one assessment, its Word export, and the city-level level overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from dxpilot.assessment.selectors import get_assessment_for_user


@login_required
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    return HttpResponse(str(assessment.pk))


@login_required
@require_GET
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    return HttpResponse(str(assessment.pk))


@login_required
@require_GET
def level_overview(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
