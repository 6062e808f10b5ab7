"""The enterprise's self-assessment: a friendly form with autosave and a truthfulness pledge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dxpilot.accounts.scope import scope_of
from dxpilot.assessment import services
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.selectors import get_assessment_for_user
from dxpilot.assessment.sheetview import parse_sheet_post, sheet_view
from dxpilot.core.http import acting_user


@login_required
@require_POST
def start_self(request: HttpRequest) -> HttpResponse:
    enterprise_id = scope_of(request.user).enterprise_id
    if enterprise_id is None:
        raise PermissionDenied(_("只有企业用户可以填写自评测。"))
    assessment = services.start_self_assessment(enterprise_id, actor=acting_user(request))
    return redirect("assessment:fill", pk=assessment.pk)


def _fill_page(
    request: HttpRequest, assessment: Assessment, errors: dict[str, list[str]] | None = None
) -> HttpResponse:
    context = {"assessment": assessment, **sheet_view(assessment, errors), "errors": errors or {}}
    return render(request, "assessment/fill.html", context)


@login_required
@require_GET
def fill(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    if assessment.kind != Assessment.Kind.SELF or not assessment.is_editable:
        return redirect("assessment:report", pk=assessment.pk)
    if scope_of(request.user).enterprise_id != assessment.enterprise_id:
        raise PermissionDenied(_("只有企业本身可以填写自评测。"))
    return _fill_page(request, assessment)


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX: saves whatever is filled in; invalid answers are reported, valid ones kept."""
    assessment = get_assessment_for_user(request.user, pk)
    answers, scenes, extra = parse_sheet_post(assessment.edition, request.POST)
    context: dict[str, object] = {"assessment": assessment}
    try:
        assessment = services.save_draft(
            assessment.pk, actor=acting_user(request), answers=answers, scenes=scenes, extra=extra
        )
        context.update(
            saved_at=timezone.localtime(), answered=len(answers) + len(scenes), errors={}
        )
    except ValidationError as exc:
        context.update(
            errors=exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        )
    return render(request, "assessment/partials/autosave_status.html", context)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    answers, scenes, extra = parse_sheet_post(assessment.edition, request.POST)
    try:
        services.save_draft(
            assessment.pk, actor=acting_user(request), answers=answers, scenes=scenes, extra=extra
        )
        services.submit_self_assessment(
            assessment.pk, actor=acting_user(request), pledge=request.POST.get("pledge") == "on"
        )
    except ValidationError as exc:
        assessment.refresh_from_db()
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        messages.error(
            request,
            _("还有 {n} 处需要补充或修改，请查看标红的题目。").format(
                n=sum(len(v) for v in errors.values())
            ),
        )
        return _fill_page(request, assessment, errors)
    messages.success(request, _("自评测已提交。"))
    return redirect("assessment:report", pk=assessment.pk)
